import datetime as dt

import pytest

from bot.core.errors import UserInputError
from bot.core.health.config import load_health_config
from bot.core.health.score import band_for, score_account
from evals.datasets_io import load_jsonl
from evals.health import case_inputs

CASES = {case["id"]: case for case in load_jsonl("health.jsonl")}
CONFIG = load_health_config()


def health_of(case_id: str, config=CONFIG):
    case = CASES[case_id]
    return score_account(case_inputs(case), config, dt.date.fromisoformat(case["as_of"]))


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_scores_match_the_hand_computed_cases(case_id):
    health = health_of(case_id)
    expected = CASES[case_id]["expected"]
    assert abs(health.score - expected["score"]) <= 1
    assert health.band == expected["band"]
    assert sorted(s.kind for s in health.signals) == sorted(expected["signals"])
    assert sorted(c.name for c in health.components if c.score is None) == sorted(expected["missing"])


def test_missing_inputs_are_said_and_their_weight_shared_out():
    health = health_of("one-month")
    assert any(m.startswith("support: no open_tickets column") for m in health.missing)
    assert health.missing[-1].startswith("the weights of missing components were shared out")
    assert sum(c.effective_weight for c in health.components) == pytest.approx(1.0, abs=0.01)


def test_zero_seats_is_explained_not_divided_by():
    adoption = next(c for c in health_of("zero-seats").components if c.name == "adoption")
    assert adoption.score is None
    assert adoption.detail == "licensed seats are zero or unknown, so adoption cannot be computed"


def test_drivers_are_plain_words_with_citations_negatives_first():
    health = health_of("declining-red")
    assert health.drivers[0].effect == "negative"
    texts = " | ".join(d.text for d in health.drivers)
    assert "10 open support tickets (20.0 per 100 active users), up from 4 on 2026-08-01" in texts
    assert "The champion is leaving or has left" in texts
    metric_driver = next(d for d in health.drivers if d.component == "support")
    assert metric_driver.citations[0].quote == "2026-11-01: open_tickets = 10"
    note_driver = next(d for d in health.drivers if d.component == "relationship")
    assert note_driver.citations[0].source == "accounts/declining-red/notes/0.md"


def test_renewal_signal_names_the_unmet_goals_and_days():
    health = health_of("declining-red")
    renewal = next(s for s in health.signals if s.kind == "renewal_goals_unmet")
    assert renewal.text == "Renewal in 60 days with goals unmet: Raise weekly active users from 80 to 95"
    assert health.days_to_renewal == 60


def test_weights_from_config_change_the_score(tmp_path):
    edited = CONFIG.model_copy(update={"weights": {"adoption": 1.0}})
    assert health_of("declining-red", edited).score == round(100 * 0.4375)


def test_no_data_at_all_scores_zero_and_says_why():
    case = {**CASES["one-month"], "metrics": [], "profile": {"name": "Empty"}}
    health = score_account(case_inputs(case), CONFIG, dt.date(2026, 11, 22))
    assert health.score == 0 and health.band == "red"
    assert health.missing[-1].startswith("no component has data")


def test_bands_follow_the_thresholds():
    assert [band_for(s, CONFIG) for s in (75, 74.9, 50, 49)] == ["green", "yellow", "yellow", "red"]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("weights: {adoption: -1}", "non-negative"),
        ("weights: {vibes: 1}", "unknown components"),
        ("weights: [1, 2", "invalid health config"),
        ("bands: {green: 80}", "weights"),
    ],
)
def test_a_broken_config_is_a_clear_user_error(tmp_path, text, error):
    path = tmp_path / "health.yaml"
    path.write_text(text)
    with pytest.raises(UserInputError, match=error):
        load_health_config(path)
