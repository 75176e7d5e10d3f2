"""`csm-copilot summarize FILE|-`: a meeting or call summary, optionally filed under the account."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.commands.notes import print_engine_notes
from bot.commands.options import iso_date
from bot.core.copilot import Copilot
from bot.core.errors import UserInputError
from bot.core.skills.summarize import SummaryResult, file_under, read_input, summarize
from bot.core.text import truncate


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "summarize", help="meeting / call summary: decisions, action items, risks, follow-up email"
    )
    parser.add_argument("file", metavar="FILE|-", help="transcript (.txt, .vtt, .srt) or notes (.md); - reads stdin")
    parser.add_argument("--account", help="the account the meeting belongs to (slug, name or alias)")
    parser.add_argument("--date", type=iso_date, help="meeting date YYYY-MM-DD (default: from the file)")
    parser.add_argument(
        "--file-under",
        action="store_true",
        help="with --account: copy FILE into the account's transcripts/ (or notes/) folder and ingest it",
    )
    parser.add_argument("--json", action="store_true", help="print exactly one JSON document")
    parser.set_defaults(handler=cmd_summarize)


def cmd_summarize(copilot: Copilot, args: argparse.Namespace) -> int:
    if args.file_under and not args.account:
        raise UserInputError("--file-under needs --account: which account should the file go under?")
    if args.file_under and args.file == "-":
        raise UserInputError("--file-under needs a FILE; standard input has no name to file it under.")
    text, name = read_input(args.file)
    date = args.date.isoformat() if args.date else None
    result = summarize(copilot, text, name, account=args.account, date=date)
    if args.file_under and result.account:
        filed, _ = file_under(copilot, Path(args.file), result.account)
        result = result.model_copy(update={"filed_as": filed})
    print(result.model_dump_json(indent=2) if args.json else render_summary(result))
    print_engine_notes(result)
    return 0


def render_summary(result: SummaryResult) -> str:
    """The summary for a terminal: sections, the email draft, then numbered sources."""
    header = " · ".join(p for p in (result.title, result.meeting_date, result.account) if p)
    lines = [header, f"Sentiment: {result.sentiment_reason}", ""]
    lines += _section("Summary", result.summary)
    lines += _section("Decisions", result.decisions)
    actions = []
    for item in result.action_items:
        due = f" (due {item.due}, “{item.due_phrase}”)" if item.due else ""
        actions.append(f"{item.owner or 'unassigned'}: {item.task}{due}")
    lines += _section("Action items", actions)
    lines += _section("Risks", result.risks)
    lines += ["Follow-up email draft", "-" * 21, result.follow_up_email, ""]
    if result.filed_as:
        lines.append(f"Filed as {result.filed_as} and ingested.")
    if result.citations:
        lines.append("Sources:")
        for number, c in enumerate(result.citations, start=1):
            lines.append(f"  [{number}] {c.source} ({c.section}) “{truncate(c.quote, 110)}”")
    return "\n".join(lines)


def _section(title: str, items: list[str]) -> list[str]:
    return [title, *([f"  • {item}" for item in items] or ["  (none found)"]), ""]
