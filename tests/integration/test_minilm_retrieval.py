"""The real local MiniLM model and a real Chroma on disk, over the shipped sample knowledge base."""

import pytest

from bot.core.copilot import Copilot
from bot.core.knowledge.embeddings import MiniLMEmbedder
from bot.core.skills.ask import ask
from evals import retrieval
from tests.conftest import SAMPLE_KNOWLEDGE, make_settings

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def onnx_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("model-cache")


@pytest.fixture(scope="module")
def copilot(tmp_path_factory, onnx_cache):
    settings = make_settings(tmp_path_factory.mktemp("home"), SAMPLE_KNOWLEDGE, CSM_COPILOT_EMBEDDINGS="minilm")
    instance = Copilot(settings, embedder=MiniLMEmbedder(cache_dir=onnx_cache, backend="onnx"))
    instance.ingest()
    yield instance
    instance.close()


def test_onnx_export_gives_the_same_vectors_as_sentence_transformers(onnx_cache):
    texts = ["nurses avoid the charting screen because of the clicks", "hi", "word " * 400]  # padding, truncation
    onnx = MiniLMEmbedder(cache_dir=onnx_cache, backend="onnx").embed_documents(texts)
    torch = MiniLMEmbedder(backend="torch").embed_documents(texts)
    assert max(abs(a - b) for u, v in zip(onnx, torch, strict=True) for a, b in zip(u, v, strict=True)) < 1e-5
    exported = (onnx_cache / MiniLMEmbedder.ONNX_FILE).stat().st_mtime
    MiniLMEmbedder(cache_dir=onnx_cache, backend="onnx").embed_query("again")
    assert (onnx_cache / MiniLMEmbedder.ONNX_FILE).stat().st_mtime == exported  # exported once, then reused


def test_minilm_vectors_are_unit_length_and_semantic(onnx_cache):
    embedder = MiniLMEmbedder(cache_dir=onnx_cache)
    nurse, clinician, truck = embedder.embed_documents(
        ["nurses avoid the charting screen", "clinicians skip documentation", "a truck left the depot"]
    )
    assert abs(sum(v * v for v in nurse) - 1) < 1e-4 and len(nurse) == 384

    def dot(a, b):
        return sum(x * y for x, y in zip(a, b, strict=True))

    assert dot(nurse, clinician) > dot(nurse, truck) + 0.2


def test_retrieval_eval_meets_its_target(copilot):
    figures = retrieval.run(copilot)
    hybrid, dense, lexical = (figures.modes[m] for m in ("hybrid", "dense", "lexical"))
    assert hybrid.hit_at_5 >= 0.95
    assert hybrid.hit_at_5 >= max(dense.hit_at_5, lexical.hit_at_5)
    assert hybrid.mrr >= max(dense.mrr, lexical.mrr)
    assert figures.account_resolution >= 0.95
    assert figures.abstention >= 0.9  # two questions whose words the notes use otherwise are still answered
    assert figures.answered >= 0.95


def test_cited_answer_about_the_departing_champion(copilot):
    result = ask(copilot, "When is Dana Whitfield leaving Harborview?")
    assert result.account == "harborview-health" and result.found
    assert "Dana Whitfield" in result.answer
    assert "2026-12-31" in result.answer or "end of December 2026" in result.answer
    assert all(c.source.startswith("accounts/harborview-health/") for c in result.citations)
