"""`qbr` on the LLM: the model writes the discovery questions. Everything else in the brief stays computed or
quoted: health and drivers, metric trends, goals, wins, risks, agenda, open actions, innovation and charts."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from bot.core.guard import Evidence, facts_of
from bot.core.llm.context import defang, from_chunks
from bot.core.llm.drafts.common import account_chunks, references, unique
from bot.core.llm.engine import SkillTask, run_skill
from bot.core.skills.common import profile_chunks
from bot.core.skills.qbr import QbrBrief

if TYPE_CHECKING:
    from bot.core.copilot import Copilot

PROSE = ("discovery_questions[]",)


class QbrDraft(BaseModel):
    """The brief's discovery questions."""

    discovery_questions: list[str] = Field(
        min_length=3, max_length=6, description="an open question about the people behind the numbers"
    )


def task(copilot: Copilot, brief: QbrBrief) -> SkillTask[QbrBrief]:
    """The LLM step for `qbr`: the profile and the notes the brief cites as sources, the numbers as facts."""
    chunks = account_chunks(copilot, brief.account)
    by_id = {c.id: c for c in chunks}
    cited = [by_id[c.chunk_id] for c in brief.citations if c.chunk_id in by_id]
    return SkillTask(
        skill="qbr",
        offline=brief,
        draft=QbrDraft,
        merge=lambda b, d: b.model_copy(update={"discovery_questions": [q.strip() for q in d.discovery_questions]}),
        evidence=Evidence(
            sources=from_chunks(chunks), facts=facts_of(brief, PROSE), references=references(brief.citations)
        ),
        sources=from_chunks(unique(profile_chunks(copilot, brief.account) + cited)),
        facts=_facts(brief),
        variables={
            "account": defang(brief.name),
            "draft": defang(json.dumps({"discovery_questions": brief.discovery_questions})),
        },
        prose=PROSE,
        extra_check=_question,
    )


def run(copilot: Copilot, brief: QbrBrief) -> QbrBrief:
    """The brief on the configured engine."""
    return run_skill(copilot, task(copilot, brief))


def _question(field: str, text: str) -> str | None:
    return None if text.rstrip().endswith("?") else "not a question"


def _facts(brief: QbrBrief) -> list[str]:
    facts = [f"Health score {brief.health.score} ({brief.health.band}) as of {brief.as_of}."]
    facts += [d.text for d in brief.health.drivers]
    facts += [
        f"{m.label}: {m.current:g} on {m.current_date}"
        + (f", {m.trend} from {m.previous:g} on {m.previous_date}" if m.previous is not None else "")
        for m in brief.metrics
    ]
    facts += [f"Goal: {g.goal}: {g.status}" for g in brief.goals]
    return facts
