"""Hybrid retrieval: dense (Chroma) and lexical (BM25) rankings fused by reciprocal rank."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Literal

from bot.core.db import Database
from bot.core.knowledge.documents import Chunk
from bot.core.knowledge.embeddings import Embedder
from bot.core.knowledge.lexical import LexicalIndex
from bot.core.knowledge.store import VectorStore

Mode = Literal["hybrid", "dense", "lexical"]
RRF_K = 60  # the constant from Cormack et al. (2009); damps the weight of the very top ranks
POOL = 30  # candidates taken from each ranking before fusion
VECTOR_CACHE = 20_000  # sentence vectors kept in memory: a follow-up question re-reads the same chunks


@dataclass
class Hit:
    """A retrieved chunk with the evidence behind its rank."""

    chunk: Chunk
    score: float
    similarity: float | None = None  # cosine similarity to the query, when the dense side saw it
    lexical: float | None = None  # BM25 score, when the lexical side saw it


class Retriever:
    """Searches the knowledge base; reloads its lexical index when an ingest changed the store."""

    def __init__(self, db: Database, store: VectorStore, embedder: Embedder):
        self.db = db
        self.store = store
        self.embedder = embedder
        self._lexical: LexicalIndex | None = None
        self._generation: str | None = None
        self._vectors: OrderedDict[str, list[float]] = OrderedDict()
        self._vectors_lock = threading.Lock()  # the Slack bot answers from several threads

    def search(
        self, query: str, k: int = 5, account: str | None = None, mode: Mode = "hybrid", kind: str | None = None
    ) -> list[Hit]:
        """The k most relevant chunks for `query`, restricted to `account` and/or a document `kind`."""
        dense = self._dense(query, account, kind) if mode != "lexical" else []
        lexical = self._lexical_index().search(query, POOL, account, kind) if mode != "dense" else []
        if mode == "dense":
            hits = [Hit(c, s, similarity=s) for c, s in dense]
        elif mode == "lexical":
            hits = [Hit(c, s, lexical=s) for c, s in lexical]
        else:
            hits = _fuse(dense, lexical)
        return order(hits)[:k]

    def _dense(self, query: str, account: str | None, kind: str | None) -> list[tuple[Chunk, float]]:
        vector = self.embedder.embed_query(query)
        found = self.store.query(vector, POOL, account, kind)
        chunks = self.db.chunks_by_id(h.chunk_id for h in found)
        # A vector whose chunk is gone from SQLite (an interrupted ingest) is ignored.
        return [(chunks[h.chunk_id], h.similarity) for h in found if h.chunk_id in chunks]

    def document(self, source: str) -> list[Chunk]:
        """Every chunk of one file, in the order it was written."""
        ids = self.db.chunk_ids_of(source)
        chunks = self.db.chunks_by_id(ids)
        return [chunks[i] for i in ids if i in chunks]

    def vectors(self, texts: list[str]) -> list[list[float]]:
        """Document vectors for short texts (sentences), remembered so that each is embedded once."""
        with self._vectors_lock:
            known = {t: self._vectors[t] for t in texts if t in self._vectors}
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        if missing:
            known.update(zip(missing, self.embedder.embed_documents(missing), strict=True))
        with self._vectors_lock:
            for text in dict.fromkeys(texts):
                self._vectors[text] = known[text]
                self._vectors.move_to_end(text)
            while len(self._vectors) > VECTOR_CACHE:
                self._vectors.popitem(last=False)
        return [known[t] for t in texts]

    def term_weight(self, term: str) -> float:
        """Inverse document frequency of a stemmed term across all chunks."""
        return self._lexical_index().idf(term)

    def vocabulary(self) -> frozenset[str]:
        """Every stemmed term of the knowledge base: a question's word outside it is one the notes never use."""
        return self._lexical_index().vocabulary()

    def _lexical_index(self) -> LexicalIndex:
        generation = self.db.get_meta("generation") or "0"
        if self._lexical is None or generation != self._generation:
            self._lexical = LexicalIndex(self.db.all_chunks())
            self._generation = generation
        return self._lexical


def order(hits: list[Hit]) -> list[Hit]:
    """Best score first; newer notes win ties (undated chunks last among equals)."""
    return sorted(hits, key=lambda h: (round(h.score, 9), h.chunk.date or ""), reverse=True)


def _fuse(dense: list[tuple[Chunk, float]], lexical: list[tuple[Chunk, float]]) -> list[Hit]:
    hits: dict[str, Hit] = {}
    for rank, (chunk, similarity) in enumerate(dense):
        hit = hits.setdefault(chunk.id, Hit(chunk, 0.0))
        hit.score += 1.0 / (RRF_K + rank + 1)
        hit.similarity = similarity
    for rank, (chunk, score) in enumerate(lexical):
        hit = hits.setdefault(chunk.id, Hit(chunk, 0.0))
        hit.score += 1.0 / (RRF_K + rank + 1)
        hit.lexical = score
    return list(hits.values())
