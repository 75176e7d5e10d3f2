"""`summarize` and `yes-and` as a user runs them: a subprocess, real files, exit codes and JSON on stdout."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_cli import run

MEETINGS = Path(__file__).parent / "fixtures" / "meetings"
CALL = MEETINGS / "2025-12-08-acme-check-in.vtt"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def test_summarize_json_is_one_document_with_the_contract_fields(home, knowledge):
    done = run(home, knowledge, "summarize", "--json", "--account", "acme", str(CALL))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert {"summary", "decisions", "action_items", "risks", "follow_up_email", "sentiment", "citations"} <= set(result)
    assert result["account"] == "acme-clinics" and result["meeting_date"] == "2025-12-08"
    assert {"owner", "task", "due"} <= set(result["action_items"][0])
    assert result["sentiment"] in ("positive", "neutral", "negative", "mixed")
    assert {"source", "quote"} <= set(result["citations"][0]) and result["citations"][0]["source"] == CALL.name


def test_summarize_reads_standard_input_and_renders_sections(home, knowledge):
    env = {**os.environ, "CSM_COPILOT_EMBEDDINGS": "hash"}
    command = [sys.executable, "-m", "bot.cli", "--home", str(home), "--knowledge", str(knowledge), "summarize",
               "--date", "2025-12-08", "-"]  # fmt: skip
    done = subprocess.run(command, input=CALL.read_text(), capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    for heading in ("Summary\n", "Decisions\n", "Action items\n", "Risks\n", "Follow-up email draft\n", "Sources:"):
        assert heading in done.stdout
    assert "Jordan Reyes: Send you a one-page summary of the pilot results (due 2025-12-12" in done.stdout


def test_summarize_file_under_copies_and_ingests(home, knowledge):
    done = run(home, knowledge, "summarize", "--json", "--account", "acme", "--file-under", str(CALL))
    assert done.returncode == 0, done.stderr
    filed = json.loads(done.stdout)["filed_as"]
    assert filed == f"accounts/acme-clinics/transcripts/{CALL.name}" and (knowledge / filed).is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["summarize", "--file-under", str(CALL)], "--file-under needs --account"),
        (["summarize", "--account", "Zenith Widgets", str(CALL)], "Unknown account 'Zenith Widgets'"),
        (["summarize", str(MEETINGS / "missing.txt")], "no such file"),
        (["yes-and", "--check", "   "], "empty"),
    ],
)
def test_bad_input_exits_2_with_a_message(home, knowledge, args, message):
    done = run(home, knowledge, *args)
    assert done.returncode == 2 and message in done.stderr and done.stdout == ""


def test_yes_and_json_and_check_json(home, knowledge):
    done = run(home, knowledge, "yes-and", "--json", "--account", "acme", "The triage form takes too long at night")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert len(result["responses"]) >= 3 and result["questions"] and result["citations"]
    checked = run(home, knowledge, "yes-and", "--check", "--json", "Great idea, but it's not on the roadmap.")
    assert checked.returncode == 0, checked.stderr
    verdict = json.loads(checked.stdout)
    assert verdict["verdict"] == "yes_but" and verdict["flags"] == ["but", "not on the roadmap"]
    assert verdict["rewrite"].startswith("Great idea, and")
