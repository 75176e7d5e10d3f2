"""Playbook lookups shared by the skills: the playbook for a journey stage, its timed steps, and the
mitigation that best fits a risk."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.copilot import Copilot
from bot.core.knowledge.documents import Chunk
from bot.core.skills.common import Citation
from bot.core.text import sentences, truncate

_MITIGATION_SECTION = re.compile(r"risks? and mitigations?|mitigation|plays?\b", re.I)
_WORDS = {"first": 1, "one": 1, "two": 2, "three": 3, "four": 4, "six": 6}


@dataclass(frozen=True)
class Step:
    """A timed section of a playbook ("Step 2: within two weeks", "Checkpoint: 90 days before renewal")."""

    section: str
    days: int
    before_renewal: bool
    chunk: Chunk


def step_days(section: str) -> tuple[int, bool] | None:
    """Days a section heading names, and whether they count back from the renewal date."""
    text = section.lower()
    before = "before renewal" in text
    if match := re.search(r"(\d+)\s*(?:to\s*(\d+)\s*)?days?", text):
        return int(match.group(2) or match.group(1)), before
    if match := re.search(r"days?\s*(\d+)\s*to\s*(\d+)", text):
        return int(match.group(2)), before
    if match := re.search(r"(first|one|two|three|four|six)\s+weeks?", text):
        return 7 * _WORDS[match.group(1)], before
    if match := re.search(r"(first|one|two|three|four|six)\s+months?", text):
        return 30 * _WORDS[match.group(1)], before
    if "quarter" in text:
        return 90, before
    return None


class Playbooks:
    """The playbook chunks of the knowledge base, looked up by stage and by meaning."""

    def __init__(self, copilot: Copilot):
        self.copilot = copilot
        self.chunks = [c for c in copilot.db.all_chunks() if c.kind == "playbook"]

    def for_stage(self, stage: str | None) -> list[Chunk]:
        return [c for c in self.chunks if stage and c.doc_type == stage.lower()]

    def steps(self, stage: str | None) -> list[Step]:
        """Timed sections of the stage's playbooks, in document order, one per section."""
        found: dict[str, Step] = {}
        for chunk in self.for_stage(stage):
            section = chunk.section.split(" > ")[-1]
            timing = step_days(section)
            if timing and section not in found:
                found[section] = Step(section, timing[0], timing[1], chunk)
        return list(found.values())

    def mitigation(self, risk: str) -> tuple[str, Citation] | None:
        """The playbook sentence that best answers a risk, from a risks-and-mitigations or plays section."""
        hits = self.copilot.retriever.search(f"mitigation for: {risk}", k=8, kind="playbook")
        preferred = [h for h in hits if _MITIGATION_SECTION.search(h.chunk.section.split(" > ")[-1])] or hits
        if not preferred:
            return None
        chunk = preferred[0].chunk
        best = _best_sentence(risk, sentences(chunk.text))
        if best is None:
            return None
        return best, Citation(source=chunk.source, quote=truncate(best, 300), chunk_id=chunk.id,
                              section=chunk.section or None)  # fmt: skip


def _best_sentence(risk: str, candidates: list[str]) -> str | None:
    from bot.core.text import tokens

    wanted = set(tokens(risk))
    scored = [(len(wanted & set(tokens(s))), -i, s) for i, s in enumerate(candidates) if len(s) > 20]
    return max(scored)[2] if scored else None
