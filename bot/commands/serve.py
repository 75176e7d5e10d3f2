"""`csm-copilot serve`: the Slack bot. Socket Mode when SLACK_APP_TOKEN is set, else HTTP on --port
(`POST /slack/events` for events, slash commands and interactivity)."""

from __future__ import annotations

import argparse
import signal
import threading
from dataclasses import dataclass
from typing import Any

from slack_bolt import App
from slack_bolt.error import BoltError

from bot.core.config import Settings
from bot.core.copilot import Copilot
from bot.core.errors import UserInputError
from bot.slack.app import build_app
from bot.slack.deps import Deps, build_deps
from bot.slack.server import SlackHttpServer


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "serve", help="run the Slack bot (Socket Mode when SLACK_APP_TOKEN is set, else HTTP on --port)"
    )
    parser.add_argument("--port", type=int, default=3000, help="HTTP port (default 3000; 0 picks a free one)")
    parser.add_argument("--host", default="0.0.0.0", help="HTTP interface to listen on (default 0.0.0.0)")
    parser.add_argument("--http", action="store_true", help="serve HTTP even when SLACK_APP_TOKEN is set")
    parser.set_defaults(handler=cmd_serve)


@dataclass
class RunningBot:
    """A built bot: the Bolt app, its dependencies and (in HTTP mode) the server in front of it."""

    app: App
    deps: Deps
    server: SlackHttpServer | None = None

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        self.deps.close()


def build_bot(settings: Settings, copilot: Copilot, socket_mode: bool = False, **overrides: Any) -> RunningBot:
    """The app and its dependencies; `overrides` replace parts of the container (tests inject skills, dates)."""
    deps = build_deps(settings, copilot, **overrides)
    try:
        app = build_app(settings, deps, socket_mode=socket_mode)
    except BoltError as exc:  # auth.test refused the token
        deps.close()
        raise UserInputError(f"Slack did not accept SLACK_BOT_TOKEN: {exc}") from None
    except BaseException:
        deps.close()
        raise
    return RunningBot(app, deps)


def start_http(
    settings: Settings, copilot: Copilot, host: str = "127.0.0.1", port: int = 0, **overrides: Any
) -> RunningBot:
    """The bot behind an HTTP server bound to host:port (not yet serving: call serve_forever or start_in_thread)."""
    bot = build_bot(settings, copilot, **overrides)
    try:
        bot.server = SlackHttpServer(bot.app, host, port)
    except OSError as exc:
        bot.stop()
        raise UserInputError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    return bot


def cmd_serve(copilot: Copilot, args: argparse.Namespace) -> int:
    settings = copilot.settings
    socket_mode = bool(settings.slack_app_token) and not args.http
    copilot.ensure_ingested()  # the first question should not pay for the first ingest
    _stop_on_sigterm()
    if socket_mode:
        return _serve_socket_mode(settings, copilot)
    bot = start_http(settings, copilot, args.host, args.port)
    print(f"csm-copilot: HTTP mode, listening on {bot.server.url} (logs in {settings.home})", flush=True)
    try:
        bot.server.serve_forever(poll_interval=0.2)
    finally:
        bot.stop()
    return 0


def _serve_socket_mode(settings: Settings, copilot: Copilot) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    bot = build_bot(settings, copilot, socket_mode=True)
    handler = SocketModeHandler(bot.app, settings.slack_app_token.get_secret_value())
    print(f"csm-copilot: Socket Mode, connecting to Slack (logs in {settings.home})", flush=True)
    try:
        handler.start()
    finally:
        handler.close()
        bot.stop()
    return 0


def _stop_on_sigterm() -> None:
    """SIGTERM (docker stop, systemd) ends the server like Ctrl-C: state is closed cleanly."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt
