import multiprocessing
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from bot.core.db import SCHEMA_VERSION, Database, use_wal


def test_an_older_schema_is_dropped_and_rebuilt(tmp_path):
    path = tmp_path / "copilot.db"
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE chunks (id TEXT PRIMARY KEY, text TEXT)")
    old.execute("INSERT INTO chunks VALUES ('x', 'stale')")
    old.commit()
    old.close()
    db = Database(path)
    assert db.chunk_count() == 0  # the next command re-ingests from the knowledge folder
    assert db._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()


def test_health_snapshots_return_the_latest_one_before_a_date(tmp_path):
    db = Database(tmp_path / "copilot.db")
    db.store_health_snapshot([("a", "2026-01-01", 70, "yellow", "[]"), ("a", "2026-02-01", 40, "red", '["x"]')])
    assert db.previous_health_snapshot("2026-01-15") == (
        "2026-01-01",
        {"a": {"score": 70, "band": "yellow", "signals": []}},
    )
    assert db.previous_health_snapshot("2026-02-02")[0] == "2026-02-01"
    assert db.previous_health_snapshot("2026-01-01") is None


def _hold_exclusive_lock(path, seconds: float) -> threading.Thread:
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")

    def release():
        time.sleep(seconds)
        holder.execute("COMMIT")
        holder.close()

    thread = threading.Thread(target=release)
    thread.start()
    return thread


def test_the_switch_to_wal_waits_for_a_lock_sqlite_refuses_at_once(tmp_path):
    # Two ingests on a new home race for this lock; SQLite refuses the loser without its busy handler
    # (modelled here by a connection with no busy timeout), so the switch itself has to wait.
    path = tmp_path / "copilot.db"
    sqlite3.connect(path).close()
    thread = _hold_exclusive_lock(path, 0.3)
    conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        conn.execute("PRAGMA journal_mode=WAL")
    use_wal(conn)
    thread.join()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_the_switch_to_wal_gives_up_after_its_patience(tmp_path):
    path = tmp_path / "copilot.db"
    sqlite3.connect(path).close()
    thread = _hold_exclusive_lock(path, 1.0)
    conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        use_wal(conn, patience=0.1)
    thread.join()
    conn.close()


def _open_database_when_released(path: str, barrier) -> None:
    barrier.wait()
    Database(Path(path)).close()


def test_databases_opened_at_once_by_several_processes_all_open(tmp_path):
    context = multiprocessing.get_context("fork")
    for trial in range(8):
        barrier = context.Barrier(4)
        path = str(tmp_path / f"copilot-{trial}.db")
        workers = [context.Process(target=_open_database_when_released, args=(path, barrier)) for _ in range(4)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=120)
        assert [w.exitcode for w in workers] == [0, 0, 0, 0]
