"""Message shortcuts: Summarize thread, Reframe this, Yes-and this, Check my reply. Acked at once; the answer is
private to the user who ran the shortcut (ephemeral, with a Share button)."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.deps import Deps
from bot.slack.replies import WORKING, Place, answer_privately
from bot.slack.skills import SkillRequest

SHORTCUTS = {
    "summarize_thread": "summarize",
    "reframe_message": "reframe",
    "yes_and_message": "yes-and",
    "check_reply": "check-reply",
}
MAX_THREAD_PAGES = 5
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^>]*))?>")
_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)(?:\|([^>]*))?>")
_SPECIAL = re.compile(r"<[!#][^>|]*(?:\|([^>]*))?>")


def register(app: App, deps: Deps) -> None:
    @app.message_shortcut(re.compile(f"^({'|'.join(SHORTCUTS)})$"))
    def message_shortcut(ack: Callable, shortcut: dict, client: WebClient, respond: Callable) -> None:
        ack()
        on_message_shortcut(deps, shortcut, client, respond)


def on_message_shortcut(deps: Deps, shortcut: dict, client: WebClient, respond: Callable) -> None:
    skill = SHORTCUTS[shortcut["callback_id"]]
    message = shortcut.get("message") or {}
    team = (shortcut.get("team") or {}).get("id")
    place = Place(shortcut["channel"]["id"], user=shortcut["user"]["id"], team=team)
    if skill == "summarize":
        thread_ts = message.get("thread_ts") or message["ts"]
        deps.jobs.submit(summarize_thread, deps, client, respond, place, thread_ts)
        return
    request = SkillRequest(skill, text=plain_text(message.get("text") or ""))
    deps.jobs.submit(answer_privately, deps, client, respond, request, place, announce=True)


def summarize_thread(deps: Deps, client: WebClient, respond: Callable, place: Place, thread_ts: str) -> None:
    """Read the thread (conversations.replies) and summarize it as a transcript; the user hears that it is under
    way before a long thread is read page by page."""
    respond(text=WORKING, response_type="ephemeral")
    try:
        messages = thread_messages(client, place.channel, thread_ts)
    except SlackApiError as exc:
        error = exc.response.get("error")
        reason = (
            "add me to this channel first (/invite)"
            if error in ("not_in_channel", "channel_not_found")
            else f"Slack said {error}"
        )
        respond(text=f":warning: I can't read this thread: {reason}.", response_type="ephemeral")
        return
    request = SkillRequest(
        "summarize", text=thread_transcript(messages), name="slack-thread.txt", date=ts_date(thread_ts)
    )
    answer_privately(deps, client, respond, request, place)


def thread_messages(client: WebClient, channel: str, thread_ts: str) -> list[dict]:
    messages: list[dict] = []
    cursor = None
    for _ in range(MAX_THREAD_PAGES):
        page = client.conversations_replies(channel=channel, ts=thread_ts, limit=200, cursor=cursor)
        messages += page.get("messages") or []
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            break
    return messages


def thread_transcript(messages: list[dict]) -> str:
    """A thread as transcript lines ("Speaker Name: text"), the form the summarize skill reads."""
    lines = []
    for message in messages:
        text = " ".join(plain_text(message.get("text") or "").split())
        if text:
            lines.append(f"{speaker(message)}: {text}")
    return "\n".join(lines)


def speaker(message: dict) -> str:
    profile = message.get("user_profile") or {}
    name = profile.get("real_name") or profile.get("display_name") or message.get("username")
    return (name or message.get("user") or "Someone").replace(":", " ")


def plain_text(text: str) -> str:
    """Slack message text without its markup: mentions, links and channel references as plain words."""
    text = _MENTION.sub(lambda m: f"@{m.group(2) or m.group(1)}", text)
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = _SPECIAL.sub(lambda m: m.group(1) or "", text)
    return html.unescape(text)


def ts_date(ts: str) -> str | None:
    try:
        return dt.datetime.fromtimestamp(float(ts), tz=dt.UTC).date().isoformat()
    except ValueError:
        return None
