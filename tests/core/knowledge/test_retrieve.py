import pytest

from bot.core.knowledge import retrieve
from bot.core.knowledge.retrieve import Retriever


@pytest.fixture
def ingested(copilot):
    copilot.ingest()
    return copilot


@pytest.mark.parametrize("mode", ["hybrid", "dense", "lexical"])
def test_each_mode_finds_the_note_that_answers(ingested, mode):
    hits = ingested.retriever.search("why do night shift nurses skip the triage form", k=3, mode=mode)
    assert hits[0].chunk.source == "accounts/acme-clinics/notes/2025-11-03-call.md"


def test_hybrid_fuses_both_rankings_and_keeps_their_evidence(ingested):
    hits = ingested.retriever.search("forty driver seats for the Denver depot", k=5)
    top = hits[0]
    assert top.chunk.source == "accounts/orbit-freight/notes/2025-10-20-qbr.md"
    assert top.similarity is not None and top.lexical is not None
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_account_restriction_only_returns_that_accounts_chunks(ingested):
    hits = ingested.retriever.search("renewal budget sponsor", k=10, account="orbit-freight")
    assert hits and {h.chunk.account for h in hits} == {"orbit-freight"}


def test_newer_chunks_win_exact_ties(ingested):
    retriever: Retriever = ingested.retriever
    chunks = [c for c in ingested.db.all_chunks() if c.date]
    old, new = sorted(chunks, key=lambda c: c.date)[0], sorted(chunks, key=lambda c: c.date)[-1]
    # old is first on the dense side and second on the lexical side, new the reverse: equal RRF scores.
    fused = retrieve.order(retrieve._fuse([(old, 0.5), (new, 0.5)], [(new, 1.0), (old, 1.0)]))
    assert fused[0].score == fused[1].score
    assert fused[0].chunk.id == new.id
    assert retriever.search("", k=3, mode="lexical") == []


def test_lexical_index_is_rebuilt_after_another_ingest(ingested, knowledge):
    assert ingested.retriever.search("zeppelin", k=1, mode="lexical") == []
    note = knowledge / "accounts/orbit-freight/notes/2025-11-01-note.md"
    note.write_text("---\ndate: 2025-11-01\n---\n## Idea\nShip pallets by zeppelin.\n")
    ingested.ingest()
    hits = ingested.retriever.search("zeppelin", k=1, mode="lexical")
    assert hits[0].chunk.source.endswith("2025-11-01-note.md")
