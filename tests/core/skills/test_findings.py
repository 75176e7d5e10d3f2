import pytest

from bot.core.metrics.goals import measure, parse_goal
from bot.core.skills import findings

GOALS = [
    measure(parse_goal(text), metric, [("2026-11-01", value)])
    for text, metric, value in [
        ("Reduce average patient intake documentation time from 14 to 11 minutes", "intake_minutes", 15.1),
        ("Reach 85% weekly active nurses across all three campuses", "adoption", 0.64),
    ]
]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # The goal is to cut intake time, and paper sheets going down is good: a win, not a challenge.
        ("In the pilot, median intake time for pilot nurses fell from 16.2 to 11.8 minutes, paper intake sheets on "
         "pilot shifts dropped from about 60 to 3, and nurses rated the form 4.3 out of 5.", "win"),
        ("Weekly active nurses fell from 992 in February to 771 in November.", "challenge"),
        ("Open tickets rose from 11 to 41 and NPS fell from 32 to 4.", "challenge"),
        ("On-time charting rose from 90.1 to 90.6 this month.", "win"),
        ("Dana's last day at Harborview is 2026-12-31.", "neutral"),
    ],
)  # fmt: skip
def test_a_movement_is_judged_by_the_way_its_goal_points(sentence, expected):
    assert findings.read(sentence, goals=GOALS) == expected


def test_a_result_after_an_adopted_lead_is_a_win():
    lead = "Adopted: Quick Intake."
    assert findings.read("18 evening-shift nurses completed 412 intakes.", "Pilot outcome", lead) == "win"
    assert findings.read("The dedupe guard blocked 38,000 duplicates.", "Wins") == "win"


def test_numbers_restated_from_the_metrics_are_data_not_findings():
    assert findings.is_data("Metrics reviewed (as of October)") and not findings.is_data("Risks")
