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


def test_a_document_is_read_back_in_the_order_it_was_written(ingested):
    source = "accounts/acme-clinics/profile.md"
    chunks = ingested.retriever.document(source)
    assert [c.id for c in chunks] == ingested.db.chunk_ids_of(source)
    assert chunks[0].section == "profile facts"
    assert ingested.retriever.document("no/such/file.md") == []


def test_sentence_vectors_are_embedded_once(ingested):
    calls: list[list[str]] = []
    embedder = ingested.retriever.embedder

    class Counting:
        name = embedder.name

        def embed_documents(self, texts):
            calls.append(list(texts))
            return embedder.embed_documents(texts)

        def embed_query(self, text):
            return embedder.embed_query(text)

    retriever = Retriever(ingested.db, ingested.store, Counting())
    first = retriever.vectors(["one sentence", "another sentence", "one sentence"])
    again = retriever.vectors(["another sentence", "a third"])
    assert calls == [["one sentence", "another sentence"], ["a third"]]
    assert first[0] == first[2] and again[0] == first[1]


def test_a_contraction_that_stems_to_a_stopword_does_not_match(ingested, knowledge):
    # "What's" stems to "what", a stopword the index still holds for every "what's" in the notes.
    note = knowledge / "accounts/orbit-freight/notes/2025-11-02-note.md"
    note.write_text("---\ndate: 2025-11-02\n---\n## Chat\nWhat's next? What's new? What's up?\n")
    ingested.ingest()
    hits = ingested.retriever.search("What's the zeppelin plan", k=5, mode="lexical")
    assert all(not h.chunk.source.endswith("2025-11-02-note.md") for h in hits)
