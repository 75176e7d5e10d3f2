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


def test_builds_on_thresholds_are_fit_on_the_other_source():
    # Source "a" needs a threshold of 2 and "b" of 1: each is judged by the other's, so neither is perfect.
    scores = [2.0, 0.0, 1.0, 0.0, 1.0, 0.0]
    gold = [True, False, True, False, False, False]
    sources = ["a", "a", "b", "b", "a", "a"]
    fit = suite.cross_fit(scores, gold, sources)
    assert fit.thresholds == {"a": 0.5, "b": 1.5}  # a is cut where b's scores part, b where a's do
    assert fit.by_source == {"a": 0.75, "b": 0.5}


def test_spolin_builds_on_reads_the_prompt(tmp_path):
    data = {
        "yesands": {"spont": [{"p": "Let's paint the barn red.", "r": "And I brought a ladder for the barn!"}],
                    "cornell": [{"p": "The ship is sinking!", "r": "Grab the lifeboats, the ship won't last."}]},
        "non-yesands": {"spont": [{"p": "Let's paint the barn red.", "r": "My cousin sells shoes."}],
                        "cornell": [{"p": "The ship is sinking!", "r": "I like Tuesdays."}]},
    }  # fmt: skip
    figures = suite.spolin_figures(data, similarity=lambda pairs: [0.9, 0.8, 0.1, 0.2])
    assert figures.builds_on_lexical == 1.0 and figures.builds_on_semantic == 1.0
    assert figures.detector_accuracy == 0.5  # "won't" reads as a block to the detector; the offer is taken up
    assert suite.shared_words("Let's paint the barn red.", "And I brought red paint for the barn!") == 3
    assert figures.thresholds == {"cornell": 0.5, "spont": 0.5}  # halfway between the other source's scores
