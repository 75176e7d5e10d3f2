"""Shapes shared by every skill's output."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Citation(BaseModel):
    """Where a claim comes from: a file relative to the knowledge root and the supporting text."""

    source: str = Field(description="file path relative to the knowledge root")
    quote: str = Field(description="the supporting text, verbatim from the source")
    chunk_id: str | None = Field(None, description="the retrieved chunk the quote comes from")
    date: str | None = None
    section: str | None = None
