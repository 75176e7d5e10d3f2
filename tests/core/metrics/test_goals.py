import pytest

from bot.core.metrics.goals import (
    match_metric,
    measure,
    metric_unit,
    parse_goal,
    plain_label,
    sentence_case,
    stated_target,
)
from bot.core.metrics.series import ratio_series, trend, until


@pytest.mark.parametrize(
    ("text", "direction", "baseline", "target", "relative", "unit"),
    [
        ("Reduce average patient intake documentation time from 14 to 11 minutes", "down", 14, 11, None, "minutes"),
        ("Raise on-time medication charting from 91% to 97%", "up", 91, 97, None, "%"),
        ("Reduce onboarding time by 30%", "down", None, None, -0.30, None),
        ("Grow weekly active teachers by 15%", "up", None, None, 0.15, None),
        ("Reach 85% weekly active nurses across all three campuses", "up", None, 85, None, "%"),
        ("Cut average segment build time from 9.8 minutes to under 2 minutes", "down", 9.8, 2, None, "minutes"),
        ("Reduce card-fraud losses per 1,000 members by 20%", "down", None, None, -0.20, None),
    ],
)
def test_parse_goal_targets(text, direction, baseline, target, relative, unit):
    goal = parse_goal(text)
    assert (goal.direction, goal.baseline, goal.target, goal.relative_change, goal.unit) == (
        direction, baseline, target, relative, unit,
    )  # fmt: skip
    assert goal.measurable


def test_a_goal_without_a_number_is_not_measurable():
    goal = parse_goal("Become the system of record for nursing")
    assert not goal.measurable
    assert measure(goal, None, []).status == "No measurable target in the goal's wording."


def test_goals_match_metric_columns_by_words_and_seat_share_goals_match_adoption():
    columns = ["active_users", "licensed_seats", "intake_minutes", "on_time_charting_pct", "adoption"]
    assert match_metric(parse_goal("Reduce intake time from 14 to 11 minutes"), columns) == "intake_minutes"
    assert match_metric(parse_goal("Raise on-time charting from 91% to 97%"), columns) == "on_time_charting_pct"
    assert match_metric(parse_goal("Reach 85% weekly active nurses"), columns) == "adoption"
    assert match_metric(parse_goal("Lift email revenue share from 18% to 22%"), columns) is None


def test_measure_from_a_stated_baseline():
    progress = measure(
        parse_goal("Raise on-time charting from 91% to 97%"), "x", [("2026-01-01", 92.0), ("2026-02-01", 94.0)]
    )
    assert (progress.baseline, progress.target, progress.current, progress.met) == (91, 97, 94, False)
    assert progress.progress == pytest.approx(0.5)
    assert progress.status == "Not met yet (50% of the way): 94% on 2026-02-01 against a target of 97%."


def test_measure_relative_goal_from_the_first_recorded_value():
    progress = measure(
        parse_goal("Reduce onboarding time by 30%"), "onboarding_days", [("2026-01-01", 40.0), ("2026-06-01", 27.0)]
    )
    assert progress.target == pytest.approx(28.0) and progress.met is True
    assert progress.baseline_date == "2026-01-01"


def test_percent_goal_on_a_ratio_series_is_scaled_and_moving_away_is_said():
    progress = measure(
        parse_goal("Reach 85% weekly active nurses"), "adoption", [("2026-01-01", 0.6), ("2026-02-01", 0.7)]
    )
    assert progress.current == pytest.approx(70.0) and progress.baseline == pytest.approx(60.0)
    assert progress.status == "Not met yet (40% of the way): 70% on 2026-02-01 against a target of 85%."
    away = measure(parse_goal("Raise charting from 91% to 97%"), "x", [("2026-01-01", 90.0)])
    assert away.status.startswith("Moving away from the target")


def test_trend_compares_with_three_rows_earlier_or_the_first():
    series = [(f"2026-0{m}-01", float(m)) for m in range(1, 7)]
    tr = trend(series)
    assert (tr.previous_date, tr.previous, tr.current, tr.direction) == ("2026-03-01", 3.0, 6.0, "up")
    assert trend(series[:2]).previous_date == "2026-01-01"
    assert trend(series[:1]).direction == "new"
    assert trend([]) is None
    assert until(series, "2026-02-15") == series[:2]
    assert ratio_series([("d1", 5.0), ("d2", 6.0)], [("d1", 10.0), ("d2", 0.0)]) == [("d1", 0.5)]


def test_a_share_from_a_ratio_shows_whole_percent_like_the_health_score():
    # 771 / 1200 = 64.25%: the plan said "64.25%" while the health score said "64%".
    progress = measure(parse_goal("Reach 85% weekly active nurses"), "adoption", [("2026-11-01", 771 / 1200)])
    assert progress.show(progress.current) == "64%" and progress.show(progress.target) == "85%"
    assert progress.status == "Not met yet (0% of the way): 64% on 2026-11-01 against a target of 85%."
    minutes = measure(parse_goal("Reduce intake time from 14 to 11 minutes"), "intake_minutes", [("2026-11-01", 15.1)])
    assert minutes.show(minutes.current) == "15.1 minutes"


def test_a_goal_no_metric_measures_keeps_its_stated_target():
    assert stated_target("Reduce where-is-my-order calls from shippers by 30%") == "30% lower than the baseline"
    assert stated_target("Lift email-attributed share of online revenue from 18% to 22%") == "22%"
    assert stated_target("Become the system of record") is None
    unmeasured = measure(parse_goal("Lift revenue share from 18% to 22%"), None, [])
    assert not unmeasured.measured and unmeasured.unit == "%"


@pytest.mark.parametrize(
    ("metric", "shown", "unit"),
    [("on_time_charting_pct", "on-time charting", "%"), ("segment_build_minutes", "segment build time", "minutes"),
     ("duplicate_complaints", "duplicate complaints", None), ("nps", "NPS", None)],
)  # fmt: skip
def test_plain_labels_drop_the_unit_suffix_and_keep_acronyms(metric, shown, unit):
    assert (plain_label(metric), metric_unit(metric)) == (shown, unit)
    assert sentence_case(plain_label("csat")) == "CSAT"  # str.capitalize() gave "Csat"
