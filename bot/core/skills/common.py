"""Shapes shared by every skill's output."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from bot.core.text import truncate

if TYPE_CHECKING:
    from bot.core.copilot import Copilot
    from bot.core.knowledge.documents import Chunk

PROFILE_FACTS = "profile facts"  # the section of a profile's front matter, as the loader names it


class Citation(BaseModel):
    """Where a claim comes from: a file relative to the knowledge root and the supporting text."""

    source: str = Field(description="file path relative to the knowledge root")
    quote: str = Field(description="the supporting text, verbatim from the source")
    chunk_id: str | None = Field(None, description="the retrieved chunk the quote comes from")
    date: str | None = None
    section: str | None = None


def chunk_citation(sentence: str, chunk: Chunk, chars: int = 300) -> Citation:
    """A sentence of a chunk as a citation: its source, the sentence (shortened to `chars`), the chunk's id,
    date and section."""
    return Citation(source=chunk.source, quote=truncate(sentence, chars), chunk_id=chunk.id, date=chunk.date,
                    section=chunk.section or None)  # fmt: skip


def profile_source(slug: str) -> str:
    """Where an account's profile lives, relative to the knowledge root."""
    return f"accounts/{slug}/profile.md"


def profile_chunks(copilot: Copilot, slug: str, sections: tuple[str, ...] = (PROFILE_FACTS,)) -> list[Chunk]:
    """The account profile's chunks with these sections (all of them when `sections` is empty), in file order."""
    ids = copilot.db.chunk_ids_of(profile_source(slug))
    chunks = copilot.db.chunks_by_id(ids)
    return [chunks[i] for i in ids if i in chunks and (not sections or chunks[i].section in sections)]


class GuardNote(BaseModel):
    """Something the grounding guard found in an answer, and what it did about it."""

    field: str = Field(description="where in the answer, e.g. 'answer', 'citations[2]', 'actions[1].action'")
    text: str = Field(description="the text concerned (shortened)")
    reason: str = Field(description="why it is not grounded, e.g. 'date 2030-01-01 is not in the sources'")
    action: Literal["removed", "reverted", "flagged"] = Field(
        description="removed from the answer, reverted to the offline composer's text, or only flagged"
    )
