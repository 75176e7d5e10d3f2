"""`csm-copilot health`: the portfolio table, at-risk first, with early warnings."""

from __future__ import annotations

import argparse
import datetime as dt

from bot.commands.options import iso_date
from bot.core.copilot import Copilot
from bot.core.health.portfolio import HealthReport, portfolio_health
from bot.core.text import truncate

SIGNAL_WORDS = {
    "champion_departure": "champion leaving",
    "sponsor_departure": "sponsor leaving",
    "falling_active_users": "active users falling",
    "rising_tickets": "tickets rising",
    "falling_nps": "NPS falling",
    "renewal_goals_unmet": "renewal near, goals unmet",
}


def register(commands: argparse._SubParsersAction) -> None:
    health = commands.add_parser("health", help="portfolio health table, at-risk accounts first")
    health.add_argument("--as-of", type=iso_date, help="score as of this date (default: today)")
    health.add_argument("--json", action="store_true", help="print exactly one JSON document")
    health.set_defaults(handler=cmd_health)


def cmd_health(copilot: Copilot, args: argparse.Namespace) -> int:
    report = portfolio_health(copilot, args.as_of or dt.date.today())
    print(report.model_dump_json(indent=2) if args.json else render_health(report))
    return 0


def render_health(report: HealthReport) -> str:
    lines = [f"Portfolio health on {report.as_of} ({report.formula_version}), at-risk first", ""]
    lines.append(f"  {'band':<8} {'score':>5}  {'account':<26} {'renewal':<10} {'days':>5}  top driver")
    for row in report.accounts:
        days = "" if row.days_to_renewal is None else str(row.days_to_renewal)
        driver = truncate(row.drivers[0].text, 70) if row.drivers else "-"
        name = truncate(row.name, 26)
        lines.append(f"  {row.band:<8} {row.score:>5}  {name:<26} {row.renewal_date or '-':<10} {days:>5}  {driver}")
        if row.signals:
            lines.append(f"  {'':<42}{'':>11}  signals: {', '.join(SIGNAL_WORDS.get(s, s) for s in row.signals)}")
    lines += ["", f"Early warnings (compared with {report.compared_with}):"]
    lines += [f"  ! {w.account}: {w.reason}" for w in report.early_warnings] or ["  none"]
    p = report.portfolio
    figures = [f"{p.accounts} accounts"]
    if p.mean_adoption is not None:
        figures.append(f"mean seat adoption {p.mean_adoption:.0%}")
    if p.mean_nps is not None:
        figures.append(f"mean NPS {p.mean_nps:.0f}")
    if p.mean_csat is not None:
        figures.append(f"mean CSAT {p.mean_csat:.1f}")
    names = {"grr": "GRR", "nrr": "NRR", "logo_churn": "logo churn"}
    figures += [f"{names.get(k, k)} {v:.0%}" for k, v in p.arr.items() if v is not None]
    lines += ["", "Portfolio: " + ", ".join(figures) + (f" ({p.period})" if p.period else "")]
    lines += [f"  note: {n}" for n in p.notes]
    return "\n".join(lines)
