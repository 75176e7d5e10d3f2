"""`csm-copilot serve`: configuration errors, the mode it picks, and an end-to-end run of the real command in
HTTP mode driven by signed requests against the fake Slack."""

from __future__ import annotations

import argparse
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bot.commands import serve
from bot.core.errors import UserInputError
from tests.conftest import make_settings
from tests.slack.fake_slack import BOT_TOKEN, BOT_USER, SIGNING_SECRET
from tests.slack.sender import SlackSender

ROOT = Path(__file__).resolve().parents[2]


def test_missing_settings_are_readable_errors(tmp_path, knowledge, fake_slack, slack_copilot):
    no_token = make_settings(tmp_path / "h", knowledge, SLACK_API_BASE_URL=fake_slack.base_url)
    with pytest.raises(UserInputError, match="SLACK_BOT_TOKEN is not set"):
        serve.build_bot(no_token, slack_copilot)
    no_secret = make_settings(
        tmp_path / "h", knowledge, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_API_BASE_URL=fake_slack.base_url
    )
    with pytest.raises(UserInputError, match="SLACK_SIGNING_SECRET is not set"):
        serve.build_bot(no_secret, slack_copilot)
    serve.build_bot(no_secret, slack_copilot, socket_mode=True).stop()  # Socket Mode needs no signing secret


def test_a_token_slack_rejects_is_a_readable_error(tmp_path, knowledge, fake_slack, slack_copilot):
    wrong = make_settings(
        tmp_path / "h",
        knowledge,
        SLACK_BOT_TOKEN="xoxb-wrong",
        SLACK_SIGNING_SECRET="s",
        SLACK_API_BASE_URL=fake_slack.base_url,
    )
    with pytest.raises(UserInputError, match="Slack did not accept SLACK_BOT_TOKEN"):
        serve.build_bot(wrong, slack_copilot)
    assert fake_slack.calls_to("auth.test")  # it asked the configured API base URL, not slack.com


def test_serve_uses_socket_mode_when_an_app_token_is_set(tmp_path, knowledge, fake_slack, monkeypatch):
    from slack_bolt.adapter import socket_mode

    started = []

    class FakeHandler:
        def __init__(self, app, app_token):
            started.append((app, app_token))

        def start(self):
            started.append("started")

        def close(self):
            started.append("closed")

    monkeypatch.setattr(socket_mode, "SocketModeHandler", FakeHandler)
    monkeypatch.setattr(serve, "_stop_on_sigterm", lambda: None)  # leave pytest's own SIGTERM handling alone
    settings = make_settings(
        tmp_path / "h",
        knowledge,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_APP_TOKEN="xapp-1-test",
        SLACK_API_BASE_URL=fake_slack.base_url,
    )
    from bot.core.copilot import Copilot
    from bot.core.knowledge.embeddings import HashEmbedder

    copilot = Copilot(settings, embedder=HashEmbedder())
    try:
        code = serve.cmd_serve(copilot, argparse.Namespace(http=False, host="127.0.0.1", port=0))
    finally:
        copilot.close()
    assert code == 0
    app, token = started[0]
    assert token == "xapp-1-test" and app.client.base_url == fake_slack.base_url
    assert started[1:] == ["started", "closed"]


def _read_lines(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line)


def test_end_to_end_serve_over_http_answers_a_mention_with_a_cited_answer_in_the_thread(
    tmp_path, knowledge, fake_slack
):
    env = {
        **os.environ,
        "CSM_COPILOT_EMBEDDINGS": "hash",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_BASE_URL": fake_slack.base_url,
    }
    env.pop("SLACK_APP_TOKEN", None)
    command = [
        sys.executable,
        "-m",
        "bot.cli",
        "--home",
        str(tmp_path / "home"),
        "--knowledge",
        str(knowledge),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_read_lines, args=(process.stdout, lines), daemon=True).start()
    try:
        banner = lines.get(timeout=120)
        assert "HTTP mode, listening on http://127.0.0.1:" in banner, banner
        url = banner.split("listening on ")[1].split(" ")[0]
        slack = SlackSender(url, fake_slack)

        sent = slack.event(
            {
                "type": "app_mention",
                "user": "U0CSM",
                "channel": "C0GENERAL",
                "ts": "1767000000.000100",
                "event_ts": "1767000000.000100",
                "text": f"<@{BOT_USER}> When should renewal preparation start?",
            }
        )
        assert sent.status == 200
        [answer] = fake_slack.wait_for("chat.postMessage", timeout=60)
        assert answer.args["channel"] == "C0GENERAL" and answer.args["thread_ts"] == "1767000000.000100"
        assert "[1]" in answer.text and "*Sources*" in answer.text
        assert "playbooks/renewal-preparation.md" in answer.text
        assert slack.event({"type": "app_mention"}, secret="wrong").status == 401
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert process.returncode == 130, process.stderr.read()  # SIGTERM ends it like Ctrl-C
