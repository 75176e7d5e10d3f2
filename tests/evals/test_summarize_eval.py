import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from bot.core.skills.summarize import ActionItem
from evals import runner
from evals import summarize as suite
from evals.datasets_io import load_jsonl
from evals.summary_benchmarks import load_ami, load_qmsum, run_benchmarks


def test_the_gold_set_is_realistic_sized_and_dated():
    rows = load_jsonl("summaries.jsonl")
    assert len(rows) >= 6
    for row in rows:
        turns = [line for line in row["text"].splitlines() if ": " in line or line.startswith("<v ")]
        assert row["name"].endswith(".md") or 30 <= len(turns) <= 80, row["id"]
        assert row["gold"]["action_items"] and row["gold"]["risks"]


def test_own_set_scores_and_reports_a_missing_data_dir(copilot, tmp_path):
    rows = load_jsonl("summaries.jsonl")[:2]
    figures = suite.run(copilot, data_dir=tmp_path / "nowhere", rows=rows, heldout_rows=[])
    assert figures.meetings == 2 and figures.benchmarks == [] and figures.heldout is None
    assert figures.skipped == [
        f"data dir not found: {tmp_path / 'nowhere'}; public benchmarks skipped (pass --data-dir)"
    ]
    for scores in (figures.action_items, figures.decisions, figures.risks):
        assert 0 <= scores.precision <= 1 and 0 <= scores.recall <= 1
        assert scores.matched <= min(scores.gold, scores.predicted)
    assert figures.action_items.recall >= 0.8  # a regression guard on the two kickoff/renewal calls
    rendered = figures.render()
    assert "action items  P" in rendered and "data dir not found" in rendered


def test_the_heldout_set_is_separate_realistic_and_dated():
    tuning, heldout = load_jsonl("summaries.jsonl"), load_jsonl("summaries_heldout.jsonl")
    assert len(heldout) >= 6
    assert not {r["id"] for r in heldout} & {r["id"] for r in tuning}
    assert not {r["name"] for r in heldout} & {r["name"] for r in tuning}
    assert {r["name"].rsplit(".", 1)[1] for r in heldout} >= {"txt", "vtt", "md"}
    for row in heldout:
        turns = [line for line in row["text"].splitlines() if ": " in line or line.startswith("<v ")]
        assert row["name"].endswith(".md") or 25 <= len(turns) <= 130, row["id"]
        assert row["gold"]["action_items"] and row["gold"]["risks"], row["id"]
        for item in row["gold"]["action_items"]:
            assert item["owner"].split()[0] in row["text"], (row["id"], item)  # owners are people in the meeting
            assert item["due"] is None or dt.date.fromisoformat(item["due"]), (row["id"], item)


def test_the_heldout_block_is_reported_beside_the_tuning_set(copilot, tmp_path, monkeypatch):
    sets = {name: load_jsonl(name)[:1] for name in ("summaries.jsonl", "summaries_heldout.jsonl")}
    monkeypatch.setattr(suite, "load_jsonl", lambda name: sets[name])
    monkeypatch.setattr(suite, "default_data_dir", lambda: tmp_path / "nowhere")
    report = runner.run_suites(copilot, ["summarize"])
    figures = report.suites["summarize"]
    assert figures["meetings"] == 1 and figures["heldout"]["meetings"] == 1
    for kind in ("action_items", "decisions", "risks"):
        assert set(figures["heldout"][kind]) == set(figures[kind])  # the same metrics as the tuning set
    lines = report.render().splitlines()
    assert lines[0] == "summarize · 1 CSM meetings (evals/datasets/summaries.jsonl)"
    block = lines.index(next(line for line in lines if line.startswith("summarize held-out · 1 CSM meetings")))
    assert [line.split()[0] for line in lines[block + 1 : block + 5]] == ["action", "due", "decisions", "risks"]
    heldout_id = sets["summaries_heldout.jsonl"][0]["id"]
    assert not any(heldout_id in line for line in lines)  # its misses stay unseen
    written = json.loads(Path(report.report_path).read_text())
    assert written["suites"]["summarize"]["heldout"] == figures["heldout"]


