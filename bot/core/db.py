"""The SQLite database under `--home`: ingest manifest, chunk texts, accounts and the metrics table."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bot.core.knowledge.documents import Chunk, LoadedFile

SCHEMA_VERSION = 3
SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    source TEXT PRIMARY KEY, hash TEXT NOT NULL, kind TEXT NOT NULL, account TEXT,
    chunk_ids TEXT NOT NULL, warnings TEXT NOT NULL, ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, kind TEXT NOT NULL, account TEXT, date TEXT,
    section TEXT NOT NULL, title TEXT NOT NULL, doc_type TEXT, text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_source ON chunks(source);
CREATE TABLE IF NOT EXISTS accounts (
    slug TEXT PRIMARY KEY, name TEXT NOT NULL, aliases TEXT NOT NULL, profile TEXT NOT NULL, source TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS metrics (
    account TEXT NOT NULL, date TEXT NOT NULL, metric TEXT NOT NULL, value REAL NOT NULL, source TEXT NOT NULL,
    PRIMARY KEY (account, date, metric)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS health_snapshots (
    account TEXT NOT NULL, as_of TEXT NOT NULL, score INTEGER NOT NULL, band TEXT NOT NULL, signals TEXT NOT NULL,
    PRIMARY KEY (account, as_of)
);
"""


def use_wal(conn: sqlite3.Connection, patience: float = 60.0) -> None:
    """Switch a connection's database to WAL, waiting for other processes that are doing the same.

    The switch needs an exclusive lock, and SQLite answers "database is locked" at once, without its busy
    handler, when two connections race for it (waiting could deadlock). Two ingests started together on a
    new home hit that, so the switch is retried with backoff until `patience` seconds have passed."""
    deadline = time.monotonic() + patience
    delay = 0.01
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            contended = "locked" in str(error) or "busy" in str(error)
            if not contended or time.monotonic() > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.5)


class Database:
    """A thin, typed layer over SQLite; every write happens inside one transaction per file."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._conn = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
        self._conn.row_factory = sqlite3.Row
        use_wal(self._conn)
        self._conn.execute("PRAGMA busy_timeout=60000")
        self._migrate()

    def _migrate(self) -> None:
        """Everything here is derived from the knowledge folder: an old schema is dropped and rebuilt
        (the next command re-ingests), never patched in place."""
        with self.transaction() as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version != SCHEMA_VERSION:
                for table in ("files", "chunks", "accounts", "metrics", "meta", "health_snapshots"):
                    conn.execute(f"DROP TABLE IF EXISTS {table}")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    # -- meta --------------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row["value"] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    # -- manifest ----------------------------------------------------------------------------------
    def file_hashes(self) -> dict[str, str]:
        return {r["source"]: r["hash"] for r in self._conn.execute("SELECT source, hash FROM files")}

    def chunk_ids_of(self, source: str) -> list[str]:
        row = self._conn.execute("SELECT chunk_ids FROM files WHERE source = ?", (source,)).fetchone()
        return json.loads(row["chunk_ids"]) if row else []

    def record_file(self, loaded: LoadedFile, file_hash: str, now: str) -> None:
        """Replace everything known about one file (chunks, profile, metrics) in one transaction."""
        with self.transaction() as conn:
            self._forget(conn, loaded.source)
            conn.execute(
                "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?)",
                (loaded.source, file_hash, loaded.kind, loaded.account,
                 json.dumps([c.id for c in loaded.chunks]), json.dumps(loaded.warnings), now),
            )  # fmt: skip
            conn.executemany(
                "INSERT OR REPLACE INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (c.id, c.source, c.kind, c.account, c.date, c.section, c.title, c.doc_type, c.text)
                    for c in loaded.chunks
                ],
            )
            if loaded.profile is not None and loaded.account:
                aliases = [str(a) for a in loaded.profile.get("aliases") or []]
                conn.execute(
                    "INSERT OR REPLACE INTO accounts VALUES (?, ?, ?, ?, ?)",
                    (loaded.account, str(loaded.profile["name"]), json.dumps(aliases),
                     json.dumps(loaded.profile), loaded.source),
                )  # fmt: skip
            conn.executemany(
                "INSERT OR REPLACE INTO metrics VALUES (?, ?, ?, ?, ?)",
                [
                    (loaded.account, r.date, k, v, loaded.source)
                    for r in loaded.metric_rows
                    for k, v in r.values.items()
                ],
            )

    def forget_file(self, source: str) -> None:
        with self.transaction() as conn:
            self._forget(conn, source)

    @staticmethod
    def _forget(conn: sqlite3.Connection, source: str) -> None:
        for table in ("files", "chunks", "accounts", "metrics"):
            conn.execute(f"DELETE FROM {table} WHERE source = ?", (source,))

    # -- reads -------------------------------------------------------------------------------------
    def all_chunks(self) -> list[Chunk]:
        rows = self._conn.execute("SELECT * FROM chunks ORDER BY source, rowid")
        return [Chunk(**dict(r)) for r in rows]

    def chunks_by_id(self, ids: Iterable[str]) -> dict[str, Chunk]:
        ids = list(ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self._conn.execute(f"SELECT * FROM chunks WHERE id IN ({marks})", ids)
        return {r["id"]: Chunk(**dict(r)) for r in rows}

    def chunk_count(self) -> int:
        return self._conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]

    def accounts(self) -> list[dict[str, Any]]:
        rows = self._conn.execute("SELECT slug, name, aliases, profile, source FROM accounts ORDER BY slug")
        return [
            {"slug": r["slug"], "name": r["name"], "aliases": json.loads(r["aliases"]),
             "profile": json.loads(r["profile"]), "source": r["source"]}
            for r in rows
        ]  # fmt: skip

    def account_slugs_with_data(self) -> list[str]:
        rows = self._conn.execute("SELECT DISTINCT account FROM files WHERE account IS NOT NULL ORDER BY 1")
        return [r[0] for r in rows]

    def metric_series(self, account: str) -> dict[str, list[tuple[str, float]]]:
        """All metrics of one account as {metric: [(date, value), …]} in date order."""
        rows = self._conn.execute("SELECT date, metric, value FROM metrics WHERE account = ? ORDER BY date", (account,))
        series: dict[str, list[tuple[str, float]]] = {}
        for r in rows:
            series.setdefault(r["metric"], []).append((r["date"], r["value"]))
        return series

    # -- health snapshots --------------------------------------------------------------------------
    def store_health_snapshot(self, rows: list[tuple[str, str, int, str, str]]) -> None:
        """(account, as_of, score, band, signals JSON) rows; a re-run on the same date replaces them."""
        with self.transaction() as conn:
            conn.executemany("INSERT OR REPLACE INTO health_snapshots VALUES (?, ?, ?, ?, ?)", rows)

    def previous_health_snapshot(self, before: str) -> tuple[str, dict[str, dict]] | None:
        """The latest snapshot dated before `before`: (its date, {account: {score, band, signals}})."""
        row = self._conn.execute("SELECT MAX(as_of) FROM health_snapshots WHERE as_of < ?", (before,)).fetchone()
        if not row or row[0] is None:
            return None
        rows = self._conn.execute("SELECT * FROM health_snapshots WHERE as_of = ?", (row[0],))
        return row[0], {
            r["account"]: {"score": r["score"], "band": r["band"], "signals": json.loads(r["signals"])} for r in rows
        }

    def warnings(self) -> dict[str, list[str]]:
        rows = self._conn.execute("SELECT source, warnings FROM files WHERE warnings != '[]'")
        return {r["source"]: json.loads(r["warnings"]) for r in rows}
