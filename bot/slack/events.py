"""Events API surface: @mentions (answered in the thread), DMs, follow-ups in a known thread without a new
mention, transcript files shared in a DM, and App Home opened (the Home tab, or suggested prompts in the
Messages tab). Events are acked by Bolt before a listener runs; listeners only hand work to `deps.jobs`."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from slack_bolt import App, BoltContext, BoltResponse
from slack_sdk import WebClient

from bot.core.health.portfolio import ranked_accounts
from bot.slack.deps import Deps
from bot.slack.files import summarize_shared_file
from bot.slack.home import csm_identities, publish_home
from bot.slack.replies import Place, answer_in_thread
from bot.slack.skills import ROUTE, SkillRequest

logger = logging.getLogger(__name__)

# Manifest `bot_events`: message events arrive as message.im / message.channels / message.groups.
EVENTS = ("app_mention", "message", "file_shared", "app_home_opened")
_USER_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
_HANDLED_SUBTYPES = {None, "thread_broadcast"}  # edits, joins, bot posts and file shares are not questions


def register(app: App, deps: Deps) -> None:
    @app.event("app_mention")
    def mention(event: dict, context: BoltContext, client: WebClient, set_status: Callable | None) -> None:
        on_mention(deps, event, context, client, set_status)

    @app.event("message")
    def message(event: dict, context: BoltContext, client: WebClient, set_status: Callable | None) -> None:
        on_message(deps, event, context, client, set_status)

    @app.event("file_shared")
    def file_shared(event: dict, context: BoltContext, client: WebClient) -> None:
        on_file_shared(deps, event, context, client)

    @app.event("app_home_opened")
    def home_opened(event: dict, client: WebClient, set_suggested_prompts: Callable | None) -> None:
        on_home_opened(deps, event, client, set_suggested_prompts)


def skip_duplicate_events(deps: Deps) -> Callable:
    """Global middleware: an event id seen before (a Slack retry, a double delivery) is acked and dropped."""

    def skip_duplicates(body: dict, next: Callable, logger) -> BoltResponse | None:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not deps.state.claim_event(event_id):
            logger.info("dropped a repeated delivery of %s", event_id)
            return BoltResponse(status=200, body="")
        return next()

    return skip_duplicates


def on_mention(deps: Deps, event: dict, context: BoltContext, client: WebClient, set_status: Callable | None) -> None:
    """Answer in the mention's thread, and remember the thread so replies there need no new mention."""
    place = Place(event["channel"], event.get("thread_ts") or event["ts"], event.get("user"), context.team_id)
    known = deps.state.conversation(place.channel, place.thread_ts)
    deps.state.remember_thread(place.channel, place.thread_ts, place.user)
    request = SkillRequest(ROUTE, text=strip_mentions(event.get("text", "")), account=known and known.account)
    deps.jobs.submit(answer_in_thread, deps, client, place, request, set_status)


def on_message(deps: Deps, event: dict, context: BoltContext, client: WebClient, set_status: Callable | None) -> None:
    """A DM, or a reply in a thread the bot converses in; everything else is not for us."""
    if event.get("subtype") not in _HANDLED_SUBTYPES or event.get("bot_id") or not event.get("user"):
        return
    text, thread_ts = event.get("text", ""), event.get("thread_ts")
    if event.get("channel_type") == "im":
        thread_ts = thread_ts or event["ts"]
    elif not thread_ts or mentions(text, context.bot_user_id):  # a mention is answered by on_mention
        return
    known = deps.state.conversation(event["channel"], thread_ts)
    if known is None and event.get("channel_type") != "im":
        return
    place = Place(event["channel"], thread_ts, event["user"], context.team_id)
    deps.state.remember_thread(place.channel, thread_ts, place.user)
    request = SkillRequest(ROUTE, text=strip_mentions(text), account=known and known.account)
    deps.jobs.submit(answer_in_thread, deps, client, place, request, set_status)


def on_file_shared(deps: Deps, event: dict, context: BoltContext, client: WebClient) -> None:
    """Files shared in a DM with the app; files posted in channels are none of our business."""
    channel, user = event.get("channel_id") or "", event.get("user_id")
    if not channel.startswith("D") or not user or user == context.bot_user_id:
        return
    place = Place(channel, user=user, team=context.team_id)
    deps.jobs.submit(summarize_shared_file, deps, client, place, event["file_id"])


def on_home_opened(deps: Deps, event: dict, client: WebClient, set_suggested_prompts: Callable | None) -> None:
    if event.get("tab") == "messages":
        if set_suggested_prompts is not None:
            deps.jobs.submit(suggest_prompts, deps, set_suggested_prompts, client, event.get("user"))
        return
    deps.jobs.submit(publish_home, deps, client, event["user"])


def suggest_prompts(
    deps: Deps, set_suggested_prompts: Callable, client: WebClient | None = None, user: str | None = None
) -> None:
    """Prompts pinned at the top of the DM, naming the user's account most at risk (of the whole portfolio
    when none lists them as CSM; any account if scoring fails)."""
    identities = csm_identities(client, user) if client is not None and user else []
    with deps.core_lock:
        deps.copilot.ensure_ingested()
        mine = {a.slug for a in deps.copilot.accounts().managed_by(identities)}
        try:
            ranked = ranked_accounts(deps.copilot, deps.today())
            names = [h.name for h in ranked if h.account in mine] or [h.name for h in ranked]
        except Exception:  # the prompts are a courtesy: any real account will do
            logger.exception("scoring the portfolio for suggested prompts failed")
            names = [a.name for a in deps.copilot.accounts().accounts]
    set_suggested_prompts(prompts=suggested_prompts(names), title="Try one of these")


def suggested_prompts(account_names: list[str]) -> list[dict[str, str]]:
    """Four prompts (Slack shows at most four): QBR prep, a success plan, portfolio health, a call summary."""
    name = account_names[0] if account_names else "my biggest account"
    return [
        {"title": f"Prep a QBR for {name}", "message": f"Prep a QBR for {name}"},
        {"title": f"Draft a success plan for {name}", "message": f"Draft a success plan for {name}"},
        {"title": "Which accounts are at risk?", "message": "Which accounts are at risk?"},
        {"title": "Summarize this call", "message": "Summarize this call"},
    ]


def strip_mentions(text: str) -> str:
    return " ".join(_USER_MENTION.sub(" ", text).split())


def mentions(text: str, user_id: str | None) -> bool:
    return bool(user_id) and f"<@{user_id}" in text
