import multiprocessing
from pathlib import Path

from bot.core.copilot import Copilot
from bot.core.knowledge.embeddings import HashEmbedder
from tests.conftest import make_settings

NOTE = "accounts/acme-clinics/notes/2025-11-03-call.md"


class CountingEmbedder(HashEmbedder):
    def __init__(self):
        super().__init__()
        self.embedded: list[str] = []

    def embed_documents(self, texts):
        self.embedded.extend(texts)
        return super().embed_documents(texts)


def test_first_ingest_adds_every_file_and_stores_chunks_vectors_accounts_and_metrics(copilot):
    report = copilot.ingest()
    assert len(report.added) == 10 and not report.skipped
    assert copilot.store.count() == copilot.db.chunk_count() == report.chunks_embedded
    assert [a["slug"] for a in copilot.db.accounts()] == ["acme-clinics", "orbit-freight"]
    series = copilot.db.metric_series("acme-clinics")
    assert series["active_users"][-1] == ("2025-12-01", 121.0)


def test_second_ingest_of_an_unchanged_tree_embeds_nothing(settings):
    embedder = CountingEmbedder()
    copilot = Copilot(settings, embedder=embedder)
    copilot.ingest()
    embedder.embedded.clear()
    report = copilot.ingest()
    assert embedder.embedded == []
    assert len(report.unchanged) == 10 and not (report.added or report.updated or report.removed)


def test_changed_file_is_reembedded_and_its_stale_chunks_are_removed(copilot, knowledge: Path):
    copilot.ingest()
    old_ids = set(copilot.db.chunk_ids_of(NOTE))
    (knowledge / NOTE).write_text(
        "---\ndate: 2025-11-03\ntype: call\n---\n## Summary\nThe Lakeside clinic switched to kiosks.\n"
    )
    report = copilot.ingest()
    assert report.updated == [NOTE] and len(report.unchanged) == 9
    new_ids = set(copilot.db.chunk_ids_of(NOTE))
    assert new_ids and not (new_ids & old_ids)
    assert copilot.store.ids() == {c.id for c in copilot.db.all_chunks()}
    hits = copilot.retriever.search("kiosks at Lakeside", k=1, mode="lexical")
    assert "switched to kiosks" in hits[0].chunk.text


def test_deleted_file_chunks_vectors_and_metrics_are_removed(copilot, knowledge: Path):
    copilot.ingest()
    (knowledge / "accounts/orbit-freight/metrics.csv").unlink()
    report = copilot.ingest()
    assert report.removed == ["accounts/orbit-freight/metrics.csv"]
    assert copilot.db.metric_series("orbit-freight") == {}
    assert copilot.store.ids() == {c.id for c in copilot.db.all_chunks()}


def test_malformed_files_are_skipped_with_reasons_and_never_stop_the_rest(copilot, knowledge: Path):
    notes = knowledge / "accounts/acme-clinics/notes"
    (notes / "empty.md").write_text("")
    (notes / "latin1.md").write_bytes("---\ndate: 2025-01-01\n---\nCaf\xe9".encode("latin-1"))
    (notes / "bad-yaml.md").write_text("---\ndate: [2025\n---\n## Summary\nx\n")
    (knowledge / "accounts/acme-clinics/deck.pptx").write_bytes(b"PK\x03\x04")
    report = copilot.ingest()
    reasons = {s.source.rsplit("/", 1)[-1]: s.reason for s in report.skipped}
    assert reasons.keys() == {"empty.md", "latin1.md", "bad-yaml.md", "deck.pptx"}
    assert reasons["empty.md"] == "empty file"
    assert reasons["latin1.md"].startswith("not UTF-8")
    assert reasons["bad-yaml.md"].startswith("bad YAML front matter")
    assert len(report.added) == 10


