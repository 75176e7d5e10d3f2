"""`csm-copilot reframe TEXT [--account]`: a human-centric problem statement."""

from __future__ import annotations

import argparse

from bot.core.copilot import Copilot
from bot.core.skills.reframe import ReframeResult, reframe


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("reframe", help="human-centric problem statement")
    parser.add_argument("text", nargs="+", help="the problem, e.g. 'low usage of Quick Intake'")
    parser.add_argument("--account", help="slug, name or alias (its notes supply persona and insight)")
    parser.add_argument("--json", action="store_true", help="print exactly one JSON document")
    parser.set_defaults(handler=cmd_reframe)


def cmd_reframe(copilot: Copilot, args: argparse.Namespace) -> int:
    result = reframe(copilot, " ".join(args.text), account=args.account)
    print(result.model_dump_json(indent=2) if args.json else render_reframe(result))
    return 0


def render_reframe(r: ReframeResult) -> str:
    lines = [r.statement, "", f"Persona: {r.persona}"]
    if r.customers_customers:
        lines.append(f"One level out: {r.customers_customers}")
    lines += [f"Need: {r.need}", f"Insight: {r.insight}", f"Root cause: {r.root_cause} ({r.root_cause_reason})", ""]
    lines += ["How might we…"] + [f"  - {q}" for q in r.how_might_we]
    if r.missing:
        lines += ["", "To do better I would need:"] + [f"  - {m}" for m in r.missing]
    if r.citations:
        lines += ["", "Sources:"] + [f"  [{n}] {c.source}: “{c.quote}”" for n, c in enumerate(r.citations, 1)]
    return "\n".join(lines)
