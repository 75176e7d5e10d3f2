"""Small deterministic metrics; each returns a value and the reason for it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Score:
    value: float
    reason: str


def first_gold_rank(ranked_sources: Sequence[str], gold: Sequence[str]) -> int | None:
    """1-based rank of the first retrieved item whose source is a gold source."""
    for rank, source in enumerate(ranked_sources, start=1):
        if source in gold:
            return rank
    return None


def hit_at(ranked_sources: Sequence[str], gold: Sequence[str], k: int) -> Score:
    rank = first_gold_rank(ranked_sources, gold)
    if rank is not None and rank <= k:
        return Score(1.0, f"gold source at rank {rank}")
    return Score(0.0, f"no gold source in the top {k}" + (f" (first at {rank})" if rank else ""))


def reciprocal_rank(ranked_sources: Sequence[str], gold: Sequence[str]) -> Score:
    rank = first_gold_rank(ranked_sources, gold)
    return Score(1.0 / rank, f"rank {rank}") if rank else Score(0.0, "gold source not retrieved")


def mentions(text: str, facts: Sequence[str | Sequence[str]]) -> Score:
    """Share of the facts that appear in the text (case-insensitive); a fact given as a list is met by any one
    of its phrasings."""
    if not facts:
        return Score(1.0, "no facts required")
    lowered = text.lower()
    phrasings = [[fact] if isinstance(fact, str) else list(fact) for fact in facts]
    missing = [" / ".join(p) for p in phrasings if not any(f.lower() in lowered for f in p)]
    value = 1 - len(missing) / len(facts)
    return Score(value, "all facts mentioned" if not missing else f"missing: {', '.join(missing)}")


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0