def test_a_file_that_turns_malformed_keeps_its_previous_version(copilot, knowledge: Path):
    copilot.ingest()
    before = copilot.db.chunk_ids_of(NOTE)
    (knowledge / NOTE).write_text("---\ndate: [broken\n---\n")
    report = copilot.ingest()
    assert report.skipped[0].reason.endswith("the previously ingested version is kept")
    assert copilot.db.chunk_ids_of(NOTE) == before
    fixed = copilot.ingest()  # still malformed: tried again, still kept
    assert fixed.skipped and copilot.db.chunk_ids_of(NOTE) == before


def test_partially_bad_csv_loads_the_good_rows_and_warns(copilot, knowledge: Path):
    csv = knowledge / "accounts/orbit-freight/metrics.csv"
    csv.write_text(csv.read_text() + "2025-11-01,oops,80,96\nnot-a-date,1,2,3\n")
    report = copilot.ingest()
    assert report.warnings["accounts/orbit-freight/metrics.csv"] == [
        "line 6: active_users='oops' is not a number; cell skipped",
        "line 7: bad date 'not-a-date'; row skipped",
    ]
    assert copilot.db.metric_series("orbit-freight")["on_time_pct"][-1] == ("2025-11-01", 96.0)


def test_ingesting_one_subfolder_leaves_the_rest_alone(copilot, knowledge: Path):
    copilot.ingest()
    (knowledge / "playbooks/champion-change.md").unlink()
    report = copilot.ingest(knowledge / "accounts/acme-clinics")
    assert not report.removed and len(report.unchanged) == 5
    assert copilot.db.chunk_ids_of("playbooks/champion-change.md")


def test_a_different_embedding_space_reembeds_everything(settings):
    Copilot(settings, embedder=HashEmbedder()).ingest()

    class OtherSpace(HashEmbedder):
        name = "hash-other"

    report = Copilot(settings, embedder=OtherSpace()).ingest()
    assert len(report.added) == 10


def test_a_store_chunked_by_an_older_chunker_is_chunked_again(settings, monkeypatch):
    from bot.core.knowledge import ingest

    Copilot(settings, embedder=HashEmbedder()).ingest()
    assert len(Copilot(settings, embedder=HashEmbedder()).ingest().unchanged) == 10
    monkeypatch.setattr(ingest, "CHUNKING_VERSION", ingest.CHUNKING_VERSION + 1)
    report = Copilot(settings, embedder=HashEmbedder()).ingest()
    assert len(report.added) == 10 and not report.unchanged


def test_a_command_on_an_outdated_store_ingests_first(settings, monkeypatch):
    from bot.core.knowledge import ingest

    assert Copilot(settings, embedder=HashEmbedder()).ensure_ingested() is not None  # empty
    assert Copilot(settings, embedder=HashEmbedder()).ensure_ingested() is None  # current
    monkeypatch.setattr(ingest, "CHUNKING_VERSION", ingest.CHUNKING_VERSION + 1)
    report = Copilot(settings, embedder=HashEmbedder()).ensure_ingested()
    assert report is not None and len(report.added) == 10  # an upgrade re-chunks without an explicit ingest
    assert Copilot(settings, embedder=HashEmbedder()).ensure_ingested() is None


def _ingest_in_process(home: str, knowledge: str, queue) -> None:
    report = Copilot(make_settings(Path(home), Path(knowledge)), embedder=HashEmbedder()).ingest()
    queue.put((len(report.added), len(report.unchanged), len(report.skipped)))


def test_two_concurrent_ingests_do_not_corrupt_the_store(settings, knowledge: Path):
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [
        context.Process(target=_ingest_in_process, args=(str(settings.home), str(knowledge), queue)) for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=600)  # generous: on a loaded 2-core machine a spawned process takes a while to import
    assert [w.exitcode for w in workers] == [0, 0]
    results = sorted(queue.get(timeout=60) for _ in workers)
    # One ingest did the work; the other waited for the lock and found nothing to do.
    assert results == [(0, 10, 0), (10, 0, 0)]
    copilot = Copilot(settings, embedder=HashEmbedder())
    assert copilot.store.ids() == {c.id for c in copilot.db.all_chunks()}
    assert copilot.db.chunk_count() == copilot.store.count() > 0
