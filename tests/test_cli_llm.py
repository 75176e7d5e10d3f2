"""The CLI on the LLM engine, run as a user runs it: --engine and CSM_COPILOT_ENGINE, a fallback that says so on
standard error while standard output stays one JSON document."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest


def run(home: Path, knowledge: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "CSM_COPILOT_"))}
    full = {**clean, "CSM_COPILOT_EMBEDDINGS": "hash", **env}
    command = [sys.executable, "-m", "bot.cli", "--home", str(home), "--knowledge", str(knowledge), *args]
    return subprocess.run(command, capture_output=True, text=True, env=full, timeout=300)


def refusing_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/v1"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def test_engine_openai_without_an_endpoint_is_a_usage_error(home, knowledge):
    done = run(home, knowledge, "--engine", "openai", "ask", "When should renewal preparation start?")
    assert done.returncode == 2
    assert "CSM_COPILOT_ENGINE=openai needs OPENAI_API_KEY or OPENAI_BASE_URL" in done.stderr


def test_an_unreachable_llm_answers_offline_and_says_so_on_stderr(home, knowledge):
    done = run(
        home,
        knowledge,
        "ask",
        "--json",
        "When should renewal preparation start?",
        OPENAI_BASE_URL=refusing_url(),
        CSM_COPILOT_LLM_RETRIES="0",
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["engine"] == "offline (fallback: connection refused)" and answer["found"]
    assert "note: Answered offline: the language model failed (connection refused)." in done.stderr


def test_the_engine_flag_overrides_the_environment(home, knowledge):
    done = run(
        home,
        knowledge,
        "--engine",
        "offline",
        "ask",
        "--json",
        "When should renewal preparation start?",
        OPENAI_BASE_URL=refusing_url(),
        CSM_COPILOT_ENGINE="openai",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["engine"] == "offline" and done.stderr == ""


def test_check_reports_its_engine(home, knowledge):
    done = run(home, knowledge, "yes-and", "--check", "--json", "Great idea, but it is not on the roadmap.")
    assert done.returncode == 0, done.stderr
    checked = json.loads(done.stdout)
    assert checked["verdict"] == "yes_but" and checked["engine"] == "offline" and checked["guard"] == []


def test_ask_stream_prints_the_answer_then_its_sources(home, knowledge):
    done = run(home, knowledge, "ask", "--stream", "When should renewal preparation start?")
    assert done.returncode == 0, done.stderr
    assert "120 days" in done.stdout and "Sources:\n  [1] playbooks/renewal-preparation.md" in done.stdout
