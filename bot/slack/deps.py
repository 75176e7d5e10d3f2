"""The dependency container handed to every surface's `register(app, deps)`, and the worker that does slow work
after the ack."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.core.config import Settings
from bot.core.copilot import Copilot
from bot.slack.skills import Skill, default_skills, route_text
from bot.slack.state import SlackState

logger = logging.getLogger(__name__)

JOB_WORKERS = 4
MAX_FILE_BYTES = 2_000_000


class Jobs:
    """A small thread pool of its own, so Bolt's listener threads only ever ack and hand over: a burst of slow
    answers can never delay the ack of the next slash command."""

    def __init__(self, workers: int = JOB_WORKERS):
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="csm-job")

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        return self._pool.submit(_logged, fn, *args, **kwargs)

    def shutdown(self, wait: bool = True) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=not wait)


class InlineJobs(Jobs):
    """Runs each job at once, in the caller's thread: listener unit tests see the whole effect synchronously."""

    def __init__(self) -> None:
        pass

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        future.set_result(_logged(fn, *args, **kwargs))
        return future

    def shutdown(self, wait: bool = True) -> None:
        pass


def _logged(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except Exception:  # jobs report their own failures to users; this only catches what slipped through
        logger.exception("background job %s failed", getattr(fn, "__name__", fn))
        return None


@dataclass
class Deps:
    """Everything a listener needs; tests replace any part (a failing skill, a fixed date, inline jobs)."""

    copilot: Copilot
    state: SlackState
    bot_token: str
    work_dir: Path
    jobs: Jobs = field(default_factory=Jobs)
    skills: dict[str, Skill] = field(default_factory=default_skills)
    route: Callable[[Deps, str], Any] = route_text
    today: Callable[[], dt.date] = dt.date.today
    core_lock: threading.Lock = field(default_factory=threading.Lock)
    max_file_bytes: int = MAX_FILE_BYTES

    def close(self) -> None:
        self.jobs.shutdown(wait=True)
        self.state.close()


def build_deps(settings: Settings, copilot: Copilot, **overrides: Any) -> Deps:
    """The production container: state in `<home>/slack.db`, work files (charts, downloads) in `<home>/slack/`."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else ""
    values: dict[str, Any] = {"copilot": copilot, "bot_token": token, "work_dir": settings.home / "slack", **overrides}
    if "state" not in values:
        values["state"] = SlackState(settings.home / "slack.db")
    return Deps(**values)
