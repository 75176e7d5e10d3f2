"""The vector store: embedded, persistent Chroma under `--home`, or a Chroma server via CHROMA_HOST."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.core.config import Settings
from bot.core.knowledge.documents import Chunk
from bot.core.locks import file_lock

logger = logging.getLogger(__name__)
OPEN_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class VectorHit:
    chunk_id: str
    similarity: float


class VectorStore:
    """Chunk vectors plus the metadata Chroma needs for filtering. Texts live in SQLite."""

    def __init__(self, collection):
        self._collection = collection

    @classmethod
    def open(cls, settings: Settings, space_name: str) -> VectorStore:
        """Open (or create) the collection for one embedding space."""
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        if settings.chroma_host:
            client = chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
            return cls(_collection(client, space_name))
        settings.chroma_path.mkdir(parents=True, exist_ok=True)
        # Two processes creating the same embedded store at once race inside Chroma: open it one at a time.
        with file_lock(settings.home / "store.lock", OPEN_TIMEOUT_S, "another process opening the store"):
            client = chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
            return cls(_collection(client, space_name))

    @classmethod
    def in_memory(cls, space_name: str = "test") -> VectorStore:
        """An ephemeral Chroma collection, for tests."""
        import uuid

        import chromadb
        from chromadb.config import Settings as ChromaSettings

        client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
        collection = client.create_collection(
            name=f"t-{space_name}-{uuid.uuid4().hex[:8]}",
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine"}},
        )
        return cls(collection)

    def upsert(self, chunks: list[Chunk], vectors: list[list[float]]) -> None:
        if not chunks:
            return
        self._collection.upsert(
            ids=[c.id for c in chunks],
            embeddings=vectors,
            metadatas=[_metadata(c) for c in chunks],
        )

    def delete(self, ids: list[str]) -> None:
        if ids:
            self._collection.delete(ids=ids)

    def count(self) -> int:
        return self._collection.count()

    def ids(self) -> set[str]:
        return set(self._collection.get(include=[])["ids"])

    def query(
        self, vector: list[float], k: int, account: str | None = None, kind: str | None = None
    ) -> list[VectorHit]:
        """The k nearest chunks, optionally only one account's and/or one document kind's."""
        total = self.count()
        if total == 0:
            return []
        result = self._collection.query(
            query_embeddings=[vector],
            n_results=min(k, total),
            where=_where(account, kind),
            include=["distances"],
        )
        return [
            VectorHit(chunk_id, 1.0 - distance)
            for chunk_id, distance in zip(result["ids"][0], result["distances"][0], strict=True)
        ]


def _collection(client, space_name: str):
    return client.get_or_create_collection(
        name=f"knowledge-{space_name}"[:63],
        embedding_function=None,  # we always pass vectors; Chroma's default would download a model
        configuration={"hnsw": {"space": "cosine"}},
    )


def _where(account: str | None, kind: str | None) -> dict | None:
    clauses = [{key: value} for key, value in (("account", account), ("kind", kind)) if value]
    if len(clauses) > 1:
        return {"$and": clauses}
    return clauses[0] if clauses else None


def _metadata(chunk: Chunk) -> dict[str, str]:
    # Chroma metadata values cannot be None.
    return {
        "source": chunk.source,
        "kind": chunk.kind,
        "account": chunk.account or "",
        "date": chunk.date or "",
    }
