"""Fixtures for the Slack tests: a fake Slack on loopback, and the real bot (built by the `serve` code) in front
of the fixture knowledge base, with hash embeddings and a fixed date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from unittest.mock import MagicMock

import pytest
from slack_sdk import WebClient

from bot.commands.serve import RunningBot, start_http
from bot.core.config import Settings
from bot.core.copilot import Copilot
from bot.core.knowledge.embeddings import HashEmbedder
from bot.slack.deps import Deps, InlineJobs
from bot.slack.state import SlackState
from tests.conftest import make_settings
from tests.slack.fake_slack import BOT_TOKEN, SIGNING_SECRET, FakeSlack
from tests.slack.sender import SlackSender

TODAY = dt.date(2026, 1, 10)  # the fixture knowledge base is dated around late 2025


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def slack_settings(tmp_path: Path, knowledge: Path, fake_slack: FakeSlack) -> Settings:
    return make_settings(
        tmp_path / "home",
        knowledge,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_BASE_URL=fake_slack.base_url,
    )


@pytest.fixture
def slack_copilot(slack_settings: Settings) -> Iterator[Copilot]:
    instance = Copilot(slack_settings, embedder=HashEmbedder())
    instance.ensure_ingested()
    yield instance
    instance.close()


@pytest.fixture
def start_bot(slack_settings: Settings, slack_copilot: Copilot, fake_slack: FakeSlack) -> Iterator[Callable]:
    """Start the real app (HTTP mode, ephemeral port) as `serve` does; returns (bot, sender). Stops them all."""
    bots: list[RunningBot] = []

    def start(**overrides) -> tuple[RunningBot, SlackSender]:
        bot = start_http(slack_settings, slack_copilot, "127.0.0.1", 0, **{"today": lambda: TODAY, **overrides})
        bot.server.start_in_thread()
        bots.append(bot)
        return bot, SlackSender(bot.server.url, fake_slack)

    yield start
    for bot in bots:
        bot.stop()


@pytest.fixture
def slack(start_bot) -> SlackSender:
    """The sending side, in front of a running bot."""
    return start_bot()[1]


# --- listener unit tests ---------------------------------------------------------------------------------


@pytest.fixture
def deps(tmp_path: Path, copilot: Copilot) -> Iterator[Deps]:
    """Dependencies with inline jobs: a listener's whole effect has happened when it returns."""
    copilot.ensure_ingested()
    state = SlackState(tmp_path / "slack.db")
    yield Deps(
        copilot=copilot,
        state=state,
        bot_token=BOT_TOKEN,
        work_dir=tmp_path / "work",
        jobs=InlineJobs(),
        today=lambda: TODAY,
    )
    state.close()


@pytest.fixture
def client() -> MagicMock:
    """A Mock(WebClient) whose posts return a ts, as Slack's do."""
    mock = MagicMock(spec=WebClient)
    mock.base_url = "https://slack.com/api/"
    mock.chat_postMessage.return_value = {"ok": True, "ts": "1767000001.000100"}
    mock.conversations_open.return_value = {"ok": True, "channel": {"id": "D0CSM"}}
    return mock
