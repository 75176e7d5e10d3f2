"""The `csm-copilot` command: a thin layer over bot.core (the Slack bot calls the same core)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, ValidationError

from bot.commands import health as health_commands
from bot.commands import plan as plan_commands
from bot.commands import qbr as qbr_commands
from bot.commands import reframe as reframe_commands
from bot.commands import serve as serve_commands
from bot.commands import summarize as summarize_commands
from bot.commands import yes_and as yes_and_commands
from bot.commands.notes import print_engine_notes
from bot.core.config import Settings
from bot.core.copilot import Copilot
from bot.core.errors import CopilotError, UserInputError
from evals.runner import SUITES

logger = logging.getLogger("csm_copilot")

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE = 0, 1, 2
LOG_FILE = "copilot.log"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 on usage errors, as the contract wants
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="csm-copilot", description="A grounded, cited copilot for Customer Success Managers.")
    parser.add_argument("--home", type=Path, help="state folder (env CSM_COPILOT_HOME, default .csm-copilot/)")
    parser.add_argument(
        "--knowledge", type=Path, help="knowledge folder (env CSM_COPILOT_KNOWLEDGE, default knowledge/)"
    )
    parser.add_argument("--engine", choices=["auto", "offline", "openai"], help="env CSM_COPILOT_ENGINE")
    parser.add_argument("--debug", action="store_true", help="log verbosely and show tracebacks")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    ingest = commands.add_parser("ingest", help="incremental ingest of the knowledge folder")
    ingest.add_argument("path", nargs="?", type=Path, help="a folder or file (default: the knowledge folder)")
    ingest.add_argument("--json", action="store_true", help="print the report as JSON")
    ingest.set_defaults(handler=cmd_ingest)

    ask = commands.add_parser("ask", help="a grounded answer with citations")
    ask.add_argument("question", nargs="+")
    ask.add_argument("--account", help="restrict to this account (slug, name or alias)")
    ask.add_argument("--json", action="store_true", help="print exactly one JSON document")
    ask.add_argument("--stream", action="store_true", help="print the answer as the LLM writes it (not with --json)")
    ask.set_defaults(handler=cmd_ask)

    evaluate = commands.add_parser("eval", help="run offline eval sets and write a report")
    evaluate.add_argument("suites", nargs="*", help=f"suites to run (default: all): {', '.join(SUITES)}")
    evaluate.add_argument("--data-dir", type=Path, help="folder of public benchmark data (shared/datasets)")
    evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")
    evaluate.set_defaults(handler=cmd_eval)

    groups = (health_commands, qbr_commands, plan_commands, reframe_commands, summarize_commands, yes_and_commands,
              serve_commands)  # fmt: skip
    for group in groups:
        group.register(commands)
    return parser


def make_settings(args: argparse.Namespace) -> Settings:
    overrides = {
        key: value
        for key, value in (("CSM_COPILOT_HOME", args.home), ("CSM_COPILOT_KNOWLEDGE", args.knowledge),
                           ("CSM_COPILOT_ENGINE", args.engine))
        if value is not None
    }  # fmt: skip
    return Settings(**overrides)


def cmd_ingest(copilot: Copilot, args: argparse.Namespace) -> int:
    report = copilot.ingest(args.path, progress=not args.json and sys.stderr.isatty())
    _emit(report, args.json, report.render)
    return EXIT_OK


def cmd_ask(copilot: Copilot, args: argparse.Namespace) -> int:
    from bot.core.skills.ask import ask

    if args.stream and not args.json:
        return _stream_ask(copilot, args)
    result = ask(copilot, " ".join(args.question), account=args.account)
    _emit(result, args.json, lambda: render_answer(result.answer, result.citations))
    print_engine_notes(result)
    return EXIT_OK


def _stream_ask(copilot: Copilot, args: argparse.Namespace) -> int:
    """The answer as it is written, then its sources; the final (guarded) answer again if the guard changed it."""
    from bot.core.llm.stream import AnswerStream

    stream = AnswerStream(copilot, " ".join(args.question), account=args.account)
    for piece in stream:
        print(piece, end="", flush=True)
    result = stream.result
    assert result is not None  # set once the iteration ends
    if stream.changed:
        print("\n\nChecked answer:\n" + result.answer, end="")
    print("\n" + render_answer("", result.citations).lstrip("\n"))
    print_engine_notes(result)
    return EXIT_OK


def cmd_eval(copilot: Copilot, args: argparse.Namespace) -> int:
    from evals.runner import run_suites

    report = run_suites(copilot, args.suites, data_dir=args.data_dir)
    _emit(report, args.json, report.render)
    return EXIT_OK


def render_answer(answer: str, citations: list) -> str:
    """Answer text followed by a numbered Sources list, for the terminal."""
    lines = [answer]
    if citations:
        lines.append("\nSources:")
        for number, c in enumerate(citations, start=1):
            where = ", ".join(p for p in (c.date, c.section) if p)
            lines.append(f"  [{number}] {c.source}" + (f" ({where})" if where else "") + f"\n      “{c.quote}”")
    return "\n".join(lines)


def _emit(model: BaseModel, as_json: bool, render: Callable[[], str]) -> None:
    print(model.model_dump_json(indent=2) if as_json else render())


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = make_settings(args)
    except ValidationError as exc:
        print(f"error: invalid configuration: {_first_error(exc)}", file=sys.stderr)
        return EXIT_USAGE
    _configure_logging(settings.home, args.debug)
    copilot = Copilot(settings)
    try:
        return args.handler(copilot, args)
    except UserInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CopilotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INTERNAL
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `csm-copilot ask … | head`: the reader left; not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        if args.debug:
            raise
        reference = uuid.uuid4().hex[:8]
        logger.exception("internal error (ref %s)", reference)
        print(
            f"error: internal error (ref {reference}): {type(exc).__name__}; "
            f"details in {settings.home / LOG_FILE}, or rerun with --debug",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    finally:
        copilot.close()


def _configure_logging(home: Path, debug: bool) -> None:
    """Tracebacks go to a log file under --home; the terminal sees them only with --debug."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    if debug:
        handler: logging.Handler = logging.StreamHandler(sys.stderr)
    else:
        home.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(home / LOG_FILE, encoding="utf-8")
        handler.setLevel(logging.INFO)
    handler.setFormatter(formatter)
    root.addHandler(handler)
    for noisy in ("httpx", "chromadb", "urllib3", "sentence_transformers", "filelock"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    return f"{'.'.join(map(str, error['loc']))}: {error['msg']}"


if __name__ == "__main__":
    sys.exit(main())
