"""Builds the Bolt app: a Web API client on SLACK_API_BASE_URL, the retry filter, and each surface's listeners.
Wiring only; what each surface does lives in its own module."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_sdk import WebClient

from bot.core.config import Settings
from bot.core.errors import UserInputError
from bot.slack import actions, commands, events, home, shortcuts
from bot.slack.deps import Deps

logger = logging.getLogger(__name__)

SURFACES = (events, commands, shortcuts, actions, home)
LISTENER_THREADS = 8  # listeners only ack and hand over to deps.jobs


def build_app(settings: Settings, deps: Deps, socket_mode: bool = False) -> App:
    """The Bolt app for these settings; UserInputError names a missing setting."""
    if not settings.slack_bot_token:
        raise UserInputError("SLACK_BOT_TOKEN is not set (the bot token, xoxb-…, from OAuth & Permissions).")
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    if not socket_mode and not secret:
        raise UserInputError(
            "SLACK_SIGNING_SECRET is not set (Basic Information › App Credentials); HTTP mode "
            "needs it to verify requests. Or set SLACK_APP_TOKEN for Socket Mode."
        )
    client = WebClient(token=settings.slack_bot_token.get_secret_value(), base_url=api_base_url(settings))
    app = App(
        name="csm-copilot",
        client=client,
        signing_secret=secret,
        request_verification_enabled=not socket_mode,
        listener_executor=ThreadPoolExecutor(max_workers=LISTENER_THREADS, thread_name_prefix="bolt-listener"),
    )
    app.use(events.skip_duplicate_events(deps))
    for surface in SURFACES:
        surface.register(app, deps)
    return app


def api_base_url(settings: Settings) -> str:
    base = settings.slack_api_base_url
    return base if base.endswith("/") else base + "/"
