"""Pieces the skill drafts share: citations by source id, and the profile-facts chunk of an account."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from bot.core.knowledge.documents import Chunk
from bot.core.llm.context import Source
from bot.core.skills.common import Citation
from bot.core.text import sentences, tokens, truncate

if TYPE_CHECKING:
    from bot.core.copilot import Copilot

MARKER = re.compile(r"\[\s*(S?\d+)\s*\]")
QUOTE_CHARS = 300


class SourceQuote(BaseModel):
    """A citation as the model writes it: a source id and words copied from that source."""

    source: str = Field(description="a source id, e.g. S1")
    quote: str = Field(description="words copied exactly from that source")


def source_id(text: str) -> str:
    """'S2', '[S2]', 's2' and '2' all name source S2."""
    bare = text.strip().strip("[]").strip().upper()
    return bare if bare.startswith("S") else f"S{bare}"


def to_citation(ref: SourceQuote, sources: dict[str, Source]) -> Citation:
    """The model's citation as a real one; an unknown id stays as written, for the guard to remove."""
    source = sources.get(source_id(ref.source))
    if source is None:
        return Citation(source=ref.source, quote=ref.quote)
    return Citation(
        source=source.source, quote=ref.quote, chunk_id=source.chunk_id, date=source.date, section=source.section
    )


def aligned_citation(source: Source, claim: str) -> Citation:
    """A citation for a claim the model tied to `source` without quoting: the source sentence closest to it."""
    wanted = set(tokens(claim))
    best = max(sentences(source.text) or [source.text], key=lambda s: len(wanted & set(tokens(s))))
    return Citation(
        source=source.source,
        quote=truncate(best, QUOTE_CHARS),
        chunk_id=source.chunk_id,
        date=source.date,
        section=source.section,
    )


def account_chunks(copilot: Copilot, slug: str) -> list[Chunk]:
    """Every chunk of an account, and every playbook (plans and briefs draw on both)."""
    return [c for c in copilot.db.all_chunks() if c.account == slug or c.kind == "playbook"]


def references(citations: list[Citation]) -> set[tuple[str, str]]:
    """Citations the composer made from structured data (the profile's fields, a metrics column) rather than
    quoted from a chunk: the guard accepts them as they are."""
    return {
        (c.source, c.quote)
        for c in citations
        if c.chunk_id is None and c.source.endswith(("/profile.md", "/metrics.csv"))
    }


def unique(chunks: list[Chunk]) -> list[Chunk]:
    """Chunks without repeats, first occurrence kept."""
    seen: set[str] = set()
    return [c for c in chunks if not (c.id in seen or seen.add(c.id))]
