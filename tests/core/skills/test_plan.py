import datetime as dt

import pytest

from bot.core.errors import UnknownAccountError
from bot.core.skills.plan import plan
from bot.core.skills.playbooks import step_days

AS_OF = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def harborview(sample_copilot):
    return plan(sample_copilot, "Harborview", AS_OF)


def test_profile_comes_from_the_profile(harborview):
    profile = harborview.customer_profile
    assert profile.stakeholders[0].name == "Dana Whitfield" and profile.stakeholders[0].type == "champion"
    assert "Raise on-time medication charting from 91% to 97%" in profile.business_goals
    assert "Medication administration charting" in profile.key_use_cases
    assert harborview.journey_stage == "retention"


def test_current_state_is_computed_from_the_metrics(harborview):
    assert harborview.current_state.usage[0] == "Active users: 771 on 2026-11-01, down from 861 on 2026-08-01."
    assert "Seat adoption is 64% (771 active users), down from 72% on 2026-08-01." in harborview.current_state.adoption
    assert harborview.current_state.challenges


def test_milestones_follow_the_renewal_date_and_the_champion_change_play(harborview):
    names = [m.name for m in harborview.milestones]
    assert "Renewal preparation: Checkpoint: 30 days before renewal" in names
    due = {m.name: m.due for m in harborview.milestones}
    assert due["Renewal preparation: Checkpoint: 30 days before renewal"] == "2027-01-16"  # 2027-02-15 - 30
    assert due["Champion or sponsor change: Step 1: in the first week"] == "2026-11-29"  # as of + 7
    # The 120- and 90-day checkpoints are already behind us on 2026-11-22 (85 days out).
    assert not any("120 days before" in n or "90 days before" in n for n in names)
    assert [m.due for m in harborview.milestones] == sorted(m.due for m in harborview.milestones)


def test_success_metrics_turn_goals_into_current_and_target(harborview):
    metrics = {m.name: m for m in harborview.success_metrics}
    charting = metrics["Raise on-time medication charting from 91% to 97%"]
    assert (charting.category, charting.current, charting.target) == ("business_impact", "90.6% (2026-11-01)", "97%")
    assert metrics["Reach 85% weekly active nurses across all three campuses"].category == "adoption"


def test_actions_are_split_between_us_and_the_customer(harborview):
    ours = [a for a in harborview.actions if a.owner == "us"]
    theirs = [a for a in harborview.actions if a.owner == "customer"]
    assert any(a.action.startswith("Thank the departing person") for a in ours)
    assert any(a.who == "Dana" and "handover document" in a.action for a in theirs)
    assert all(not a.action.startswith("Most ") for a in ours)  # explanations are not actions


def test_risks_have_severity_and_a_playbook_mitigation(harborview):
    champion = next(r for r in harborview.risks if "champion is leaving" in r.risk)
    assert champion.severity == "high"
    assert champion.mitigation and "No matching play" not in champion.mitigation
    sources = {c.source for c in harborview.citations}
    assert any(s.startswith("playbooks/") for s in sources)
    assert any(s.startswith("accounts/harborview-health/notes/") for s in sources)


def test_an_account_without_a_departure_gets_no_champion_change_play(sample_copilot):
    lumen = plan(sample_copilot, "lumen", AS_OF)
    assert not any("Champion or sponsor change" in m.name for m in lumen.milestones)


def test_unknown_account_is_an_error(sample_copilot):
    with pytest.raises(UnknownAccountError):
        plan(sample_copilot, "Globex", AS_OF)


@pytest.mark.parametrize(
    ("section", "expected"),
    [("Step 1: in the first week", (7, False)), ("Step 2: within two weeks", (14, False)),
     ("Checkpoint: 90 days before renewal", (90, True)), ("Days 31 to 60: habit", (60, False)),
     ("Step 4: the next quarter", (90, False)), ("Signals to watch", None)],
)  # fmt: skip
def test_step_days_read_from_headings(section, expected):
    assert step_days(section) == expected
