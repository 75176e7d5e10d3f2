"""Portfolio health: every account scored, at-risk first, with an early-warning list against the
previous snapshot, and portfolio metrics where the data allows."""

from __future__ import annotations

import datetime as dt
import json

from pydantic import BaseModel, Field

from bot.core.copilot import Copilot
from bot.core.health.config import HealthConfig, load_health_config
from bot.core.health.score import AccountHealth, Band, Driver, HealthInputs, score_account
from bot.core.health.signals import Signal
from bot.core.knowledge.accounts import Account
from bot.core.metrics import formulas
from bot.core.metrics.series import until


class PortfolioRow(BaseModel):
    account: str
    name: str
    score: int
    band: Band
    drivers: list[Driver]
    renewal_date: str | None
    days_to_renewal: int | None
    signals: list[str] = Field(default_factory=list, description="kinds of the strong risk signals")


class EarlyWarning(BaseModel):
    account: str
    reason: str
    previous_band: Band | None = None
    band: Band
    signals: list[Signal] = Field(default_factory=list)


class PortfolioMetrics(BaseModel):
    """Portfolio figures computed from the metrics table; each is None when the data does not allow it."""

    accounts: int
    mean_adoption: float | None = Field(None, description="mean of the latest active users / licensed seats")
    mean_nps: float | None = None
    mean_csat: float | None = None
    arr: dict[str, float | None] = Field(default_factory=dict, description="GRR, NRR and logo churn over the period")
    period: str | None = None
    notes: list[str] = Field(default_factory=list)


class HealthReport(BaseModel):
    """What `csm-copilot health` prints: the portfolio table, at-risk first, and the early warnings."""

    as_of: str
    formula_version: str
    accounts: list[PortfolioRow]
    early_warnings: list[EarlyWarning]
    compared_with: str = Field(description="what the early warnings compare against")
    portfolio: PortfolioMetrics


def health_inputs(copilot: Copilot, account: Account) -> HealthInputs:
    chunks = [c for c in copilot.db.all_chunks() if c.account == account.slug]
    return HealthInputs(account=account, series=copilot.db.metric_series(account.slug), chunks=chunks)


def account_health(
    copilot: Copilot, account: Account, as_of: dt.date, config: HealthConfig | None = None
) -> AccountHealth:
    """One account's health on `as_of` (metrics and notes dated after it are ignored)."""
    return score_account(health_inputs(copilot, account), config or load_config(copilot), as_of)


def load_config(copilot: Copilot) -> HealthConfig:
    """CSM_COPILOT_HEALTH_CONFIG, else <home>/health.yaml, else the packaged default."""
    path = copilot.settings.health_config
    if path is None and (copilot.settings.home / "health.yaml").exists():
        path = copilot.settings.home / "health.yaml"
    return load_health_config(path)


def portfolio_health(copilot: Copilot, as_of: dt.date) -> HealthReport:
    """Score every account, compare with the previous snapshot, and store this one."""
    copilot.ensure_ingested()
    config = load_config(copilot)
    accounts = copilot.accounts().accounts
    scored = [account_health(copilot, a, as_of, config) for a in accounts]
    previous, compared_with = _previous(copilot, scored, accounts, as_of, config)
    warnings = [w for h in scored if (w := _warning(h, previous.get(h.account))) is not None]
    _store_snapshot(copilot, scored)
    rows = [
        PortfolioRow(account=h.account, name=h.name, score=h.score, band=h.band, drivers=h.drivers,
                     renewal_date=h.renewal_date, days_to_renewal=h.days_to_renewal,
                     signals=[s.kind for s in h.signals])
        for h in _by_risk(scored)
    ]  # fmt: skip
    return HealthReport(as_of=as_of.isoformat(), formula_version=config.version, accounts=rows,
                        early_warnings=warnings, compared_with=compared_with,
                        portfolio=portfolio_metrics(copilot, as_of))  # fmt: skip


def ranked_accounts(copilot: Copilot, as_of: dt.date) -> list[AccountHealth]:
    """Every account's health, most at risk first (no snapshot stored, no comparison made)."""
    copilot.ensure_ingested()
    config = load_config(copilot)
    return _by_risk([account_health(copilot, a, as_of, config) for a in copilot.accounts().accounts])


def _by_risk(scored: list[AccountHealth]) -> list[AccountHealth]:
    """Lowest score first; among equal scores, the nearest renewal first."""
    return sorted(scored, key=lambda h: (h.score, h.days_to_renewal if h.days_to_renewal is not None else 10**6))


