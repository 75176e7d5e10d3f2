import pytest

from bot.core.errors import UserInputError
from evals import runner
from evals.metrics import hit_at, mentions, reciprocal_rank


def test_rank_metrics_give_values_and_reasons():
    ranked = ["a.md", "b.md", "c.md"]
    assert hit_at(ranked, ["b.md"], 1).value == 0.0
    assert hit_at(ranked, ["b.md"], 5).reason == "gold source at rank 2"
    assert reciprocal_rank(ranked, ["c.md"]).value == pytest.approx(1 / 3)
    assert reciprocal_rank(ranked, ["z.md"]).value == 0.0


def test_mentions_is_case_insensitive_and_names_what_is_missing():
    score = mentions("Dana leaves on 2026-12-31.", ["dana", "2026-12-31", "Priya Natarajan"])
    assert score.value == pytest.approx(2 / 3)
    assert score.reason == "missing: Priya Natarajan"


def test_regressions_are_reported_only_against_the_same_embedding_space(monkeypatch, tmp_path):
    baseline = tmp_path / "baseline.json"
    baseline.write_text('{"embedding_space": "m", "retrieval": {"modes": {"hybrid": {"hit_at_5": 0.9}}}}')
    monkeypatch.setattr(runner, "BASELINE", baseline)
    suites = {"retrieval": {"modes": {"hybrid": {"hit_at_5": 0.8}}, "misses": ["x"]}}
    assert runner.compare_with_baseline(suites, "m") == ["retrieval.modes.hybrid.hit_at_5: 0.800 < baseline 0.900"]
    assert runner.compare_with_baseline(suites, "other") == []


def test_unknown_suite_is_a_user_error(copilot):
    with pytest.raises(UserInputError, match="unknown eval suite"):
        runner.run_suites(copilot, ["nope"])


def test_retrieval_suite_runs_end_to_end_on_a_small_set(copilot):
    from evals import retrieval

    rows = [
        {"id": "a", "question": "When should renewal preparation start?", "account": None,
         "gold_sources": ["playbooks/renewal-preparation.md"], "facts": ["120 days"]},
        {"id": "u", "question": "What is the boiling point of tungsten?", "answerable": False,
         "gold_sources": [], "facts": []},
    ]  # fmt: skip
    figures = retrieval.run(copilot, rows)
    assert figures.modes["hybrid"].hit_at_1 == 1.0
    assert figures.answer_fact_share == 1.0
    assert figures.abstention == 1.0 and figures.answered == 1.0
    assert "hybrid" in figures.render()
