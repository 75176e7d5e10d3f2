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
    unit: str | None = Field(None, description="the goal's unit: %, minutes, …")
    decimals: int = Field(1, description="decimals to show: 0 for shares computed from a 0–1 ratio")

    def show(self, value: float | None) -> str:
        """A value of this goal with its unit, at the goal's precision: '64%', '15.1 minutes'."""
        return "-" if value is None else f"{_fmt(value, self.decimals)}{unit_suffix(self.unit)}"

    @property
    def measured(self) -> bool:
        """Whether the data measures this goal (it has a metric, a target and a current value)."""
        return self.met is not None


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


def stated_target(text: str) -> str | None:
    """The target as the goal words it, when no metric measures it: '22%', '30% lower than the baseline'."""
    goal = parse_goal(text)
    if goal.target is not None:
        return f"{_fmt(goal.target)}{unit_suffix(goal.unit)}"
    if goal.relative_change is not None:
        way = "lower" if goal.relative_change < 0 else "higher"
        return f"{abs(goal.relative_change) * 100:.0f}% {way} than the baseline"
    return None


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
        return GoalProgress(goal=goal.text, metric=metric, status="No measurable target in the goal's wording.",
                            unit=goal.unit)  # fmt: skip
    if metric is None or not series:
        return GoalProgress(goal=goal.text, metric=metric, status="No metric in the data measures this goal yet.",
                            unit=goal.unit)  # fmt: skip
    scale = 100.0 if goal.unit == "%" and max(abs(v) for _, v in series) <= 1.0 else 1.0
    decimals = 0 if scale == 100.0 else 1  # a share computed from a ratio: "64%", as the health score shows it
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
        status=_status(met, progress, current, target, current_date, goal.unit, decimals), unit=goal.unit,
        decimals=decimals,
    )  # fmt: skip


def _status(
    met: bool, progress: float | None, current: float, target: float, date: str, unit: str | None, decimals: int = 1
) -> str:
    suffix = unit_suffix(unit)
    shown = f"{_fmt(current, decimals)}{suffix} on {date} against a target of {_fmt(target, decimals)}{suffix}"
    if met:
        return f"Met: {shown}."
    if progress is not None and progress < 0:
        return f"Moving away from the target: {shown}."
    share = "" if progress is None else f" ({progress * 100:.0f}% of the way)"
    return f"Not met yet{share}: {shown}."


_SUFFIX_UNITS = {"_pct": "%", "_percent": "%", "_minutes": "minutes", "_mins": "minutes", "_hours": "hours",
                 "_days": "days", "_seconds": "seconds"}  # fmt: skip


def metric_unit(metric: str | None) -> str | None:
    """The unit a column's name carries: 'intake_minutes' → 'minutes', 'on_time_charting_pct' → '%'."""
    return next((u for s, u in _SUFFIX_UNITS.items() if (metric or "").endswith(s)), None)


def plain_label(metric: str | None) -> str:
    """A column as people name it, without its unit: 'on_time_charting_pct' → 'on-time charting',
    'segment_build_minutes' → 'segment build time'."""
    from bot.core.knowledge.metrics_text import label

    metric = metric or ""
    unit = next((s for s in _SUFFIX_UNITS if metric.endswith(s)), "")
    base = metric[: -len(unit)] if unit else metric
    text = label(base).replace("on time", "on-time")
    if unit in ("_minutes", "_mins", "_hours", "_days", "_seconds") and not text.endswith("time"):
        text += " time"
    return text


def sentence_case(text: str) -> str:
    """First letter up, the rest as written: 'seat adoption' → 'Seat adoption', and 'CSAT' stays 'CSAT'
    (str.capitalize would make it 'Csat')."""
    return text[:1].upper() + text[1:]


def unit_suffix(unit: str | None) -> str:
    if not unit:
        return ""
    return unit if unit == "%" else f" {unit}"


def _fmt(value: float, decimals: int = 1) -> str:
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


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
