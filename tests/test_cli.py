"""The CLI contract, run as a user runs it: a subprocess, real files, exit codes and JSON on stdout."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(home: Path, knowledge: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CSM_COPILOT_EMBEDDINGS": "hash", "CSM_COPILOT_ENGINE": "offline"}
    command = [sys.executable, "-m", "bot.cli", "--home", str(home), "--knowledge", str(knowledge), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def test_ask_on_an_empty_store_ingests_first_and_prints_one_json_document(home, knowledge):
    done = run(home, knowledge, "ask", "--json", "When should renewal preparation start?")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["found"] is True
    assert answer["citations"][0]["source"] == "playbooks/renewal-preparation.md"
    assert {"source", "quote"} <= answer["citations"][0].keys()


def test_ask_prints_the_answer_with_a_sources_footer(home, knowledge):
    done = run(home, knowledge, "ask", "Who", "asked", "for", "driver", "seats", "at", "Orbit?")
    assert done.returncode == 0, done.stderr
    assert "[1]" in done.stdout and "\nSources:\n  [1] accounts/orbit-freight/" in done.stdout


def test_ingest_reports_then_finds_nothing_to_do(home, knowledge):
    first = run(home, knowledge, "ingest")
    assert first.returncode == 0 and first.stdout.startswith("added 10 · updated 0 · unchanged 0")
    second = json.loads(run(home, knowledge, "ingest", "--json").stdout)
    assert len(second["unchanged"]) == 10 and second["chunks_embedded"] == 0


def test_unknown_account_exits_2_with_close_matches(home, knowledge):
    done = run(home, knowledge, "ask", "--account", "Acme Clinic Group", "how are they?")
    assert done.returncode == 2
    assert done.stderr.strip() == "error: Unknown account 'Acme Clinic Group'. Did you mean: Acme Clinics?"
    assert done.stdout == ""


def test_usage_errors_exit_2(home, knowledge):
    assert run(home, knowledge, "ask").returncode == 2
    assert run(home, knowledge, "frobnicate").returncode == 2
    assert run(home, knowledge, "ask", "   ").returncode == 2
    assert run(home, tmp_missing := knowledge / "missing", "ingest").returncode == 2, tmp_missing


def test_internal_errors_exit_1_with_a_reference_and_no_traceback(home, knowledge):
    home.mkdir(parents=True)
    (home / "copilot.db").write_text("this is not a SQLite database")
    done = run(home, knowledge, "ask", "anything")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("error: internal error (ref ")
    assert "Traceback" in (home / "copilot.log").read_text()  # details kept for whoever debugs it


def test_bad_configuration_is_a_readable_error(home, knowledge):
    env_home = home
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "--home", str(env_home), "ask", "x"],
        capture_output=True, text=True, env={**os.environ, "CSM_COPILOT_EMBEDDINGS": "word2vec"}, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert "CSM_COPILOT_EMBEDDINGS must be" in done.stderr


def test_health_json_follows_the_contract(home, knowledge):
    done = run(home, knowledge, "health", "--as-of", "2026-01-10", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    first = report["accounts"][0]
    assert {"account", "score", "band", "drivers", "renewal_date", "days_to_renewal"} <= first.keys()
    assert first["account"] == "acme-clinics" and first["band"] in ("green", "yellow", "red")


def test_health_table_and_bad_date(home, knowledge):
    done = run(home, knowledge, "health", "--as-of", "2026-01-10")
    assert done.returncode == 0 and "at-risk first" in done.stdout and "Early warnings" in done.stdout
    assert run(home, knowledge, "health", "--as-of", "soon").returncode == 2


def test_qbr_json_and_charts(home, knowledge, tmp_path):
    done = run(home, knowledge, "qbr", "acme", "--as-of", "2026-01-10", "--out", str(tmp_path / "q"), "--json")
    assert done.returncode == 0, done.stderr
    brief = json.loads(done.stdout)
    for key in (
        "account",
        "health",
        "metrics",
        "wins",
        "risks",
        "agenda",
        "discovery_questions",
        "charts",
        "citations",
    ):
        assert key in brief
    assert {"score", "band", "drivers"} <= brief["health"].keys()
    assert {"name", "current", "previous", "trend"} <= brief["metrics"][0].keys()
    assert all(Path(p).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in brief["charts"])
    assert run(home, knowledge, "qbr", "nobody").returncode == 2


def test_plan_json_follows_the_contract(home, knowledge):
    done = run(home, knowledge, "plan", "Acme", "--as-of", "2026-01-10", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert {"account", "journey_stage", "customer_profile", "current_state", "milestones", "success_metrics",
            "actions", "risks", "citations"} <= result.keys()  # fmt: skip
    assert {"stakeholders", "business_goals", "key_use_cases"} <= result["customer_profile"].keys()
    assert {"usage", "adoption", "challenges"} <= result["current_state"].keys()
    assert all({"name", "due", "measure"} <= m.keys() for m in result["milestones"])
    assert all({"name", "category", "current", "target"} <= m.keys() for m in result["success_metrics"])
    assert all(a["owner"] in ("us", "customer") for a in result["actions"])
    assert all({"risk", "mitigation", "severity"} <= r.keys() for r in result["risks"])
    assert run(home, knowledge, "plan", "nobody").returncode == 2


def test_reframe_json_follows_the_contract(home, knowledge):
    done = run(home, knowledge, "reframe", "low usage of the triage form", "--account", "acme", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert {"statement", "persona", "need", "insight", "root_cause", "how_might_we", "citations"} <= result.keys()
    assert result["root_cause"] in ("product", "process", "perception", "mixed")
    assert len(result["how_might_we"]) >= 3
    assert run(home, knowledge, "reframe", " ").returncode == 2


def test_qbr_metric_values_carry_their_units():
    from bot.commands.qbr import _shown

    assert [_shown("arr", 420000), _shown("intake_minutes", 15.1), _shown("on_time_charting_pct", 90.6)] == [
        "$420,000",
        "15.1 minutes",
        "90.6%",
    ]
    assert _shown("feature_adoption", 0.5) == "50%" and _shown("nps", 4) == "4"
