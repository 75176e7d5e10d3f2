"""The pydantic shapes that flow from loaders to the store and the retriever."""

from __future__ import annotations

import hashlib
from typing import Any, Literal

from pydantic import BaseModel, Field

DocKind = Literal["profile", "note", "transcript", "metrics", "playbook"]


class Chunk(BaseModel):
    """One retrievable passage with the metadata every citation needs."""

    id: str
    text: str
    source: str
    kind: DocKind
    account: str | None = None
    date: str | None = None
    section: str = ""
    title: str = ""
    doc_type: str | None = None  # notes: meeting|call|qbr|email|note; playbooks: their journey stage

    @property
    def header(self) -> str:
        """A short context line prepended for embedding and lexical search."""
        parts = [self.account or "playbook", self.title, self.section, self.date or ""]
        return " | ".join(p for p in parts if p)

    @property
    def indexed_text(self) -> str:
        return f"{self.header}\n{self.text}"


class MetricRow(BaseModel):
    date: str
    values: dict[str, float]


class LoadedFile(BaseModel):
    """What a loader made of one file: chunks, and for some kinds structured data."""

    source: str
    kind: DocKind
    account: str | None = None
    chunks: list[Chunk] = Field(default_factory=list)
    profile: dict[str, Any] | None = None
    metric_rows: list[MetricRow] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


class LoadError(Exception):
    """A file that cannot be loaded at all; the message is the reason shown in the ingest report."""


def chunk_id(source: str, ordinal: int, text: str) -> str:
    """A stable id: the same text at the same place in the same file always gets the same id."""
    digest = hashlib.sha1(f"{source}\x00{ordinal}\x00{text}".encode()).hexdigest()
    return digest[:20]
