"""`csm-copilot plan ACCOUNT`: a success plan draft."""

from __future__ import annotations

import argparse
import datetime as dt

from bot.commands.notes import print_engine_notes
from bot.commands.options import iso_date
from bot.core.copilot import Copilot
from bot.core.skills.plan import PlanResult, plan


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("plan", help="success plan draft")
    parser.add_argument("account", help="slug, name or alias")
    parser.add_argument("--as-of", type=iso_date, help="draft as of this date (default: today)")
    parser.add_argument("--json", action="store_true", help="print exactly one JSON document")
    parser.set_defaults(handler=cmd_plan)


def cmd_plan(copilot: Copilot, args: argparse.Namespace) -> int:
    result = plan(copilot, args.account, as_of=args.as_of or dt.date.today())
    print(result.model_dump_json(indent=2) if args.json else render_plan(result))
    print_engine_notes(result)
    return 0


def render_plan(p: PlanResult) -> str:
    lines = [f"Success plan draft: {p.name} (as of {p.as_of}; stage {p.journey_stage or 'unknown'}; "
             f"health {p.health_score})", "", "Customer profile"]  # fmt: skip
    lines += [f"  - {s.name}" + (f", {s.role}" if s.role else "") + (f" ({s.type})" if s.type else "")
              for s in p.customer_profile.stakeholders]  # fmt: skip
    lines += [f"  goal: {g}" for g in p.customer_profile.business_goals]
    lines += [f"  use case: {u}" for u in p.customer_profile.key_use_cases]
    lines += ["", "Current state"] + [f"  {x}" for x in p.current_state.usage + p.current_state.adoption]
    lines += [f"  challenge: {c}" for c in p.current_state.challenges]
    lines += ["", "Milestones"] + [f"  {m.due or 'no date'}  {m.name} — {m.measure}" for m in p.milestones]
    lines += ["", "Success metrics"]
    lines += [f"  [{m.category}] {m.name}: now {m.current or '-'}, target {m.target or '-'}" for m in p.success_metrics]
    for side, title in (("us", "Actions we own"), ("customer", "Actions the customer owns")):
        lines += ["", title]
        lines += [f"  {a.due or 'no date'}  {a.action}" + (f" ({a.who})" if a.who else "")
                  + (f" [from {a.context}]" if a.context else "")
                  for a in p.actions if a.owner == side] or ["  none recorded"]  # fmt: skip
    lines += ["", "Risks"] + [f"  [{r.severity}] {r.risk}\n      mitigation: {r.mitigation}" for r in p.risks]
    lines += ["", "Sources"] + [f"  [{n}] {c.source}: {c.quote}" for n, c in enumerate(p.citations, 1)]
    return "\n".join(lines)
