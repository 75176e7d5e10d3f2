"""`csm-copilot qbr ACCOUNT`: the QBR brief, its charts and a Markdown version."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from bot.commands.notes import print_engine_notes
from bot.commands.options import iso_date
from bot.core.copilot import Copilot
from bot.core.knowledge.metrics_text import show_metric
from bot.core.metrics.goals import metric_unit, plain_label
from bot.core.skills.qbr import QbrBrief, qbr


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("qbr", help="QBR brief with charts")
    parser.add_argument("account", help="slug, name or alias")
    parser.add_argument("--out", type=Path, help="folder for the charts and the Markdown brief")
    parser.add_argument("--as-of", type=iso_date, help="prepare as of this date (default: today)")
    parser.add_argument("--json", action="store_true", help="print exactly one JSON document")
    parser.set_defaults(handler=cmd_qbr)


def cmd_qbr(copilot: Copilot, args: argparse.Namespace) -> int:
    brief = qbr(copilot, args.account, out=args.out, as_of=args.as_of or dt.date.today())
    print(brief.model_dump_json(indent=2) if args.json else render_qbr(brief))
    print_engine_notes(brief)
    return 0


def render_qbr(brief: QbrBrief) -> str:
    lines = [f"QBR brief: {brief.name} (as of {brief.as_of})", f"Health {brief.health.score} ({brief.health.band})"]
    lines += [f"  {'+' if d.effect == 'positive' else '-'} {d.text}" for d in brief.health.drivers]
    lines += ["", "Metrics (current vs three months earlier):"]
    for m in brief.metrics:
        previous = "" if m.previous is None else f" from {_shown(m.name, m.previous)} ({m.previous_date})"
        name = plain_label(m.name) if metric_unit(m.name) else m.label  # "segment build time", not "… minutes"
        lines.append(f"  {name}: {_shown(m.name, m.current)} ({m.current_date}), {m.trend}{previous}")
    lines += ["", "Goals:"] + [f"  {g.goal}: {g.status}" for g in brief.goals]
    lines += ["", "Wins:"] + [f"  + {w.text}" for w in brief.wins]
    lines += ["", "Risks:"] + [f"  ! {r.text}" for r in brief.risks]
    lines += ["", "Agenda:"] + [f"  {i}. {a}" for i, a in enumerate(brief.agenda, 1)]
    lines += ["", "Discovery questions:"] + [f"  ? {q}" for q in brief.discovery_questions]
    lines += ["", "Open actions:"]
    lines += [
        f"  - {a.owner or 'unassigned'}: {a.task}" + (f" (due {a.due})" if a.due else "") for a in brief.open_actions
    ]
    lines += ["", f"Innovation contribution: {brief.innovation.adopted} of {brief.innovation.raised} ideas adopted"]
    lines += ["", "Charts:"] + [f"  {c}" for c in brief.charts] + [f"Markdown brief: {brief.markdown}"]
    return "\n".join(lines)


def _shown(metric: str, value: float) -> str:
    """A metric value with its unit: ARR as money, a column named …_minutes in minutes, …_pct as a percentage."""
    if metric == "arr":
        return f"${value:,.0f}"
    unit = metric_unit(metric)
    shown = show_metric(metric, value)
    return shown if unit is None else f"{shown}%" if unit == "%" else f"{shown} {unit}"
