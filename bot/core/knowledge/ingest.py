"""Incremental ingest: hash every file, embed only what changed, remove what was deleted."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import sys
import time
from pathlib import Path

from pydantic import BaseModel, Field
from tqdm import tqdm

from bot.core.db import Database
from bot.core.errors import UserInputError
from bot.core.knowledge.chunking import CHUNKING_VERSION
from bot.core.knowledge.documents import LoadError
from bot.core.knowledge.embeddings import Embedder
from bot.core.knowledge.loaders import discover, load_file
from bot.core.knowledge.store import VectorStore
from bot.core.locks import file_lock

logger = logging.getLogger(__name__)

LOCK_TIMEOUT_S = 600.0


class SkippedFile(BaseModel):
    source: str
    reason: str


class IngestReport(BaseModel):
    """What one ingest did, file by file."""

    added: list[str] = Field(default_factory=list)
    updated: list[str] = Field(default_factory=list)
    unchanged: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    skipped: list[SkippedFile] = Field(default_factory=list)
    warnings: dict[str, list[str]] = Field(default_factory=dict)
    chunks_embedded: int = 0
    seconds: float = 0.0

    def render(self) -> str:
        """A short plain-text report for the terminal."""
        lines = [
            f"added {len(self.added)} · updated {len(self.updated)} · unchanged {len(self.unchanged)}"
            f" · removed {len(self.removed)} · skipped {len(self.skipped)}"
            f" · {self.chunks_embedded} chunks embedded in {self.seconds:.1f}s"
        ]
        lines += [f"  skipped {s.source}: {s.reason}" for s in self.skipped]
        lines += [f"  warning {src}: {w}" for src, ws in self.warnings.items() for w in ws]
        return "\n".join(lines)


def ingest_lock(home: Path, timeout: float = LOCK_TIMEOUT_S):
    """One writer at a time: a second ingest waits for the first instead of interleaving writes."""
    return file_lock(home / "ingest.lock", timeout, "another ingest")


def outdated(db: Database, embedding_space: str) -> str | None:
    """Why the store must be chunked and embedded again (another embedding model, an older chunker), or None."""
    if db.get_meta("embedding_space") != embedding_space:
        return f"embedded with {db.get_meta('embedding_space') or 'nothing'}, not {embedding_space}"
    if db.get_meta("chunking") != str(CHUNKING_VERSION):
        return f"chunked by chunker version {db.get_meta('chunking') or '?'}, not {CHUNKING_VERSION}"
    return None


class Ingestor:
    """Keeps the SQLite manifest and the vector store in step with a knowledge folder."""

    def __init__(self, db: Database, store: VectorStore, embedder: Embedder, home: Path):
        self.db = db
        self.store = store
        self.embedder = embedder
        self.home = home

    def run(self, root: Path, only: str | None = None, progress: bool = False) -> IngestReport:
        """Sync the index with `root` (or only the `only` subtree of it). Safe to run concurrently."""
        if not root.is_dir():
            raise UserInputError(f"knowledge folder not found: {root}")
        started = time.monotonic()
        with ingest_lock(self.home):
            report = IngestReport()
            self._reset_if_space_changed()
            known = self.db.file_hashes()
            present = [s for s in discover(root) if _within(s, only)]
            for source in tqdm(present, desc="ingest", unit="file", disable=not progress, file=sys.stderr):
                self._sync_file(root, source, known.get(source), report)
            for source in sorted(set(known) - set(present)):
                if _within(source, only):
                    self.store.delete(self.db.chunk_ids_of(source))
                    self.db.forget_file(source)
                    report.removed.append(source)
            self._drop_orphan_vectors()
            if report.added or report.updated or report.removed:
                # Readers in other processes rebuild their lexical index when this changes.
                self.db.set_meta("generation", str(time.time_ns()))
        report.seconds = time.monotonic() - started
        return report

    def _sync_file(self, root: Path, source: str, old_hash: str | None, report: IngestReport) -> None:
        data = (root / source).read_bytes()
        file_hash = hashlib.sha256(data).hexdigest()
        if file_hash == old_hash:
            report.unchanged.append(source)
            return
        try:
            loaded = load_file(source, data)
        except LoadError as exc:
            kept = "; the previously ingested version is kept" if old_hash else ""
            report.skipped.append(SkippedFile(source=source, reason=f"{exc}{kept}"))
            return
        vectors = self.embedder.embed_documents([c.indexed_text for c in loaded.chunks])
        old_ids = set(self.db.chunk_ids_of(source))
        self.store.upsert(loaded.chunks, vectors)
        self.db.record_file(loaded, file_hash, dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
        self.store.delete(sorted(old_ids - {c.id for c in loaded.chunks}))
        report.chunks_embedded += len(loaded.chunks)
        (report.updated if old_hash else report.added).append(source)
        if loaded.warnings:
            report.warnings[source] = loaded.warnings

    def _reset_if_space_changed(self) -> None:
        """Vectors from another embedding model, or chunks cut by an older chunker, are stale: forget the manifest
        so every file is chunked and embedded again."""
        if outdated(self.db, self.embedder.name) is None:
            return
        for source in self.db.file_hashes():
            self.db.forget_file(source)
        self.db.set_meta("embedding_space", self.embedder.name)
        self.db.set_meta("chunking", str(CHUNKING_VERSION))

    def _drop_orphan_vectors(self) -> None:
        """Vectors left by an ingest that died between the store write and the manifest write."""
        known = {c.id for c in self.db.all_chunks()}
        orphans = sorted(self.store.ids() - known)
        if orphans:
            logger.info("removing %d orphan vectors", len(orphans))
            self.store.delete(orphans)


def _within(source: str, only: str | None) -> bool:
    return not only or source == only or source.startswith(only.rstrip("/") + "/")
