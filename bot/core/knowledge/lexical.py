"""BM25 over chunk texts (rank-bm25), the lexical half of hybrid retrieval."""

from __future__ import annotations

from rank_bm25 import BM25Okapi

from bot.core.knowledge.documents import Chunk
from bot.core.text import STOPWORDS, tokens


class LexicalIndex:
    """An in-memory BM25 index; rebuilt when the store's generation changes."""

    def __init__(self, chunks: list[Chunk]):
        self.chunks = chunks
        corpus = [tokens(c.indexed_text) for c in chunks]
        self._bm25 = BM25Okapi(corpus) if chunks else None
        self._vocabulary = frozenset(self._bm25.idf) if self._bm25 is not None else frozenset()

    def idf(self, term: str) -> float:
        """How rare a (stemmed) term is in the corpus; unseen terms count as the rarest."""
        if self._bm25 is None:
            return 1.0
        return self._bm25.idf.get(term, max(self._bm25.idf.values(), default=1.0))

    def vocabulary(self) -> frozenset[str]:
        """Every (stemmed) term some chunk holds."""
        return self._vocabulary

    def search(
        self, query: str, k: int, account: str | None = None, kind: str | None = None
    ) -> list[tuple[Chunk, float]]:
        """The k best-scoring chunks with a positive score, optionally only one account's or kind's."""
        terms = [t for t in tokens(query) if t not in STOPWORDS]  # a contraction can stem to one: "what's"
        if self._bm25 is None or not terms:
            return []
        scores = self._bm25.get_scores(terms)
        ranked = sorted(
            (
                (chunk, float(score))
                for chunk, score in zip(self.chunks, scores, strict=True)
                if score > 0 and (account is None or chunk.account == account) and (kind is None or chunk.kind == kind)
            ),
            key=lambda pair: pair[1],
            reverse=True,
        )
        return ranked[:k]
