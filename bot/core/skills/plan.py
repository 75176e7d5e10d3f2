"""`plan ACCOUNT`: a success plan draft. Profile from the profile, current state from the metrics table
and the notes, milestones from the journey stage, the stage's playbook and the renewal date, success
metrics from the business goals, actions split between us and the customer, and risks with mitigations
taken from the playbooks. Every statement is cited or computed."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from bot.core.copilot import Copilot
from bot.core.health.portfolio import account_health, health_inputs, load_config
from bot.core.health.score import AccountHealth, seat_series
from bot.core.knowledge.accounts import Account
from bot.core.knowledge.metrics_text import label, show_metric
from bot.core.metrics.goals import GoalProgress, sentence_case, stated_target
from bot.core.metrics.series import ratio_series, trend, until
from bot.core.skills import open_actions
from bot.core.skills.common import Citation, GuardNote, profile_source
from bot.core.skills.open_actions import open_items
from bot.core.skills.plan_parts import (
    challenges,
    commitments,
    milestones,
    plan_milestones,
    playbook_actions,
    risks,
)
from bot.core.skills.playbooks import Playbooks


class Stakeholder(BaseModel):
    name: str
    role: str | None = None
    type: str | None = None


class CustomerProfile(BaseModel):
    stakeholders: list[Stakeholder]
    business_goals: list[str]
    key_use_cases: list[str]


class CurrentState(BaseModel):
    usage: list[str] = Field(description="product usage, computed from the metrics table")
    adoption: list[str] = Field(description="adoption, satisfaction and support trends, computed")
    challenges: list[str] = Field(description="existing challenges mined from recent notes, cited")


class Milestone(BaseModel):
    name: str
    due: str | None = Field(description="YYYY-MM-DD")
    measure: str = Field(description="how we will know it is reached")


class SuccessMetric(BaseModel):
    name: str
    category: Literal["adoption", "onboarding", "business_impact"]
    current: str | None
    target: str | None


class PlanAction(BaseModel):
    action: str
    owner: Literal["us", "customer"]
    due: str | None = None
    who: str | None = Field(None, description="the person named, when there is one")
    context: str | None = Field(None, description="where it was agreed: the meeting's date and title")


class PlanRisk(BaseModel):
    risk: str
    mitigation: str
    severity: Literal["high", "medium", "low"]


class PlanResult(BaseModel):
    """A success plan draft for one account; a starting point the CSM edits with the customer."""

    account: str
    name: str
    as_of: str
    journey_stage: str | None
    customer_profile: CustomerProfile
    current_state: CurrentState
    milestones: list[Milestone]
    success_metrics: list[SuccessMetric]
    actions: list[PlanAction]
    risks: list[PlanRisk]
    citations: list[Citation] = Field(default_factory=list)
    health_score: int | None = None
    engine: str = Field("offline", description='"offline", "openai", or "offline (fallback: <reason>)"')
    guard: list[GuardNote] = Field(default_factory=list, description="what the grounding guard removed or flagged")


def plan(copilot: Copilot, account: str, as_of: dt.date | None = None) -> PlanResult:
    """Draft the success plan for `account` as of `as_of` (default today)."""
    copilot.ensure_ingested()
    target = copilot.resolve_account(account)
    as_of = as_of or dt.date.today()
    inputs = health_inputs(copilot, target)
    health = account_health(copilot, target, as_of, load_config(copilot))
    books = Playbooks(copilot)
    citations: list[Citation] = []
    profile = f"{target.name} profile: stakeholders, goals, use cases"
    citations.append(Citation(source=profile_source(target.slug), quote=profile))
    recent = [c for c in inputs.chunks if c.date and c.date <= as_of.isoformat()]
    quoted = {c.quote for s in health.signals for c in s.citations}
    found_challenges = challenges(recent, as_of, health.goals, skip=quoted, signals={s.kind for s in health.signals})
    citations += [c for _, c in found_challenges]
    found_milestones, milestone_cites = milestones(target, health, books, as_of)
    planned, planned_cites = plan_milestones(recent, as_of)
    found_milestones = sorted([*found_milestones, *planned], key=lambda m: m.due or "9999")
    milestone_cites += planned_cites
    us = playbook_actions(target, health, books, as_of)
    customer_actions = commitments(open_items(target, recent, as_of, our_people(target, copilot)))
    action_cites = [item[1] for item in (*us, *customer_actions)]
    found_risks = risks(health, found_challenges, books, recent)
    result = PlanResult(
        account=target.slug, name=target.name, as_of=as_of.isoformat(),
        journey_stage=target.profile.get("stage"), customer_profile=_profile(target),
        current_state=CurrentState(usage=_usage(inputs.series, as_of), adoption=_adoption(health, inputs.series, as_of),
                                   challenges=[text for text, _ in found_challenges]),
        milestones=found_milestones, success_metrics=_success_metrics(health, target, inputs.series, as_of),
        actions=[a for a, _ in (*us, *customer_actions)], risks=[r for r, _ in found_risks],
        citations=_unique([*citations, *milestone_cites, *action_cites, *(c for _, c in found_risks if c)]),
        health_score=health.score,
    )  # fmt: skip
    from bot.core.llm.drafts import plan as llm_plan

    return llm_plan.run(copilot, result)


def _profile(account: Account) -> CustomerProfile:
    people = [Stakeholder(name=str(p["name"]), role=p.get("role"), type=p.get("type"))
              for p in account.profile.get("stakeholders") or [] if isinstance(p, dict) and p.get("name")]  # fmt: skip
    return CustomerProfile(stakeholders=people, business_goals=[str(g) for g in account.profile.get("goals") or []],
                           key_use_cases=[str(u) for u in account.profile.get("use_cases") or []])  # fmt: skip


def _usage(series: dict, as_of: dt.date) -> list[str]:
    lines = []
    for metric in ("active_users", "feature_adoption"):
        values = until(series.get(metric, []), as_of.isoformat())
        tr = trend(values)
        if tr is None:
            continue
        line = f"{sentence_case(label(metric))}: {show_metric(metric, tr.current)} on {tr.current_date}"
        if tr.previous is not None:
            line += f", {tr.direction} from {show_metric(metric, tr.previous)} on {tr.previous_date}"
        lines.append(line + ".")
    return lines or ["No usage metrics in metrics.csv yet."]


def _adoption(health: AccountHealth, series: dict, as_of: dt.date) -> list[str]:
    lines = [
        c.detail + "."
        for c in health.components
        if c.name in ("adoption", "support", "satisfaction") and c.score is not None
    ]
    lines.append(f"Health score {health.score} ({health.band}, {health.formula_version}).")
    return lines


def our_people(account: Account, copilot: Copilot) -> set[str]:
    """Who is on our side of the account (for splitting actions between us and the customer)."""
    csms = [csm for a in copilot.accounts().accounts for csm in a.csms]
    return open_actions.our_people(account, copilot.db.all_chunks(), csms)


def _success_metrics(health: AccountHealth, account: Account, series: dict, as_of: dt.date) -> list[SuccessMetric]:
    metrics = [_success_metric(goal) for goal in health.goals]
    active = until(series.get("active_users", []), as_of.isoformat())
    seats = trend(ratio_series(active, seat_series(series, account.profile)))  # as the health score counts them
    if seats and not any(g.metric == "adoption" for g in health.goals):
        metrics.append(SuccessMetric(name="Seat adoption (active users / licensed seats)", category="adoption",
                                     current=f"{seats.current:.0%} ({seats.current_date})",
                                     target="80% (full marks in the health score)"))  # fmt: skip
    return metrics


def _success_metric(goal: GoalProgress) -> SuccessMetric:
    """A goal as a success metric: its current value and target at the goal's own precision and unit."""
    category = "adoption" if goal.metric in ("adoption", "active_users", "feature_adoption") else "business_impact"
    if goal.metric and ("onboard" in goal.metric or "time_to_value" in goal.metric):
        category = "onboarding"
    if not goal.measured:  # say why there is no number rather than print a dash
        return SuccessMetric(name=goal.goal, category=category, current="not measured yet (no metrics column for it)",
                             target=stated_target(goal.goal))  # fmt: skip
    current = f"{goal.show(goal.current)} ({goal.current_date}{', met' if goal.met else ''})"
    return SuccessMetric(name=goal.goal, category=category, current=current, target=goal.show(goal.target))


def _unique(citations: list[Citation]) -> list[Citation]:
    seen, out = set(), []
    for c in citations:
        if (c.source, c.quote) not in seen:
            seen.add((c.source, c.quote))
            out.append(c)
    return out
