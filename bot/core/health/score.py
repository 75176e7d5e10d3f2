"""The health score: weighted, normalised components, each explained by drivers that cite their evidence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, Field

from bot.core.health.config import COMPONENTS, HealthConfig
from bot.core.health.signals import Signal, relationship_signals
from bot.core.knowledge.accounts import Account
from bot.core.knowledge.documents import Chunk
from bot.core.knowledge.metrics_text import format_number
from bot.core.metrics.goals import GoalProgress, match_metric, measure, parse_goal
from bot.core.metrics.series import Series, Trend, ratio_series, trend, until
from bot.core.skills.common import Citation, profile_source

Band = Literal["green", "yellow", "red"]


class Driver(BaseModel):
    """One reason behind a score, in plain words, with the rows or notes it comes from."""

    text: str
    effect: Literal["positive", "negative"]
    component: str
    citations: list[Citation] = Field(default_factory=list)


class ComponentScore(BaseModel):
    name: str
    score: float | None = Field(description="0-1, or None when the data is missing")
    weight: float = Field(description="configured weight")
    effective_weight: float = Field(description="share of the total score after missing components are shared out")
    detail: str


class AccountHealth(BaseModel):
    """An account's health on a date: score, band, drivers, components and strong risk signals."""

    account: str
    name: str
    score: int
    band: Band
    drivers: list[Driver]
    components: list[ComponentScore]
    missing: list[str] = Field(default_factory=list, description="inputs that were missing and what it did")
    signals: list[Signal] = Field(default_factory=list, description="strong risk signals (early warning)")
    goals: list[GoalProgress] = Field(default_factory=list)
    renewal_date: str | None = None
    days_to_renewal: int | None = None
    as_of: str
    formula_version: str


@dataclass
class HealthInputs:
    """Everything a score is computed from; built from the database or, in evals, by hand."""

    account: Account
    series: dict[str, Series]
    chunks: list[Chunk] = field(default_factory=list)
    metrics_source: str | None = None


@dataclass
class _Part:
    score: float | None
    detail: str
    drivers: list[Driver] = field(default_factory=list)


def clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return max(low, min(high, value))


def linear(value: float, zero: float, full: float) -> float:
    """0 at `zero`, 1 at `full`, linear between (works for falling scales too)."""
    return clamp((value - zero) / (full - zero))


def band_for(score: float, config: HealthConfig) -> Band:
    if score >= config.bands.green:
        return "green"
    return "yellow" if score >= config.bands.yellow else "red"


def score_account(inputs: HealthInputs, config: HealthConfig, as_of: dt.date) -> AccountHealth:
    """Compute the health of one account from metrics up to `as_of` and notes up to `as_of`."""
    series = {name: until(values, as_of.isoformat()) for name, values in inputs.series.items()}
    series = {name: values for name, values in series.items() if values}
    scorer = _Scorer(inputs, series, config, as_of)
    parts = {name: getattr(scorer, name)() for name in COMPONENTS}
    available = {n: config.weights.get(n, 0.0) for n, p in parts.items() if p.score is not None}
    total = sum(w for w in available.values())
    missing = [f"{n}: {p.detail}" for n, p in parts.items() if p.score is None and config.weights.get(n, 0) > 0]
    if total == 0:
        score = 0
        missing.append("no component has data: the score is 0 and means nothing until data arrives")
    else:
        score = round(100 * sum(parts[n].score * w for n, w in available.items()) / total)
        if missing:
            missing.append("the weights of missing components were shared out over the others in proportion")
    components = [
        ComponentScore(name=n, score=None if p.score is None else round(p.score, 3), weight=config.weights.get(n, 0.0),
                       effective_weight=round(available.get(n, 0.0) / total, 3) if total else 0.0, detail=p.detail)
        for n, p in parts.items()
    ]  # fmt: skip
    return AccountHealth(
        account=inputs.account.slug, name=inputs.account.name, score=score, band=band_for(score, config),
        drivers=_top_drivers(parts, available, total), components=components, missing=missing,
        signals=scorer.strong_signals(), goals=scorer.goals, renewal_date=scorer.renewal_date,
        days_to_renewal=scorer.days_to_renewal, as_of=as_of.isoformat(), formula_version=config.version,
    )  # fmt: skip


