"""`ask`: a grounded, extractive answer built from the best supporting sentences, each one cited.

Retrieval finds the chunks; those close enough to the question are the evidence (none: the answer says so).
Whether the evidence holds what the question asks for (the CFO's phone number, not just the CFO) is
`ask_cover`: when it holds none of it, the answer says nothing was found; when it holds one part of a question
of several, only that part is answered. Which lines answer, and in what order, is `ask_lines`; what the
question asks for is `ask_cues`.
"""

from __future__ import annotations

import logging
import re

from pydantic import BaseModel, Field

from bot.core.copilot import Copilot
from bot.core.errors import UserInputError
from bot.core.knowledge.accounts import Account
from bot.core.knowledge.documents import Chunk
from bot.core.knowledge.retrieve import Hit, Mode
from bot.core.skills import ask_cover, ask_lines
from bot.core.skills.ask_cues import MONTHS, QuestionCues
from bot.core.skills.ask_lines import Line, overlap, roots, term_weights
from bot.core.skills.common import Citation, GuardNote, profile_chunks
from bot.core.text import truncate

logger = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000
CHUNKS = 6
# Evidence gates (cosine similarity; rarity-weighted share of the question's words in the chunk).
STRONG_SIMILARITY = 0.45
MIN_SIMILARITY = 0.30
MIN_OVERLAP = 0.30
LEXICAL_ONLY_OVERLAP = 0.50
NAMED_MIN_OVERLAP = 0.15  # a question naming the account must share at least this much even when close
QUOTE_CHARS = 400
NOT_FOUND = "I couldn't find anything in the knowledge base that answers this."


class AskResult(BaseModel):
    """The answer to a question, with a citation for every sentence in it."""

    question: str
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    account: str | None = Field(None, description="slug of the account the question was restricted to")
    found: bool = Field(description="false when nothing relevant was found and the answer says so")
    engine: str = Field("offline", description='"offline", "openai", or "offline (fallback: <reason>)"')
    retrieved: list[str] = Field(default_factory=list, description="ids of the chunks retrieved")
    guard: list[GuardNote] = Field(default_factory=list, description="what the grounding guard removed or flagged")


def ask(copilot: Copilot, question: str, account: str | None = None, mode: Mode = "hybrid") -> AskResult:
    """Answer `question` from the knowledge base, restricted to an account when one is named."""
    from bot.core.llm.drafts import ask as llm_ask

    result, evidence, hits = compose(copilot, question, account, mode)
    return llm_ask.run(copilot, result, evidence, hits)


def compose(
    copilot: Copilot, question: str, account: str | None = None, mode: Mode = "hybrid"
) -> tuple[AskResult, list[Hit], list[Hit]]:
    """The offline composer's answer, the chunks it counted as evidence, and every chunk retrieved (with the
    sections it read beside them and cites)."""
    question = " ".join(question.split())
    if not question:
        raise UserInputError("The question is empty.")
    question = truncate(question, MAX_QUESTION_CHARS)
    copilot.ensure_ingested()
    target = target_account(copilot, question, account)
    slug = target.slug if target else None
    hits = copilot.retriever.search(question, CHUNKS, slug, mode=mode)
    focus = _focus(question, target)
    # The account's own names are left out: the search is already restricted to it, and an alias that its
    # notes never spell out ("HVH") would count against every chunk.
    weights = term_weights(copilot, focus)
    evidence = [h for h in hits if _is_evidence(h, weights, named=target is not None)]
    if not evidence:
        return _nothing(question, target, hits)
    ask_for = _cues(question, target)
    evidence = _with_fact_sheet(copilot, evidence, target, ask_for, weights)
    candidates = ask_lines.pool(copilot, evidence, ask_for)
    masked = _masked(copilot, question, target)
    cover = ask_cover.judge(copilot, masked, _focus(masked, target), candidates)
    if not cover.answered:
        logger.debug("no answer to %r: %s", question, cover.reason)
        return _nothing(question, target, hits)
    if cover.unanswered:  # answer the parts the evidence holds, and only those
        focus, ask_for = cover.focus, _cues(cover.focus, target)
        weights = term_weights(copilot, focus)
    lines = ask_lines.scored(copilot, ask_for, focus, weights, candidates)
    chosen = ask_lines.choose(lines, ask_for)
    if not chosen:  # evidence with no line that says enough ("Thanks, all.")
        return _nothing(question, target, hits)
    answer, citations = _compose(chosen)
    read = _read_beside(chosen, hits)
    return AskResult(question=question, answer=answer, citations=citations, account=slug, found=True,
                     retrieved=[h.chunk.id for h in hits + read]), evidence + read, hits + read  # fmt: skip


