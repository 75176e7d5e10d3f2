"""`ask` on the LLM: the model writes the answer (each sentence ending with its source id) and cites its
sources by id and quote. Kept from the offline composer: question, account, found, retrieved."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field, field_validator

from bot.core.guard import Evidence
from bot.core.knowledge.accounts import Account
from bot.core.knowledge.retrieve import Hit
from bot.core.llm.context import Source, from_chunks, render_input
from bot.core.llm.drafts.common import MARKER, SourceQuote, aligned_citation, source_id, to_citation
from bot.core.llm.engine import SkillTask, Unusable, offline, run_skill
from bot.core.skills.ask import AskResult
from bot.core.skills.common import GuardNote
from bot.core.text import truncate

if TYPE_CHECKING:
    from bot.core.copilot import Copilot

PROSE = ("answer",)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_MARK_AFTER_STOP = re.compile(r"([.!?])((?:\s*\[\s*S?\d+\s*\])+)")
_NOT_FOUND = re.compile(
    r"\b(?:couldn't|could not|can't|cannot|did not|didn't) find\b|\bdo(?:es)? not (?:say|answer)\b", re.I
)


class AskDraft(BaseModel):
    """The model's answer to a question."""

    answer: str = Field(description="the answer, in one to four sentences from the sources")
    citations: list[SourceQuote] = Field(default_factory=list, max_length=6, description="one per source used")

    @field_validator("answer")
    @classmethod
    def _has_words(cls, value: str) -> str:
        if not re.search(r"[A-Za-z0-9]{2,}", re.sub(r"\bS\d+\b", "", MARKER.sub("", value))):
            raise ValueError("the answer must say something, not only name sources")
        return value


def task(
    offline_result: AskResult, evidence: list[Hit], hits: list[Hit], account: Account | None = None
) -> SkillTask[AskResult]:
    """The LLM step for one question: the evidence chunks as sources, the question as input."""
    sources = from_chunks(h.chunk for h in evidence)
    retrieved = from_chunks(h.chunk for h in hits)
    names = [f"Account: {', '.join(account.names)}"] if account else []
    return SkillTask(
        skill="ask",
        offline=offline_result,
        draft=AskDraft,
        merge=lambda result, draft: merge(result, draft, sources),
        evidence=Evidence(sources=retrieved, facts=names, inputs=[offline_result.question]),
        sources=sources,
        variables={"question": render_input(f"Question: {offline_result.question}")},
        prose=PROSE,
        finish=lambda result: finish(result, sources, offline_result),
    )


def run(copilot: Copilot, offline_result: AskResult, evidence: list[Hit], hits: list[Hit]) -> AskResult:
    """The answer on the configured engine. Nothing relevant found: the model is not asked to guess."""
    account = copilot.resolve_account(offline_result.account) if offline_result.account else None
    spec = task(offline_result, evidence, hits, account)
    if not offline_result.found:
        return offline(spec, "offline")
    return run_skill(copilot, spec)


def merge(result: AskResult, draft: AskDraft, sources: list[Source]) -> AskResult:
    """The model's answer and citations (source ids resolved) in place of the composed ones. Every claim is cited:
    a sentence that names no source is removed (and listed in `guard`); an answer with no source marker at all
    stands only on the citations the model listed, and with none it is Unusable."""
    by_id = {s.id: s for s in sources}
    citations = [to_citation(ref, by_id) for ref in draft.citations if ref.quote.strip()]
    answer = draft.answer.strip()
    if not citations and not MARKER.search(answer) and _NOT_FOUND.search(answer):
        return result.model_copy(update={"answer": answer, "citations": [], "found": False})
    if not MARKER.search(answer):
        if not citations:
            raise Unusable("no sentence cites a source")
        return result.model_copy(update={"answer": answer, "citations": citations})
    kept, dropped = split_cited(answer)
    notes = [GuardNote(field="answer", text=truncate(s, 160), reason="the sentence cites no source", action="removed")
             for s in dropped]  # fmt: skip
    return result.model_copy(
        update={"answer": " ".join(kept), "citations": citations, "guard": [*result.guard, *notes]}
    )


def split_cited(answer: str) -> tuple[list[str], list[str]]:
    """The answer's sentences that end with (or carry) a source id, and those that carry none. A marker placed
    after the full stop ("… clicks. [S1]") belongs to the sentence before it."""
    kept, dropped = [], []
    for sentence in _SENTENCE.split(_MARK_AFTER_STOP.sub(r"\2\1", answer)):
        if not re.search(r"[A-Za-z0-9]", MARKER.sub("", sentence)):
            continue
        (kept if MARKER.search(sentence) else dropped).append(sentence.strip())
    return kept, dropped


def finish(result: AskResult, sources: list[Source], offline_result: AskResult) -> AskResult:
    """After the guard: a source the answer names but no kept citation quotes gets its closest sentence quoted;
    source-id markers become [n]; a marker naming no source is dropped."""
    if result.answer == offline_result.answer:  # the guard reverted the whole answer
        return result.model_copy(update={"citations": offline_result.citations})
    by_id = {s.id: s for s in sources}
    citations = list(result.citations)
    for sid, claim in _marked_claims(result.answer):
        source = by_id.get(sid)
        if source is not None and all(c.chunk_id != source.chunk_id for c in citations):
            citations.append(aligned_citation(source, claim))
    numbers: dict[str | None, int] = {}
    for number, citation in enumerate(citations, start=1):
        numbers.setdefault(citation.chunk_id, number)

    def renumber(match: re.Match) -> str:
        source = by_id.get(source_id(match.group(1)))
        number = numbers.get(source.chunk_id) if source else None
        return f"[{number}]" if number else ""

    answer = re.sub(r"\s+([.,;!?])", r"\1", MARKER.sub(renumber, result.answer))
    answer = re.sub(r"[ \t]{2,}", " ", answer).strip()
    return result.model_copy(update={"answer": answer, "citations": citations})


def _marked_claims(answer: str) -> list[tuple[str, str]]:
    """(source id, the sentence it ends) for every marker in the answer."""
    claims = []
    for sentence in re.split(r"(?<=[.!?\]])\s+", answer):
        claims += [(source_id(m.group(1)), MARKER.sub("", sentence)) for m in MARKER.finditer(sentence)]
    return claims
