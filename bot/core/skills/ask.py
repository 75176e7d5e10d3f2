"""`ask`: a grounded, extractive answer built from the best supporting sentences, each one cited."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from pydantic import BaseModel, Field

from bot.core.copilot import Copilot
from bot.core.errors import UserInputError
from bot.core.knowledge.accounts import Account
from bot.core.knowledge.retrieve import Hit, Mode
from bot.core.skills.common import Citation, GuardNote
from bot.core.text import sentences, tokens, truncate

MAX_QUESTION_CHARS = 2000
CHUNKS = 6
MAX_SENTENCES = 5
# Evidence gates (cosine similarity; rarity-weighted share of the question's words in the chunk).
STRONG_SIMILARITY = 0.45
MIN_SIMILARITY = 0.30
MIN_OVERLAP = 0.30
LEXICAL_ONLY_OVERLAP = 0.50
MIN_SENTENCE_SHARE = 0.55  # a sentence must score at least this share of the best one
QUOTE_CHARS = 400
# Sentence score = similarity to the question + rarity-weighted word overlap + the chunk's retrieval rank.
W_SIMILARITY, W_OVERLAP, W_RANK = 0.35, 0.45, 0.20
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


@dataclass
class _Candidate:
    text: str
    hit: Hit
    score: float
    vector: list[float]


def ask(copilot: Copilot, question: str, account: str | None = None, mode: Mode = "hybrid") -> AskResult:
    """Answer `question` from the knowledge base, restricted to an account when one is named."""
    from bot.core.llm.drafts import ask as llm_ask

    result, evidence, hits = compose(copilot, question, account, mode)
    return llm_ask.run(copilot, result, evidence, hits)


def compose(
    copilot: Copilot, question: str, account: str | None = None, mode: Mode = "hybrid"
) -> tuple[AskResult, list[Hit], list[Hit]]:
    """The offline composer's answer, the chunks it counted as evidence, and every chunk retrieved."""
    question = " ".join(question.split())
    if not question:
        raise UserInputError("The question is empty.")
    question = truncate(question, MAX_QUESTION_CHARS)
    copilot.ensure_ingested()
    target = target_account(copilot, question, account)
    slug = target.slug if target else None
    hits = copilot.retriever.search(question, CHUNKS, slug, mode=mode)
    weights = _term_weights(copilot, question)
    evidence = [h for h in hits if _is_evidence(h, weights)]
    if not evidence:
        return AskResult(question=question, answer=_not_found(target), account=slug, found=False,
                         retrieved=[h.chunk.id for h in hits]), [], hits  # fmt: skip
    chosen = _select_sentences(copilot, _focus(question, target), evidence)
    answer, citations = _compose(chosen)
    return AskResult(question=question, answer=answer, citations=citations, account=slug, found=True,
                     retrieved=[h.chunk.id for h in hits]), evidence, hits  # fmt: skip


def target_account(copilot: Copilot, question: str, account: str | None) -> Account | None:
    """The explicit account, else the single account the question names, else None (search everything)."""
    if account:
        return copilot.resolve_account(account)
    mentioned = copilot.accounts().mentioned_in(question)
    return mentioned[0] if len(mentioned) == 1 else None


def _focus(question: str, target: Account | None) -> str:
    """The question without the account's name: every sentence of that account matches the name anyway."""
    if target is None:
        return question
    name_words = {w for name in target.names for w in re.findall(r"[a-z0-9]+", name.lower())}
    kept = [w for w in question.split() if re.sub(r"('s|’s)?\W*$", "", w.lower()).strip("\"'(") not in name_words]
    return " ".join(kept) or question


def _is_evidence(hit: Hit, weights: dict[str, float]) -> bool:
    """A chunk is evidence when it is close in meaning and shares the question's telling words."""
    shared = _overlap(weights, set(tokens(hit.chunk.indexed_text)))
    similarity = hit.similarity or 0.0
    return (
        similarity >= STRONG_SIMILARITY
        or (similarity >= MIN_SIMILARITY and shared >= MIN_OVERLAP)
        or shared >= LEXICAL_ONLY_OVERLAP
    )


def _term_weights(copilot: Copilot, text: str) -> dict[str, float]:
    return {t: copilot.retriever.term_weight(t) for t in set(tokens(text))}


def _overlap(weights: dict[str, float], words: set[str]) -> float:
    """Rarity-weighted share of the question's words found in `words`."""
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in words) / total if total else 0.0


def _select_sentences(copilot: Copilot, question: str, hits: list[Hit]) -> list[_Candidate]:
    """Score every sentence of the evidence, then pick a few that are relevant and not redundant."""
    pool = [(s, hit, rank) for rank, hit in enumerate(hits) for s in sentences(hit.chunk.text)]
    if not pool:
        return []
    query_vec = copilot.embedder.embed_query(question)
    vectors = copilot.embedder.embed_documents([s for s, _, _ in pool])
    weights = _term_weights(copilot, question)
    candidates = []
    for (text, hit, rank), vector in zip(pool, vectors, strict=True):
        # Shared rare words count for more than shared common ones; the section heading counts too.
        words = set(tokens(text)) | set(tokens(hit.chunk.section))
        score = W_SIMILARITY * _cosine(query_vec, vector) + W_OVERLAP * _overlap(weights, words) + W_RANK / (1 + rank)
        candidates.append(_Candidate(text, hit, score, vector))
    return _diverse(candidates)


def _diverse(candidates: list[_Candidate]) -> list[_Candidate]:
    """Maximal marginal relevance: high scores, low overlap with what is already chosen."""
    best = max(c.score for c in candidates)
    remaining = [c for c in candidates if c.score >= MIN_SENTENCE_SHARE * best and len(c.text) >= 20]
    chosen: list[_Candidate] = []
    while remaining and len(chosen) < MAX_SENTENCES:

        def mmr(c: _Candidate) -> float:
            redundancy = max((_cosine(c.vector, o.vector) for o in chosen), default=0.0)
            return 0.75 * c.score - 0.25 * redundancy

        pick = max(remaining, key=mmr)
        remaining.remove(pick)
        if all(_cosine(pick.vector, o.vector) < 0.9 for o in chosen):
            chosen.append(pick)
    return chosen


def _compose(chosen: list[_Candidate]) -> tuple[str, list[Citation]]:
    citations: list[Citation] = []
    parts: list[str] = []
    for candidate in chosen:
        chunk = candidate.hit.chunk
        citations.append(
            Citation(source=chunk.source, quote=truncate(candidate.text, QUOTE_CHARS), chunk_id=chunk.id,
                     date=chunk.date, section=chunk.section or None)
        )  # fmt: skip
        sentence = candidate.text if candidate.text[-1] in ".!?" else candidate.text + "."
        parts.append(f"{sentence} [{len(citations)}]")
    return " ".join(parts), citations


def _not_found(target: Account | None) -> str:
    return f"{NOT_FOUND[:-1]} for {target.name}." if target else NOT_FOUND


def _cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else 0.0
