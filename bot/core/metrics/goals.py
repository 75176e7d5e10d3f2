"""Business goals as measurable targets: parse "by 15%" or "from 91% to 97%" and measure progress."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from bot.core.metrics.series import Series
from bot.core.text import tokens

DOWN_VERBS = ("reduce", "cut", "lower", "decrease", "shorten", "drop", "halve", "bring down", "minimi")
UP_VERBS = ("raise", "increase", "improve", "grow", "reach", "lift", "boost", "expand", "double", "achieve")
_NUMBER = r"(\d+(?:[.,]\d+)?)"
_UNIT = r"\s*(%|percent|minutes?|mins?|hours?|days?|points?|seconds?|x)?"
_BOUND = r"(?:under|below|above|over|at least|at most|less than|more than|fewer than)?\s*"
_FROM_TO = re.compile(rf"from\s+{_NUMBER}{_UNIT}\s+to\s+{_BOUND}{_NUMBER}{_UNIT}", re.I)
_BY_PERCENT = re.compile(rf"by\s+{_NUMBER}\s*(%|percent)", re.I)
_TO_OR_REACH = re.compile(rf"(?:to|reach|reaching|achieve|at least|above|below|under)\s+{_NUMBER}{_UNIT}", re.I)
_LEADING = re.compile(rf"^\s*\w+\s+{_NUMBER}{_UNIT}", re.I)  # "Reach 85% weekly active nurses"


class Goal(BaseModel):
    """A business objective and the measurable target read from its wording."""

    text: str
    direction: Literal["up", "down"] | None = None
    baseline: float | None = Field(None, description="the stated starting value, when the goal gives one")
    target: float | None = Field(None, description="absolute target, when the goal states one")
    relative_change: float | None = Field(None, description="e.g. -0.15 for 'reduce … by 15%'")
    unit: str | None = None

    @property
    def measurable(self) -> bool:
        return self.target is not None or self.relative_change is not None


class GoalProgress(BaseModel):
    """Where an account stands on one goal, computed from its metrics."""

    goal: str
    metric: str | None = Field(None, description="the metrics column (or 'adoption') that measures the goal")
    baseline: float | None = None
    baseline_date: str | None = None
    target: float | None = None
    current: float | None = None
    current_date: str | None = None
    progress: float | None = Field(None, description="share of the way from baseline to target (1 = met)")
    met: bool | None = None
    status: str = Field(description="one plain sentence on where the goal stands")


def parse_goal(text: str) -> Goal:
    """Read direction, baseline, target and unit from a goal's wording."""
    lowered = text.lower()
    direction = _direction(lowered)
    goal = Goal(text=text, direction=direction)
    if match := _FROM_TO.search(text):
        goal.baseline, goal.target = _num(match.group(1)), _num(match.group(3))
        goal.unit = _unit(match.group(4) or match.group(2))
        goal.direction = goal.direction or ("up" if goal.target > goal.baseline else "down")
    elif match := _BY_PERCENT.search(text):
        share = _num(match.group(1)) / 100
        goal.relative_change = -share if direction == "down" else share
        goal.direction = direction or "up"
    elif match := (_TO_OR_REACH.search(text) or _LEADING.match(text)):
        goal.target, goal.unit = _num(match.group(1)), _unit(match.group(2))
        goal.direction = direction or "up"
    return goal


def match_metric(goal: Goal, columns: list[str]) -> str | None:
    """The metrics column a goal talks about, by shared words; 'adoption' for seat-share goals."""
    # "check-in" must meet both a `check_in_…` and a `checkin_…` column.
    goal_words = set(tokens(goal.text.replace("-", " "))) | set(tokens(goal.text.replace("-", "")))
    best, best_overlap = None, 0
    for column in columns:
        overlap = len(goal_words & set(tokens(column.replace("_", " "))))
        if overlap > best_overlap:
            best, best_overlap = column, overlap
    if best == "active_users" and goal.unit == "%" and "adoption" in columns:
        return "adoption"
    if best is None and goal.unit == "%" and goal_words & {"adoption", "active"} and "adoption" in columns:
        return "adoption"
    return best


def measure(goal: Goal, metric: str | None, series: Series) -> GoalProgress:
    """Progress on a goal from its metric series (percent-unit goals on 0–1 series are scaled)."""
    if not goal.measurable:
        return GoalProgress(goal=goal.text, metric=metric, status="No measurable target in the goal's wording.")
    if metric is None or not series:
        return GoalProgress(goal=goal.text, metric=metric, status="No metric in the data measures this goal yet.")
    scale = 100.0 if goal.unit == "%" and max(abs(v) for _, v in series) <= 1.0 else 1.0
    (first_date, first), (current_date, current) = series[0], series[-1]
    first, current = first * scale, current * scale
    baseline = goal.baseline if goal.baseline is not None else first
    baseline_date = None if goal.baseline is not None else first_date
    target = goal.target if goal.target is not None else baseline * (1 + (goal.relative_change or 0.0))
    progress = None if target == baseline else (current - baseline) / (target - baseline)
    met = current <= target if goal.direction == "down" else current >= target
    return GoalProgress(
        goal=goal.text, metric=metric, baseline=round(baseline, 4), baseline_date=baseline_date,
        target=round(target, 4), current=round(current, 4), current_date=current_date,
        progress=None if progress is None else round(progress, 3), met=met,
        status=_status(met, progress, current, target, current_date, goal.unit),
    )  # fmt: skip


def _status(met: bool, progress: float | None, current: float, target: float, date: str, unit: str | None) -> str:
    shown = f"{_fmt(current)}{unit_suffix(unit)} on {date} against a target of {_fmt(target)}{unit_suffix(unit)}"
    if met:
        return f"Met: {shown}."
    if progress is not None and progress < 0:
        return f"Moving away from the target: {shown}."
    share = "" if progress is None else f" ({progress * 100:.0f}% of the way)"
    return f"Not met yet{share}: {shown}."


def unit_suffix(unit: str | None) -> str:
    if not unit:
        return ""
    return unit if unit == "%" else f" {unit}"


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _direction(lowered: str) -> Literal["up", "down"] | None:
    first_down = min((lowered.find(v) for v in DOWN_VERBS if v in lowered), default=-1)
    first_up = min((lowered.find(v) for v in UP_VERBS if v in lowered), default=-1)
    if first_down >= 0 and (first_up < 0 or first_down < first_up):
        return "down"
    return "up" if first_up >= 0 else None


def _num(text: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", text):  # 1,000 is a thousand, not one
        return float(text.replace(",", ""))
    return float(text.replace(",", "."))


def _unit(raw: str | None) -> str | None:
    if not raw:
        return None
    raw = raw.lower()
    if raw in ("%", "percent"):
        return "%"
    if raw.startswith("min"):
        return "minutes"
    if raw.startswith("point"):
        return "points"
    return raw.rstrip("s") + "s" if raw not in ("x",) else raw
