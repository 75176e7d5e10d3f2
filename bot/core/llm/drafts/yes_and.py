"""`yes-and` on the LLM: the model writes the replies, the discovery questions and their citations; every reply
must pass the "Yes, but" linter. `check` on the LLM: the linter's verdict and flags stay computed and the model
writes the rewrite, which must lint clean and add no name, date or number the draft did not have."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from bot.core.errors import UserInputError
from bot.core.guard import Evidence, facts_of
from bot.core.llm.context import Source, defang, from_chunks, render_input
from bot.core.llm.drafts.common import SourceQuote, to_citation, unique
from bot.core.llm.engine import SkillTask, offline, run_skill
from bot.core.skills.common import profile_chunks
from bot.core.skills.yes_and import YesAndResult
from bot.core.skills.yes_but import YesButCheck, check

if TYPE_CHECKING:
    from bot.core.copilot import Copilot

PROSE = ("responses[]", "questions[]")
CHECK_PROSE = ("rewrite",)
CHUNKS = 8


class YesAndDraft(BaseModel):
    """'Yes, and…' replies to customer feedback."""

    responses: list[str] = Field(
        min_length=3, max_length=5, description="a reply starting 'Yes, and' that acknowledges, validates and expands"
    )
    questions: list[str] = Field(min_length=3, max_length=5, description="an open discovery question")
    citations: list[SourceQuote] = Field(default_factory=list, max_length=4, description="one per source used")


class RewriteDraft(BaseModel):
    """A draft reply rewritten in 'Yes, and' form."""

    rewrite: str = Field(description="the draft rewritten without blocking phrases, same content")


def task(copilot: Copilot, result: YesAndResult) -> SkillTask[YesAndResult]:
    """The LLM step for `yes-and`: the profile facts and the notes closest to the feedback as sources."""
    chunks = profile_chunks(copilot, result.account) if result.account else []
    hits = copilot.retriever.search(result.feedback, CHUNKS, result.account)
    chunks += [h.chunk for h in hits if h.chunk.kind in ("note", "transcript", "playbook", "profile")]
    sources = from_chunks(unique(chunks))
    by_id = {s.id: s for s in sources}
    return SkillTask(
        skill="yes_and",
        offline=result,
        draft=YesAndDraft,
        merge=lambda offline_result, draft: merge(offline_result, draft, by_id),
        evidence=Evidence(sources=sources, facts=facts_of(result, PROSE), inputs=[result.feedback]),
        sources=sources,
        variables={"feedback": render_input(f"Customer feedback: {result.feedback}")},
        prose=PROSE,
        extra_check=_no_blocking,
        defaults={"questions": result.questions[:5]},
    )


def run(copilot: Copilot, result: YesAndResult) -> YesAndResult:
    """The replies on the configured engine."""
    return run_skill(copilot, task(copilot, result))


def merge(result: YesAndResult, draft: YesAndDraft, sources: dict[str, Source]) -> YesAndResult:
    """The model's replies, questions and citations in place of the composed ones."""
    citations = [to_citation(ref, sources) for ref in draft.citations if ref.quote.strip()]
    return result.model_copy(
        update={
            "responses": [r.strip() for r in draft.responses],
            "questions": [q.strip() for q in draft.questions],
            "citations": citations or result.citations,
        }
    )


def check_task(result: YesButCheck) -> SkillTask[YesButCheck]:
    """The LLM step for `check`: the draft is the only source; the verdict and flags are facts."""
    draft = Source(id="S1", source="draft reply", text=result.draft)
    return SkillTask(
        skill="check_reply",
        offline=result,
        draft=RewriteDraft,
        merge=lambda offline_result, d: offline_result.model_copy(update={"rewrite": d.rewrite.strip()}),
        evidence=Evidence(sources=[draft], facts=facts_of(result, CHECK_PROSE), inputs=[result.draft]),
        variables={"draft": defang(result.draft), "flags": ", ".join(f"“{f}”" for f in result.flags) or "none"},
        prose=CHECK_PROSE,
        extra_check=_no_blocking,
    )


def run_check(copilot: Copilot, result: YesButCheck) -> YesButCheck:
    """The linted draft with its rewrite on the configured engine; a clean draft needs no rewrite."""
    spec = check_task(result)
    if result.verdict == "yes_and":
        return offline(spec, "offline")
    return run_skill(copilot, spec)


def _no_blocking(field: str, text: str) -> str | None:
    """Replies open with 'Yes, and' and never block; questions are questions; a rewrite never blocks."""
    if field.startswith("questions"):
        return None if text.rstrip().endswith("?") and len(text.split()) >= 4 else "not an open question"
    if field.startswith("responses") and not re.match(r"\W*yes,? and\b", text, re.I):
        return "does not open with “Yes, and”"
    if len(text.split()) < 5:
        return "too short to be a reply"
    try:
        verdict = check(text)
    except UserInputError:
        return "not a single reply"
    if verdict.verdict == "yes_and":
        return None
    return f"reads as “{verdict.verdict}”: {', '.join(verdict.flags) or 'no acknowledgement'}"
