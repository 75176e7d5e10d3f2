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
