"""Innovation Contribution: ideas the CS team raised with the customer, and which were adopted."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from bot.core.knowledge.documents import Chunk
from bot.core.skills.common import Citation
from bot.core.text import sentences, tokens, truncate

_RAISED = re.compile(r"^(?:idea raised|idea|proposal|suggested)\s*:\s*(.+)$", re.I)
_ADOPTED = re.compile(r"^(?:adopted|implemented|shipped and adopted)\s*:\s*(.+)$", re.I)
_QUOTED = re.compile(r"[\"“]([^\"”]{3,60})[\"”]")
MIN_SHARED_WORDS = 2


class Idea(BaseModel):
    idea: str
    raised_on: str | None = None
    adopted: bool = False
    adopted_on: str | None = None
    evidence: list[Citation] = Field(default_factory=list)


class InnovationContribution(BaseModel):
    """Ideas raised with the customer and adopted by them; the score is adopted ÷ raised."""

    ideas: list[Idea] = Field(default_factory=list)
    raised: int = 0
    adopted: int = 0
    score: float | None = Field(None, description="adopted ÷ raised, or None when no idea was recorded")


def innovation_contribution(chunks: list[Chunk]) -> InnovationContribution:
    """Read 'Idea raised: …' and 'Adopted: …' lines from an account's notes and pair them up."""
    ideas: list[Idea] = []
    adoptions: list[tuple[str, Chunk]] = []
    for chunk in sorted(chunks, key=lambda c: c.date or ""):
        if chunk.kind not in ("note", "transcript"):
            continue
        said = sentences(chunk.text)
        for index, sentence in enumerate(said):
            if len(sentence) < 45 and index + 1 < len(said) and _RAISED.match(sentence):
                sentence = f"{sentence} {said[index + 1]}"  # "Idea raised: audience snapshots." says too little
            if match := _RAISED.match(sentence):
                ideas.append(
                    Idea(idea=truncate(match.group(1), 200), raised_on=chunk.date, evidence=[_cite(sentence, chunk)])
                )
            elif match := _ADOPTED.match(sentence):
                adoptions.append((match.group(1), chunk))
    for text, chunk in adoptions:
        idea = _best_match(text, ideas)
        if idea is None:  # adopted without a recorded proposal: still a contribution
            idea = Idea(idea=truncate(text, 200), raised_on=None)
            ideas.append(idea)
        idea.adopted, idea.adopted_on = True, chunk.date
        idea.evidence.append(_cite(f"Adopted: {text}", chunk))
    adopted = sum(1 for i in ideas if i.adopted)
    return InnovationContribution(
        ideas=ideas, raised=len(ideas), adopted=adopted, score=round(adopted / len(ideas), 3) if ideas else None
    )


def _best_match(adopted: str, ideas: list[Idea]) -> Idea | None:
    words = set(tokens(adopted))
    quoted = {q.lower() for q in _QUOTED.findall(adopted)}
    best, best_shared = None, 0
    for idea in ideas:
        if idea.adopted:
            continue
        idea_quoted = {q.lower() for q in _QUOTED.findall(idea.idea)}
        shared = len(words & set(tokens(idea.idea))) + (10 if quoted & idea_quoted else 0)
        lead = " ".join(tokens(idea.idea)[:3])
        if lead and lead in " ".join(tokens(adopted)):
            shared += 5
        if shared > best_shared:
            best, best_shared = idea, shared
    return best if best_shared >= MIN_SHARED_WORDS else None


def _cite(sentence: str, chunk: Chunk) -> Citation:
    return Citation(source=chunk.source, quote=truncate(sentence, 300), chunk_id=chunk.id, date=chunk.date)