def _top_drivers(parts: dict[str, _Part], weights: dict[str, float], total: float, limit: int = 5) -> list[Driver]:
    """Negative drivers first (the weakest, heaviest components first), then the strongest positives."""
    if not total:
        return []

    def pull(name: str, driver: Driver) -> float:
        share, score = weights[name] / total, parts[name].score or 0.0
        return share * (1 - score) if driver.effect == "negative" else share * score

    scored = [(n, d) for n, p in parts.items() if n in weights for d in p.drivers]
    negatives = sorted((d for d in scored if d[1].effect == "negative"), key=lambda nd: -pull(*nd))
    positives = sorted((d for d in scored if d[1].effect == "positive"), key=lambda nd: -pull(*nd))
    return [d for _, d in [*negatives, *positives][:limit]]


def seat_series(series: dict[str, Series], profile: dict) -> Series:
    """Licensed seats by month: the metrics' own column, else the profile's number for every month with active
    users (a profile value that is no number is not used)."""
    if series.get("licensed_seats"):
        return series["licensed_seats"]
    seats = profile.get("licensed_seats")
    if isinstance(seats, int | float) and series.get("active_users"):
        return [(d, float(seats)) for d, _ in series["active_users"]]
    return []


class _Scorer:
    """Computes each component from the inputs; one method per component, named as in the config."""

    def __init__(self, inputs: HealthInputs, series: dict[str, Series], config: HealthConfig, as_of: dt.date):
        self.inputs = inputs
        self.series = series
        self.config = config
        self.t = config.thresholds
        self.as_of = as_of
        self.profile = inputs.account.profile
        self.source = inputs.metrics_source or f"accounts/{inputs.account.slug}/metrics.csv"
        self.seats = self._seats()
        self.adoption_series = ratio_series(series.get("active_users", []), self.seats) if self.seats else []
        self.notes = relationship_signals(
            inputs.account, [c for c in inputs.chunks if not c.date or c.date <= as_of.isoformat()], as_of,
            self.t.relationship_window_days, self.t.sentiment_window_days,
        )  # fmt: skip
        self.goals = self._goals()
        self.renewal_date, self.days_to_renewal = self._renewal()

    # -- inputs ------------------------------------------------------------------------------------
    def _seats(self) -> Series:
        return seat_series(self.series, self.profile)

    def _goals(self) -> list[GoalProgress]:
        columns = [*self.series, *(["adoption"] if self.adoption_series else [])]
        progress = []
        for text in self.profile.get("goals") or []:
            goal = parse_goal(str(text))
            metric = match_metric(goal, columns)
            values = self.adoption_series if metric == "adoption" else self.series.get(metric or "", [])
            progress.append(measure(goal, metric, values))
        return progress

    def _renewal(self) -> tuple[str | None, int | None]:
        raw = self.profile.get("renewal_date")
        try:
            day = dt.date.fromisoformat(str(raw)) if raw else None
        except ValueError:
            return None, None
        return (day.isoformat(), (day - self.as_of).days) if day else (None, None)

    def _cite_row(self, metric: str, point: tuple[str, float] | None) -> Citation:
        date, value = point if point else ("", 0.0)
        return Citation(source=self.source, quote=f"{date}: {metric} = {format_number(value)}", date=date or None,
                        section=metric)  # fmt: skip

    def _trend_score(self, tr: Trend | None, rising_is_good: bool = True) -> float | None:
        if tr is None or tr.relative_change is None:
            return None
        change = tr.relative_change if rising_is_good else -tr.relative_change
        return clamp(0.5 + change / (2 * self.t.trend_full_scale))

    def _driver(self, part: float, text: str, component: str, citations: list[Citation]) -> list[Driver]:
        if 0.4 < part < 0.7:
            return []
        return [Driver(text=text, effect="positive" if part >= 0.7 else "negative", component=component,
                       citations=citations)]  # fmt: skip

    # -- components --------------------------------------------------------------------------------
    def adoption(self) -> _Part:
        if not self.series.get("active_users"):
            return _Part(None, "no active_users column in the metrics")
        if not self.adoption_series:
            return _Part(None, "licensed seats are zero or unknown, so adoption cannot be computed")
        tr = trend(self.adoption_series)
        level = clamp(tr.current / self.t.adoption_full)
        trend_part = self._trend_score(tr)
        score = level if trend_part is None else 0.7 * level + 0.3 * trend_part
        text = f"Seat adoption is {tr.current:.0%} ({format_number(self.series['active_users'][-1][1])} active users)"
        if tr.previous is not None:
            text += f", {tr.direction} from {tr.previous:.0%} on {tr.previous_date}"
        cites = [self._cite_row("active_users", self.series["active_users"][-1])]
        if tr.previous_date:
            cites.append(self._cite_row("active_users", dict_get(self.series["active_users"], tr.previous_date)))
        return _Part(score, text, self._driver(score, text, "adoption", cites))

    def engagement(self) -> _Part:
        values = self.series.get("feature_adoption")
        if not values:
            return _Part(None, "no feature_adoption column in the metrics")
        current = values[-1][1]
        score = clamp(current / self.t.feature_adoption_full)
        text = f"Feature adoption is {current:.0%} (full marks at {self.t.feature_adoption_full:.0%})"
        return _Part(
            score, text, self._driver(score, text, "engagement", [self._cite_row("feature_adoption", values[-1])])
        )

    def support(self) -> _Part:
        tickets = self.series.get("open_tickets")
        if not tickets:
            return _Part(None, "no open_tickets column in the metrics")
        base = self.series.get("active_users") or self._seats()
        population = base[-1][1] if base else 0
        current = tickets[-1][1]
        level = None if population <= 0 else clamp(1 - (current / population * 100) / self.t.tickets_per_100_zero)
        trend_part = self._trend_score(trend(tickets), rising_is_good=False)
        parts = [p for p in (level, trend_part) if p is not None]
        if not parts:
            return _Part(None, "open tickets without users or history to compare them with")
        score = 0.6 * level + 0.4 * trend_part if level is not None and trend_part is not None else parts[0]
        tr = trend(tickets)
        text = f"{format_number(current)} open support ticket{'' if current == 1 else 's'}"
        if population > 0:
            text += f" ({current / population * 100:.1f} per 100 active users)"
        if tr and tr.previous is not None:
            text += f", {tr.direction} from {format_number(tr.previous)} on {tr.previous_date}"
        return _Part(score, text, self._driver(score, text, "support", [self._cite_row("open_tickets", tickets[-1])]))

    def satisfaction(self) -> _Part:
        nps, csat = self.series.get("nps"), self.series.get("csat")
        levels, bits, cites = [], [], []
        if nps:
            levels.append(linear(nps[-1][1], self.t.nps_zero, self.t.nps_full))
            bits.append(f"NPS {format_number(nps[-1][1])}")
            cites.append(self._cite_row("nps", nps[-1]))
        if csat:
            levels.append(linear(csat[-1][1], self.t.csat_zero, self.t.csat_full))
            bits.append(f"CSAT {format_number(csat[-1][1])}")
            cites.append(self._cite_row("csat", csat[-1]))
        if not levels:
            return _Part(None, "no NPS or CSAT in the metrics")
        score = sum(levels) / len(levels)
        tr = trend(nps) if nps else None
        if tr and tr.change is not None:
            score = 0.7 * score + 0.3 * clamp(0.5 + tr.change / (2 * self.t.nps_trend_full_scale))
            bits[0] += f" ({tr.direction} from {format_number(tr.previous)} on {tr.previous_date})"
        text = "Satisfaction: " + ", ".join(bits)
        return _Part(score, text, self._driver(score, text, "satisfaction", cites))

    def relationship(self) -> _Part:
        if not any(c.kind in ("note", "transcript") for c in self.inputs.chunks):
            return _Part(None, "no notes or transcripts to read relationship signals from")
        penalties = self.config.penalties.model_dump()
        score = clamp(1 - sum(penalties.get(s.kind, 0.0) for s in self.notes))
        if not self.notes:
            text = "No departing champion or sponsor, unanswered executive or negative recent call in the notes"
            return _Part(score, text, self._driver(score, text, "relationship", []))
        drivers = [Driver(text=s.text, effect="negative", component="relationship", citations=s.citations)
                   for s in self.notes]  # fmt: skip
        return _Part(score, "; ".join(s.text for s in self.notes), drivers)

    def renewal(self) -> _Part:
        if self.days_to_renewal is None:
            return _Part(None, "no valid renewal_date in the profile")
        if self.days_to_renewal < 0:
            return _Part(None, f"the renewal date {self.renewal_date} has passed; update the profile")
        unmet = [g for g in self.goals if g.met is False]
        cite = Citation(source=profile_source(self.inputs.account.slug),
                        quote=f"renewal_date: {self.renewal_date}")  # fmt: skip
        if self.days_to_renewal > self.t.renewal_window_days:
            return _Part(1.0, f"Renewal on {self.renewal_date} is {self.days_to_renewal} days away")
        if not unmet:
            text = f"Renewal in {self.days_to_renewal} days with every measured goal met"
            return _Part(1.0, text, self._driver(1.0, text, "renewal", [cite]))
        score = 0.3 * self.days_to_renewal / self.t.renewal_window_days
        text = f"Renewal in {self.days_to_renewal} days with {len(unmet)} of {len(self.goals)} goals unmet"
        return _Part(score, text, self._driver(score, text, "renewal", [cite]))

    # -- early warning -----------------------------------------------------------------------------
    def strong_signals(self) -> list[Signal]:
        """The strong risk signals of CS_DOMAIN.md: departures, falling usage or NPS, rising tickets,
        renewal near with goals unmet."""
        found = [s for s in self.notes if s.kind in ("champion_departure", "sponsor_departure")]
        limits = self.config.signals
        checks = [
            ("falling_active_users", "active_users", lambda tr: tr.relative_change is not None
             and tr.relative_change <= limits.falling_active_users, "Active users fell"),
            ("rising_tickets", "open_tickets", lambda tr: tr.relative_change is not None
             and tr.relative_change >= limits.rising_tickets, "Open tickets rose"),
            ("falling_nps", "nps", lambda tr: tr.change is not None and tr.change <= limits.falling_nps_points,
             "NPS fell"),
        ]  # fmt: skip
        for kind, metric, test, wording in checks:
            tr = trend(self.series.get(metric, []))
            if tr and test(tr):
                text = (
                    f"{wording} from {format_number(tr.previous)} on {tr.previous_date}"
                    f" to {format_number(tr.current)} on {tr.current_date}"
                )
                found.append(Signal(kind=kind, text=text, date=tr.current_date,
                                    citations=[self._cite_row(metric, (tr.current_date, tr.current))]))  # fmt: skip
        unmet = [g for g in self.goals if g.met is False]
        window = self.t.renewal_window_days
        if self.days_to_renewal is not None and 0 <= self.days_to_renewal <= window and unmet:
            text = f"Renewal in {self.days_to_renewal} days with goals unmet: " + "; ".join(g.goal for g in unmet)
            found.append(Signal(kind="renewal_goals_unmet", text=text, date=self.renewal_date))
        return found


def dict_get(series: Series, date: str) -> tuple[str, float] | None:
    return next(((d, v) for d, v in series if d == date), None)
