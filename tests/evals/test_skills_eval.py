import datetime as dt

from bot.core.skills.plan import PlanAction, plan
from evals import skills


def test_plan_suite_counts_required_facts(sample_copilot):
    rows = [{"id": "x", "account": "harborview-health", "as_of": "2026-11-22",
             "must_contain": ["Dana Whitfield", "a fact nobody wrote"], "risk_severities": {}}]  # fmt: skip
    figures = skills.run_plans(sample_copilot, rows)
    assert figures.fact_share == 0.5 and figures.plans_with_all_facts == 0.0
    assert "missing: a fact nobody wrote" in figures.misses[0]


def test_the_invention_check_catches_a_made_up_person_date_and_number(sample_copilot):
    result = plan(sample_copilot, "harborview-health", dt.date(2026, 11, 22))
    assert skills._invented(sample_copilot, result) == []
    result.actions.append(PlanAction(action="Zelda Quartermaine signs 7319 seats on 2031-05-05", owner="customer"))
    assert skills._invented(sample_copilot, result) == ["2031-05-05", "7319", "Zelda Quartermaine"]


def test_reframe_suite_scores_persona_insight_and_grounding(sample_copilot):
    rows = [{"id": "f", "problem": "drivers skip the delivery confirmation step", "account": "swiftroute-logistics",
             "persona_contains": ["drivers"], "insight_contains": ["a phrase not there"],
             "insight_source": "accounts/swiftroute-logistics/"}]  # fmt: skip
    figures = skills.run_reframes(sample_copilot, rows)
    assert (figures.persona, figures.insight, figures.hmw_at_least_3) == (1.0, 0.0, 1.0)
    assert figures.misses


def test_reframe_suite_rules_out_the_wrong_group_and_checks_the_root_cause(sample_copilot):
    rows = [{"id": "g", "problem": "low usage of the mobile app", "account": "swiftroute-logistics",
             "persona_contains": ["drivers"], "persona_not": ["drivers"], "insight_contains": [["no such", "driver"]],
             "insight_source": "accounts/swiftroute-logistics/", "root_cause": "perception"}]  # fmt: skip
    figures = skills.run_reframes(sample_copilot, rows)
    assert figures.persona == 0.0  # it names a group the case rules out
    assert figures.insight == 1.0  # any one phrasing of a fact will do
    assert (figures.root_cause, figures.root_cause_cases) == (0.0, 1) and figures.statement == 1.0
    assert "root cause" in figures.misses[0]


def test_plan_suite_counts_forbidden_texts_and_expected_severities(sample_copilot):
    rows = [{"id": "y", "account": "harborview-health", "as_of": "2026-11-22", "must_contain": [],
             "must_not_contain": ["Send the ROI summary to Raymond Osei", "Shadow the East Campus ED"],
             "risk_severities": {"high": 2, "medium": 9}}]  # fmt: skip
    figures = skills.run_plans(sample_copilot, rows)
    assert figures.forbidden == 1 and "y: must not say: Send the ROI summary to Raymond Osei" in figures.misses
    assert figures.severity_share == 0.5 and "y: 2 medium risks, expected at least 9" in figures.misses
    assert figures.single_play_mitigations == 1.0
