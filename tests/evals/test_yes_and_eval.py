import json
from collections import Counter

from evals import yes_and as suite
from evals.datasets_io import load_jsonl


def test_the_labelled_set_is_balanced_with_tricky_cases():
    rows = load_jsonl("yes_but.jsonl")
    counts = Counter(r["label"] for r in rows)
    assert len(rows) >= 60 and len(set(counts.values())) == 1
    texts = " ".join(r["text"] for r in rows).lower()
    for tricky in ("not only", "all but", "button", "?", "sorry"):
        assert tricky in texts


def test_detector_beats_the_word_rule_on_csm_replies(tmp_path):
    figures = suite.run(data_dir=tmp_path / "nowhere")
    assert figures.replies >= 60
    assert figures.detector.accuracy >= 0.9  # a regression guard, measured 0.97
    assert figures.detector.accuracy > figures.word_rule.accuracy
    assert figures.rewrites_clean == 1.0
    assert figures.spolin is None and "data dir not found" in figures.skipped[0]
    assert set(figures.detector.classes) == {"yes_and", "yes_but", "no"}


def test_spolin_is_scored_side_by_side_with_the_word_rule(tmp_path):
    spolin = tmp_path / "spolin"
    spolin.mkdir()
    data = {
        "yesands": {"spont": [{"p": "Let's paint the barn.", "r": "And I brought the ladder!"}]},
        "non-yesands": {"spont": [{"p": "Let's paint the barn.", "r": "No, we can't paint today."}]},
    }
    (spolin / "spolin-valid.json").write_text(json.dumps(data))
    rows = load_jsonl("yes_but.jsonl")[:3]
    figures = suite.run(data_dir=tmp_path, rows=rows)
    assert figures.spolin.pairs == 2
    assert figures.spolin.detector_accuracy == 1.0 and figures.spolin.by_source == {"spont": 1.0}
    assert "SPOLIN valid (2 pairs" in figures.render() and "improv dialogue" in figures.render()


def test_word_rule_baseline():
    assert suite.word_rule("Great idea, but no.") == "yes_but"
    assert suite.word_rule("We don't do that.") == "no"
    assert suite.word_rule("Tell me more.") == "yes_and"
