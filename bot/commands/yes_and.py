"""`csm-copilot yes-and TEXT`: "Yes, and…" responses to customer feedback; `--check` lints a draft reply."""

from __future__ import annotations

import argparse

from bot.commands.notes import print_engine_notes
from bot.core.copilot import Copilot
from bot.core.skills.yes_and import YesAndResult, check_reply, respond
from bot.core.skills.yes_but import YesButCheck

VERDICTS = {
    "yes_and": "yes_and: nothing in it closes the conversation",
    "yes_but": "yes_but: it acknowledges, then blocks",
    "no": "no: it blocks without acknowledging first",
}


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("yes-and", help="'Yes, and…' responses to feedback; --check lints a draft reply")
    parser.add_argument("text", nargs="+", metavar="TEXT", help="the customer's feedback (or, with --check, a draft)")
    parser.add_argument("--account", help="use this account's context (slug, name or alias)")
    parser.add_argument("--check", action="store_true", help="lint TEXT as a draft reply for 'Yes, but…' phrasing")
    parser.add_argument("--json", action="store_true", help="print exactly one JSON document")
    parser.set_defaults(handler=cmd_yes_and)


def cmd_yes_and(copilot: Copilot, args: argparse.Namespace) -> int:
    text = " ".join(args.text)
    if args.check:
        checked = check_reply(copilot, text)
        print(checked.model_dump_json(indent=2) if args.json else render_check(checked))
        print_engine_notes(checked)
    else:
        result = respond(copilot, text, account=args.account)
        print(result.model_dump_json(indent=2) if args.json else render_responses(result))
        print_engine_notes(result)
    return 0


def render_responses(result: YesAndResult) -> str:
    lines = ["“Yes, and…” responses" + (f" ({result.account})" if result.account else "")]
    lines += [f"  {n}. {r}" for n, r in enumerate(result.responses, start=1)]
    lines += ["", "Discovery questions (Empathize):", *[f"  • {q}" for q in result.questions]]
    if result.citations:
        lines += ["", "Sources:"]
        lines += [f"  [{n}] {c.source}\n      “{c.quote}”" for n, c in enumerate(result.citations, start=1)]
    return "\n".join(lines)


def render_check(checked: YesButCheck) -> str:
    lines = [f"Verdict: {VERDICTS[checked.verdict]}"]
    if checked.flags:
        lines.append("Flags: " + ", ".join(f"“{f}”" for f in checked.flags))
    lines += ["", "Rewrite:" if checked.verdict != "yes_and" else "Draft (no change needed):", f"  {checked.rewrite}"]
    return "\n".join(lines)