def _with_fact_sheet(
    copilot: Copilot, evidence: list[Hit], target: Account | None, ask_for: QuestionCues, weights: dict[str, float]
) -> list[Hit]:
    """A question that asks a named account for a recorded fact ("who is the champion …?", "when is the
    renewal …?") reads its profile's facts too: the roles, dates and amounts are kept there, and retrieval ranks
    that long record low, most of all for one part of a question of several. The question must name one of the
    record's keys ("Stakeholder (champion)", "Renewal date"): a name it already knows does not count."""
    if target is None or not ask_for.wants_fact or any(ask_lines.is_fact_sheet(h.chunk) for h in evidence):
        return evidence
    sheet = [c for c in profile_chunks(copilot, target.slug) if overlap(weights, ask_lines.fact_keys(c)) > 0]
    return evidence + [Hit(c, 0.0) for c in sheet]


def _nothing(question: str, target: Account | None, hits: list[Hit]) -> tuple[AskResult, list[Hit], list[Hit]]:
    """The answer that says nothing was found (for the account, when the question names one)."""
    slug = target.slug if target else None
    result = AskResult(question=question, answer=_not_found(target), account=slug, found=False,
                       retrieved=[h.chunk.id for h in hits])  # fmt: skip
    return result, [], hits


def target_account(copilot: Copilot, question: str, account: str | None) -> Account | None:
    """The explicit account, else the single account the question names, else None (search everything)."""
    if account:
        return copilot.resolve_account(account)
    mentioned = copilot.accounts().mentioned_in(question)
    return mentioned[0] if len(mentioned) == 1 else None


def _cues(question: str, target: Account | None) -> QuestionCues:
    ask_for = QuestionCues.read(question)
    ask_for.how_to = ask_for.how_to and target is None  # about one account, its own notes answer
    return ask_for


def _masked(copilot: Copilot, question: str, target: Account | None) -> str:
    """The question with the account's mentions blanked, misspelled ones too ("Harborviw")."""
    return copilot.accounts().mask_mentions(question, " ") if target else question


def _focus(question: str, target: Account | None) -> str:
    """The question without the account's name: every sentence of that account matches the name anyway."""
    if target is None:
        return question
    name_words = {w for name in target.names for w in re.findall(r"[a-z0-9]+", name.lower())}
    kept = [w for w in question.split() if re.sub(r"('s|’s)?\W*$", "", w.lower()).strip("\"'(") not in name_words]
    return " ".join(kept) or question


def _is_evidence(hit: Hit, weights: dict[str, float], named: bool = False) -> bool:
    """A chunk is evidence when it is close in meaning and shares the question's telling words. A question that
    names the account is close in meaning to every chunk of it, so it must share a word as well."""
    shared = overlap(weights, _words(hit.chunk))
    similarity = hit.similarity or 0.0
    return (
        (similarity >= STRONG_SIMILARITY and (not named or shared >= NAMED_MIN_OVERLAP))
        or (similarity >= MIN_SIMILARITY and shared >= MIN_OVERLAP)
        or shared >= LEXICAL_ONLY_OVERLAP
    )


def _words(chunk: Chunk) -> set[str]:
    """A chunk's words as roots, with the month of its date and its note type: "in June" and "the QBR" are
    words of the question that a note's metadata, not its text, holds."""
    month = [MONTHS[int(chunk.date[5:7]) - 1]] if chunk.date else []
    return roots(" ".join([chunk.indexed_text, *month, chunk.doc_type or ""]))


def _read_beside(chosen: list[Line], hits: list[Hit]) -> list[Hit]:
    """The chunks read beside the retrieved ones that the answer cites: the guard must see them."""
    retrieved = {h.chunk.id for h in hits}
    extra = {c.hit.chunk.id: c.hit for c in chosen if c.hit.chunk.id not in retrieved}
    return list(extra.values())


def _compose(chosen: list[Line]) -> tuple[str, list[Citation]]:
    citations: list[Citation] = []
    parts: list[str] = []
    for line in chosen:
        chunk = line.hit.chunk
        citations.append(
            Citation(source=chunk.source, quote=truncate(line.text, QUOTE_CHARS), chunk_id=chunk.id,
                     date=chunk.date, section=chunk.section or None)
        )  # fmt: skip
        sentence = line.text if line.text[-1] in ".!?" else line.text + "."
        parts.append(f"{sentence} [{len(citations)}]")
    return " ".join(parts), citations


def _not_found(target: Account | None) -> str:
    return f"{NOT_FOUND[:-1]} for {target.name}." if target else NOT_FOUND