def test_action_matching_needs_the_owner_and_half_the_keywords():
    gold = [{"owner": "Sam Lee", "keywords": ["security", "questionnaire"], "due": "2026-03-06"}]
    right = ActionItem(owner="Sam Lee", task="Submit the security questionnaire", due="2026-03-06")
    wrong_owner = ActionItem(owner="Priya Shah", task="Submit the security questionnaire", due=None)
    unrelated = ActionItem(owner="Sam Lee", task="Book the training room", due=None)
    assert suite.match_actions(gold, [wrong_owner, unrelated, right]) == [(0, 2)]
    assert suite.match_actions(gold, [wrong_owner, unrelated]) == []
    assert suite.owner_matches(None, None) and not suite.owner_matches("Sam", None)


def test_statement_matching_is_fuzzy_and_one_to_one():
    gold = ["Hold Springfield until Toledo adoption is above seventy percent"]
    predicted = ["We'll hold Springfield until Toledo is above seventy percent adoption.", "Something else."]
    assert suite.match_statements(gold, predicted) == [(0, 0)]
    assert suite.match_statements(gold * 2, predicted[:1]) == [(0, 0)]


def _write_benchmarks(folder):
    turns = [
        {"speaker": "A", "content": "Welcome {vocalsound} everyone to the budget meeting for the new remote control."},
        {"speaker": "B", "content": "The remote control budget is twelve euros per unit and we must stay under it."},
        {"speaker": "C", "content": "Yeah."},
        {
            "speaker": "A",
            "content": "We decided the remote control will have a rubber case and a rechargeable battery.",
        },
        {"speaker": "B", "content": "The marketing expert will survey users about the rubber case before Friday."},
    ]
    reference = "The group discussed the remote control budget of twelve euros and decided on a rubber case."
    qmsum = folder / "qmsum"
    qmsum.mkdir(parents=True)
    row = {
        "meeting_transcripts": turns,
        "general_query_list": [{"query": "Summarize the meeting.", "answer": reference}],
    }
    (qmsum / "test.jsonl").write_text(json.dumps(row) + "\n")
    ami = folder / "ami" / "test"
    ami.mkdir(parents=True)
    meeting = [{"speaker": t["speaker"], "utt": {"word": t["content"].replace("{vocalsound} ", "").split()}}
               for t in turns]  # fmt: skip
    with gzip.open(ami / "split_0.jsonl.gz", "wt") as handle:
        handle.write(json.dumps({"id": "ES0000a", "meeting": meeting, "summary": [reference]}) + "\n")


def test_public_benchmarks_score_both_systems_on_the_same_budget(tmp_path):
    _write_benchmarks(tmp_path)
    assert load_qmsum(tmp_path / "qmsum" / "test.jsonl")[0].turns[0].startswith("Welcome everyone")
    assert load_ami(tmp_path / "ami" / "test")[0].id == "ES0000a"
    figures, skipped = run_benchmarks(tmp_path)
    assert skipped == [] and [f.dataset for f in figures] == ["QMSum test (general queries)", "AMI test"]
    for bench in figures:
        assert bench.meetings == 1 and bench.references == 1
        assert 20 < bench.ours.rouge1 <= 100 and 0 <= bench.textrank.rouge1 <= 100


def test_a_missing_benchmark_file_is_skipped_with_a_reason(tmp_path):
    (tmp_path / "qmsum").mkdir()
    figures, skipped = run_benchmarks(tmp_path)
    assert figures == []
    assert skipped[0].startswith("QMSum test (general queries): ") and skipped[0].endswith("not found, skipped")


@pytest.mark.parametrize("cap", [1])
def test_the_meeting_cap_limits_work(tmp_path, cap):
    _write_benchmarks(tmp_path)
    assert len(load_qmsum(tmp_path / "qmsum" / "test.jsonl", cap)) == cap
