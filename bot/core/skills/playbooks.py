"""Playbook lookups shared by the skills: the playbook for a journey stage, its timed steps, and the
mitigation play that best fits a risk."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from bot.core.copilot import Copilot
from bot.core.knowledge.documents import Chunk
from bot.core.skills.common import Citation
from bot.core.text import tokens, truncate

_MITIGATION_SECTION = re.compile(r"risks? and mitigations?|mitigation|plays?\b", re.I)
_ITEM_START = re.compile(r"(?m)^\s*[-*+]\s+")  # a bullet starts a play (chunking keeps each item on its own lines)
_LABEL = re.compile(r"^\*\*(?P<label>[^*]+?)\*\*\s*(?P<body>.*)$", re.S)
_MITIGATION_LEAD = re.compile(r"^(?:mitigation|play|response|what to do)\s*:\s*", re.I)
_MARKUP = re.compile(r"\*\*|__|`")
MIN_PLAY_SCORE = 4  # two label words in common, or one and two of the play's other words
# Words that say nothing about which situation a play is for ("the change happens", "could become").
_GENERIC_WORDS = """new change happen become could would make get way last first time day week month year still work
    need needs start late early one two three"""
_GENERIC = frozenset(tokens(_GENERIC_WORDS))
_WORDS = {"first": 1, "one": 1, "two": 2, "three": 3, "four": 4, "six": 6}


@dataclass(frozen=True)
class Play:
    """One item of a playbook's risks-and-mitigations or plays list: the situation and what to do."""

    label: str  # "Falling active users", "Score looks green while a signal is flashing"
    text: str  # the whole item, Markdown removed: what a plan quotes as the mitigation
    chunk: Chunk

    @cached_property
    def label_words(self) -> set[str]:
        return _content(self.label)

    @cached_property
    def body_words(self) -> set[str]:
        return _content(self.text) - self.label_words


def _content(text: str) -> set[str]:
    return {t for t in tokens(text) if not t[0].isdigit() and t not in _GENERIC}


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

    def plays(self) -> list[Play]:
        """Every item of the playbooks' risks-and-mitigations and plays sections, in document order."""
        return list(self._plays)

    @cached_property
    def _plays(self) -> list[Play]:  # read once: the chunks are not changed after construction
        found = []
        for chunk in self.chunks:
            if _MITIGATION_SECTION.search(chunk.section.split(" > ")[-1]):
                found += [play for item in _ITEM_START.split(chunk.text) if (play := _play(item, chunk))]
        return found

    def mitigation(self, risk: str, hint: str = "") -> tuple[str, Citation] | None:
        """The one play that answers `risk` best (its label weighs most; `hint` names the situation when it
        is known, e.g. "falling active users" for a computed signal), or None when no play is close."""
        wanted, hinted = _content(risk), _content(hint)
        best, best_score = None, 0
        for play in self._plays:
            score = 3 * len(hinted & play.label_words) + 2 * len(wanted & play.label_words)
            score += min(2, len((wanted | hinted) & play.body_words))
            if score > best_score and (play.label_words & (wanted | hinted)):
                best, best_score = play, score
        if best is None or best_score < MIN_PLAY_SCORE:
            return None
        return best.text, Citation(source=best.chunk.source, quote=truncate(best.text, 300), chunk_id=best.chunk.id,
                                   section=best.chunk.section or None)  # fmt: skip


def _play(item: str, chunk: Chunk) -> Play | None:
    """'**Falling NPS:** read every detractor comment…' or '**Alert fatigue.** Mitigation: keep…' as a Play."""
    item = " ".join(item.split())
    match = _LABEL.match(item)
    if match:
        label, body = match.group("label").strip().rstrip(".:"), match.group("body").strip().lstrip(":").strip()
    elif ":" in item[:80]:
        label, body = (part.strip() for part in item.split(":", 1))
    else:
        return None
    if len(_MITIGATION_LEAD.sub("", body)) < 15 or not label:
        return None
    return Play(label=label, text=_MARKUP.sub("", item).strip(), chunk=chunk)  # verbatim, so the quote is found