def _previous(
    copilot: Copilot, scored: list[AccountHealth], accounts: list[Account], as_of: dt.date, config: HealthConfig
) -> tuple[dict[str, dict], str]:
    """The last stored snapshot taken on data older than today's; without one, the same formulas on the
    data of one month earlier (so a first run still shows what changed)."""
    stored = copilot.db.previous_health_snapshot(as_of.isoformat())
    if stored:
        taken, rows = stored
        return rows, f"the snapshot of {taken}"
    month_ago = as_of - dt.timedelta(days=31)
    by_slug = {a.slug: a for a in accounts}
    rows = {}
    for health in scored:
        old = account_health(copilot, by_slug[health.account], month_ago, config)
        rows[health.account] = {"band": old.band, "score": old.score, "signals": [s.kind for s in old.signals]}
    return rows, f"the same formulas on the data as of {month_ago.isoformat()} (no earlier snapshot)"


def _warning(health: AccountHealth, before: dict | None) -> EarlyWarning | None:
    new_signals = [s for s in health.signals if before is None or s.kind not in before.get("signals", [])]
    previous_band = before["band"] if before else None
    reasons = []
    if previous_band and previous_band != health.band:
        reasons.append(f"moved from {previous_band} to {health.band} (score {before['score']} → {health.score})")
    if new_signals:
        reasons.append("new strong risk signal" + ("s" if len(new_signals) > 1 else "") + ": "
                       + "; ".join(s.text for s in new_signals))  # fmt: skip
    if not reasons:
        return None
    return EarlyWarning(
        account=health.account, reason="; ".join(reasons), previous_band=previous_band, band=health.band,
        signals=new_signals,
    )  # fmt: skip


def _store_snapshot(copilot: Copilot, scored: list[AccountHealth]) -> None:
    rows = [(h.account, h.as_of, h.score, h.band, json.dumps([s.kind for s in h.signals])) for h in scored]
    copilot.db.store_health_snapshot(rows)


def portfolio_metrics(copilot: Copilot, as_of: dt.date) -> PortfolioMetrics:
    """Mean adoption, NPS and CSAT of the latest month; GRR, NRR and logo churn when an `arr` column exists."""
    series = {a.slug: copilot.db.metric_series(a.slug) for a in copilot.accounts().accounts}
    latest = {
        slug: {m: until(v, as_of.isoformat())[-1][1] for m, v in s.items() if until(v, as_of.isoformat())}
        for slug, s in series.items()
    }
    adoption = [
        formulas.adoption(v["active_users"], v["licensed_seats"])
        for v in latest.values()
        if "active_users" in v and v.get("licensed_seats")
    ]
    report = PortfolioMetrics(
        accounts=len(series),
        mean_adoption=_mean(adoption),
        mean_nps=_mean([v["nps"] for v in latest.values() if "nps" in v]),
        mean_csat=_mean([v["csat"] for v in latest.values() if "csat" in v]),
    )
    _arr_retention(series, as_of, report)
    return report


def _arr_retention(series: dict[str, dict], as_of: dt.date, report: PortfolioMetrics) -> None:
    """GRR / NRR / logo churn over the last 12 months (or since the first `arr` value, if later)."""
    firsts = [m["arr"][0][0] for m in series.values() if m.get("arr")]
    if not firsts:
        report.notes.append("GRR, NRR and logo churn need an `arr` column in metrics.csv")
        return
    start_day = max((as_of - dt.timedelta(days=365)).isoformat(), min(firsts))
    start = {s: _value_on(m["arr"], start_day) for s, m in series.items() if "arr" in m}
    start = {s: v for s, v in start.items() if v}
    if not start:
        report.notes.append(f"no account had ARR on {start_day}, the start of the period")
        return
    end = {s: _value_on(series[s]["arr"], as_of.isoformat()) or 0.0 for s in start}
    moves = formulas.arr_movements(start, end)
    lost = sum(1 for s in start if end[s] <= 0)
    report.period = f"{start_day} to {as_of.isoformat()}"
    report.arr = {
        "grr": formulas.grr(moves["starting_arr"], moves["contraction"], moves["churn"]),
        "nrr": formulas.nrr(moves["starting_arr"], moves["expansion"], moves["contraction"], moves["churn"]),
        "logo_churn": formulas.logo_churn(len(start), lost),
    }


def _value_on(values: list[tuple[str, float]], day: str) -> float | None:
    before = until(values, day)
    return before[-1][1] if before else None


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 3) if values else None
