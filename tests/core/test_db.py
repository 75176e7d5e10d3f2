import sqlite3

from bot.core.db import SCHEMA_VERSION, Database


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
