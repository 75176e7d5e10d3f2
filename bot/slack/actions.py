"""Buttons on answers: feedback (stored with the answer's retrieved chunk ids), "Share to channel" for private
answers, and "File under <account>" for a summarized transcript."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.blocks import FEEDBACK_ACTION, SHARE_ACTION, context
from bot.slack.deps import Deps
from bot.slack.files import file_under_shared
from bot.slack.replies import Place, post_notice
from bot.slack.safety import neutralize, neutralize_payload, user_message
from bot.slack.skills import FILE_UNDER_ACTION

THANKS = {
    "good": "Thanks! Glad it helped.",
    "bad": "Thanks for telling me. Reply in the thread with what was missing and I'll try again.",
}
CANNOT_POST = {"not_in_channel", "channel_not_found", "is_archived", "restricted_action"}
CANNOT_POST_TEXT = "I can't post in this conversation. Invite me with `/invite @csm-copilot`, then share again."


def register(app: App, deps: Deps) -> None:
    @app.action(FEEDBACK_ACTION)
    def feedback(ack: Callable, body: dict, action: dict, client: WebClient, respond: Callable) -> None:
        ack()
        deps.jobs.submit(on_feedback, deps, body, action, client, respond)

    @app.action(SHARE_ACTION)
    def share(ack: Callable, body: dict, action: dict, client: WebClient, respond: Callable) -> None:
        ack()
        deps.jobs.submit(on_share, deps, body, action, client, respond)

    @app.action(FILE_UNDER_ACTION)
    def file_under(ack: Callable, body: dict, action: dict, client: WebClient) -> None:
        ack()
        deps.jobs.submit(on_file_under, deps, body, action, client)


def on_feedback(deps: Deps, body: dict, action: dict, client: WebClient, respond: Callable) -> None:
    """Store the vote with the answer's retrieved chunk ids, then thank the user privately."""
    vote, _, answer_id = (action.get("value") or "").partition(":")
    user = body["user"]["id"]
    stored = deps.state.record_feedback(answer_id, user, vote) if vote in THANKS else None
    text = THANKS[vote] if stored else "I no longer have that answer, so I couldn't record your feedback."
    if is_ephemeral(body):
        respond(text=text, response_type="ephemeral", replace_original=False)
        return
    message = body.get("message") or {}
    client.chat_postEphemeral(
        channel=body["channel"]["id"], user=user, text=text, thread_ts=message.get("thread_ts") or message.get("ts")
    )


def on_share(deps: Deps, body: dict, action: dict, client: WebClient, respond: Callable) -> None:
    """Post a private answer in the channel for everyone, credited to the person who shared it."""
    user, channel = body["user"]["id"], body["channel"]["id"]
    stored = deps.state.answer(action.get("value") or "")
    if stored is None:
        respond(
            text="I no longer have that answer; ask again and share the new one.",
            response_type="ephemeral",
            replace_original=False,
        )
        return
    blocks = [*stored.blocks, context(f"Shared by <@{user}>")]
    try:
        client.chat_postMessage(channel=channel, text=neutralize(stored.text), blocks=neutralize_payload(blocks))
    except SlackApiError as exc:
        text = CANNOT_POST_TEXT if exc.response.get("error") in CANNOT_POST else user_message(exc, "share")
        respond(text=text, response_type="ephemeral", replace_original=False)
        return
    respond(text=f"Shared in <#{channel}>.", response_type="ephemeral", replace_original=False)


def on_file_under(deps: Deps, body: dict, action: dict, client: WebClient) -> None:
    """File the summarized transcript under its account, then say where it went."""
    file_id, _, account = (action.get("value") or "").partition("|")
    message = body.get("message") or {}
    place = Place(body["channel"]["id"], message.get("thread_ts") or message.get("ts"), body["user"]["id"])
    try:
        filed = file_under_shared(deps, client, file_id, account)
    except Exception as exc:
        post_notice(client, place, user_message(exc, f"filing {file_id} under {account}"))
        return
    post_notice(client, place, f"Filed as `{filed}` and ingested: I'll use it in answers from now on.")


def is_ephemeral(body: dict) -> bool:
    return bool((body.get("container") or {}).get("is_ephemeral"))
