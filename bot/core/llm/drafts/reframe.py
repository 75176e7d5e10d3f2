"""`reframe` on the LLM: the model writes the statement, persona, need, root cause and its reason, and the
"How might we" questions. Kept from the offline composer: the problem, the insight (a quote from the notes),
the customer's customers, what is missing, the account and the citations."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from bot.core.guard import Evidence, facts_of
from bot.core.llm.context import defang, from_chunks, render_input
from bot.core.llm.drafts.common import unique
from bot.core.llm.engine import SkillTask, run_skill
from bot.core.skills.common import profile_chunks
from bot.core.skills.reframe import ReframeResult, RootCause

if TYPE_CHECKING:
    from bot.core.copilot import Copilot

PROSE = ("statement", "persona", "need", "root_cause_reason", "how_might_we[]")
CHUNKS = 8


class ReframeDraft(BaseModel):
    """A human-centric problem statement."""

    statement: str = Field(description="<who> <does what> because <why, in human terms>: one sentence")
    persona: str = Field(description="who is affected, a short phrase")
    need: str = Field(description="what they need, starting with 'to'")
    root_cause: RootCause
    root_cause_reason: str = Field(description="why that root cause, one sentence")
    how_might_we: list[str] = Field(min_length=3, max_length=5, description="a question starting 'How might we'")


def task(copilot: Copilot, result: ReframeResult) -> SkillTask[ReframeResult]:
    """The LLM step for `reframe`: the notes closest to the problem, and the profile, as sources."""
    hits = copilot.retriever.search(result.problem, CHUNKS, result.account)
    chunks = [h.chunk for h in hits if h.chunk.kind != "metrics"]
    if result.account:
        chunks += profile_chunks(copilot, result.account)
    # The offline composer may cite passages a second search found (around the persona's work): keep them as sources.
    cited = [c.chunk_id for c in result.citations if c.chunk_id]
    chunks += list(copilot.db.chunks_by_id(cited).values()) if cited else []
    sources = from_chunks(unique(chunks))
    return SkillTask(
        skill="reframe",
        offline=result,
        draft=ReframeDraft,
        merge=merge,
        evidence=Evidence(sources=sources, facts=facts_of(result, PROSE), inputs=[result.problem]),
        sources=sources,
        variables={
            "problem": render_input(f"Problem: {result.problem}"),
            "draft": defang(json.dumps(_draft(result), ensure_ascii=False)),
        },
        prose=PROSE,
        extra_check=_shape,
        defaults={k: v for k, v in _draft(result).items() if k != "insight"}
        | {"how_might_we": result.how_might_we[:5]},
    )


def run(copilot: Copilot, result: ReframeResult) -> ReframeResult:
    """The reframe on the configured engine."""
    return run_skill(copilot, task(copilot, result))


def merge(result: ReframeResult, draft: ReframeDraft) -> ReframeResult:
    """The model's statement, persona, need, root cause and questions in place of the composed ones."""
    need = draft.need.strip()
    return result.model_copy(
        update={
            "statement": draft.statement.strip(),
            "persona": draft.persona.strip(),
            "need": need if need.lower().startswith("to ") else f"to {need[:1].lower()}{need[1:]}",
            "root_cause": draft.root_cause,
            "root_cause_reason": draft.root_cause_reason.strip(),
            "how_might_we": [q.strip() for q in draft.how_might_we],
        }
    )


def _shape(field: str, text: str) -> str | None:
    """The statement keeps its '… because …' form; each question starts 'How might we'."""
    if field == "statement" and not re.search(r"\bbecause\b", text, re.I):
        return "not a “<who> <does what> because <why>” statement"
    if field.startswith("how_might_we") and not text.lower().startswith("how might we"):
        return "not a “How might we…” question"
    return None


def _draft(result: ReframeResult) -> dict:
    keys = ("statement", "persona", "need", "insight", "root_cause", "root_cause_reason", "how_might_we")
    return {k: getattr(result, k) for k in keys}
