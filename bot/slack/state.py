"""The bot's own state, in SQLite under `--home` so it survives a restart: processed event ids (Slack retries),
the threads the bot converses in, and every answer with its retrieved chunk ids and the feedback on it."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.core.db import use_wal

EVENT_RETENTION_SECONDS = 7 * 24 * 3600  # Slack retries within minutes; a week is ample
SCHEMA = """
CREATE TABLE IF NOT EXISTS processed_events (event_id TEXT PRIMARY KEY, received_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS threads (
    channel TEXT NOT NULL, thread_ts TEXT NOT NULL, user TEXT, account TEXT, started_at REAL NOT NULL,
    PRIMARY KEY (channel, thread_ts)
);
CREATE TABLE IF NOT EXISTS answers (
    id TEXT PRIMARY KEY, skill TEXT NOT NULL, request TEXT NOT NULL, account TEXT, user TEXT, channel TEXT,
    text TEXT NOT NULL, blocks TEXT NOT NULL, retrieved TEXT NOT NULL, citations TEXT NOT NULL,
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    answer_id TEXT NOT NULL, user TEXT NOT NULL, vote TEXT NOT NULL, retrieved TEXT NOT NULL, at REAL NOT NULL,
    PRIMARY KEY (answer_id, user)
);
"""


@dataclass(frozen=True)
class Conversation:
    """A thread the bot answers in without being mentioned again."""

    channel: str
    thread_ts: str
    user: str | None
    account: str | None


@dataclass
class StoredAnswer:
    """An answer as sent, kept for feedback, sharing and audit."""

    id: str
    skill: str
    request: str
    text: str
    blocks: list[dict]
    account: str | None = None
    user: str | None = None
    channel: str | None = None
    retrieved: list[str] = field(default_factory=list)
    citations: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class Feedback:
    answer_id: str
    user: str
    vote: str
    retrieved: list[str]


class SlackState:
    """One SQLite file (`<home>/slack.db`), one connection guarded by a lock: listeners run on many threads."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        self._conn.row_factory = sqlite3.Row
        use_wal(self._conn)
        with self._lock:
            self._conn.executescript(SCHEMA)
            cutoff = time.time() - EVENT_RETENTION_SECONDS
            self._conn.execute("DELETE FROM processed_events WHERE received_at < ?", (cutoff,))

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def claim_event(self, event_id: str) -> bool:
        """True the first time an event id is seen; False for a retry or a duplicate delivery."""
        with self._lock:
            cursor = self._conn.execute("INSERT OR IGNORE INTO processed_events VALUES (?, ?)", (event_id, time.time()))
            return cursor.rowcount == 1

    def remember_thread(self, channel: str, thread_ts: str, user: str | None, account: str | None = None) -> None:
        """Start (or keep) a conversation in a thread; a known account replaces the one on record."""
        with self._lock:
            self._conn.execute(
                "INSERT INTO threads VALUES (?, ?, ?, ?, ?) ON CONFLICT(channel, thread_ts) DO UPDATE SET "
                "account = COALESCE(excluded.account, threads.account)",
                (channel, thread_ts, user, account, time.time()),
            )

    def conversation(self, channel: str, thread_ts: str) -> Conversation | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT * FROM threads WHERE channel = ? AND thread_ts = ?", (channel, thread_ts)
            ).fetchone()
        return Conversation(row["channel"], row["thread_ts"], row["user"], row["account"]) if row else None

    def save_answer(self, answer: StoredAnswer) -> None:
        with self._lock:
            self._conn.execute(
                "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    answer.id,
                    answer.skill,
                    answer.request,
                    answer.account,
                    answer.user,
                    answer.channel,
                    answer.text,
                    json.dumps(answer.blocks),
                    json.dumps(answer.retrieved),
                    json.dumps(answer.citations),
                    time.time(),
                ),
            )

    def answer(self, answer_id: str) -> StoredAnswer | None:
        with self._lock:
            row = self._conn.execute("SELECT * FROM answers WHERE id = ?", (answer_id,)).fetchone()
        if row is None:
            return None
        return StoredAnswer(
            id=row["id"],
            skill=row["skill"],
            request=row["request"],
            text=row["text"],
            blocks=json.loads(row["blocks"]),
            account=row["account"],
            user=row["user"],
            channel=row["channel"],
            retrieved=json.loads(row["retrieved"]),
            citations=json.loads(row["citations"]),
        )

    def record_feedback(self, answer_id: str, user: str, vote: str) -> Feedback | None:
        """Store a vote with the chunk ids the answer was built from; a user's later vote replaces theirs.
        None when the answer is unknown (e.g. its id was forged)."""
        answer = self.answer(answer_id)
        if answer is None:
            return None
        with self._lock:
            self._conn.execute(
                "INSERT OR REPLACE INTO feedback VALUES (?, ?, ?, ?, ?)",
                (answer_id, user, vote, json.dumps(answer.retrieved), time.time()),
            )
        return Feedback(answer_id, user, vote, answer.retrieved)

    def feedback(self, answer_id: str) -> list[Feedback]:
        with self._lock:
            rows = self._conn.execute("SELECT * FROM feedback WHERE answer_id = ? ORDER BY at", (answer_id,)).fetchall()
        return [Feedback(r["answer_id"], r["user"], r["vote"], json.loads(r["retrieved"])) for r in rows]
