"""Delivering an answer, after the ack: progress status, then the answer in a thread (streamed when long, with a
post-then-update fallback), privately through a `response_url`, or in the user's DM; charts uploaded as images.
Every failure reaches the user as a short message (a reference id for anything unexpected)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.blocks import Doc, answer_tail, doc_blocks, doc_markdown, sources_footer, split_messages, stream_pieces
from bot.slack.deps import Deps
from bot.slack.safety import StreamNeutralizer, neutralize, neutralize_payload, user_message
from bot.slack.skills import ROUTE, SkillRequest, compose, finish_stream, open_stream
from bot.slack.state import StoredAnswer

logger = logging.getLogger(__name__)

STREAM_MIN_CHARS = 1200  # shorter answers are posted whole: one call instead of three
STREAM_BUFFER = 600
LIVE_STREAM_BUFFER = 80  # the model's words: small appends, so the reader sees them as they come
MAX_RESPONSES = 4  # a response_url takes five messages; keep one for a follow-up note
NO_FEEDBACK = {"help", "unclear"}
STORED_REQUEST_CHARS = 2000  # a shared transcript is the request too: keep its start, not all of it
WORKING = ":hourglass_flowing_sand: Working on it…"  # the placeholder a private answer replaces
ROUTE_STATUS = ("is thinking…", ("Reading your request…", "Searching notes, transcripts and playbooks…"))


@dataclass(frozen=True)
class Place:
    """Where an answer goes: a channel, optionally a thread, and who it is for."""

    channel: str
    thread_ts: str | None = None
    user: str | None = None
    team: str | None = None


def answer_in_thread(
    deps: Deps, client: WebClient, place: Place, request: SkillRequest, set_status: Callable | None = None
) -> str | None:
    """The answer in `place` (a thread, or a DM): status first, then the answer; returns the answer id."""
    show_status(deps, set_status, request)
    try:
        if place.thread_ts:
            request, live = open_stream(deps, request)
            if live is not None:
                return stream_live(deps, client, place, request, live)
        request, doc = compose(deps, request)
        answer_id = save_answer(deps, request, doc, place)
        tail = answer_tail(doc, answer_id, shareable=False, feedback=request.skill not in NO_FEEDBACK)
        if place.thread_ts and len(doc_markdown(doc)) >= STREAM_MIN_CHARS:
            stream_answer(client, place, doc, tail)
        else:
            post_answer(client, place, doc, tail)
    except Exception as exc:
        post_notice(client, place, user_message(exc, f"{request.skill} for {place.user} in {place.channel}"))
        return None
    upload_files(client, place, doc)
    if place.thread_ts:
        deps.state.remember_thread(place.channel, place.thread_ts, place.user, doc.account)
    return answer_id


def answer_privately(
    deps: Deps, client: WebClient, respond: Callable, request: SkillRequest, place: Place, announce: bool = False
) -> str | None:
    """An ephemeral answer through the `response_url`, with a Share button; long answers and answers with charts
    go to the user's DM instead (ephemeral messages cannot carry files)."""
    if announce:
        respond(text=WORKING, response_type="ephemeral")
    try:
        request, doc = compose(deps, request)
    except Exception as exc:
        respond(
            text=neutralize(user_message(exc, f"{request.skill} for {place.user}")),
            response_type="ephemeral",
            replace_original=True,
        )
        return None
    answer_id = save_answer(deps, request, doc, place)
    feedback = request.skill not in NO_FEEDBACK
    messages = split_messages(doc_blocks(doc), answer_tail(doc, answer_id, shareable=True, feedback=feedback))
    if doc.files or len(messages) > MAX_RESPONSES:
        dm = Place(open_dm(client, place.user or ""), user=place.user, team=place.team)
        post_answer(client, dm, doc, answer_tail(doc, answer_id, shareable=False, feedback=feedback))
        upload_files(client, dm, doc)
        respond(text=neutralize(f"{doc.title}: sent to our DM."), response_type="ephemeral", replace_original=True)
        return answer_id
    for number, blocks in enumerate(messages):
        respond(
            text=neutralize(doc.title),
            blocks=neutralize_payload(blocks),
            response_type="ephemeral",
            replace_original=number == 0,
        )
    return answer_id


def answer_in_dm(deps: Deps, client: WebClient, user: str, request: SkillRequest) -> str | None:
    """The answer in the user's DM with the app (used by App Home buttons)."""
    return answer_in_thread(deps, client, Place(open_dm(client, user), user=user), request)


def show_status(deps: Deps, set_status: Callable | None, request: SkillRequest) -> None:
    """`assistant.threads.setStatus` with loading messages; a failure here never stops the answer."""
    if set_status is None:
        return
    skill = deps.skills.get(request.skill)
    status, loading = (skill.status, skill.loading) if skill and request.skill != ROUTE else ROUTE_STATUS
    try:
        set_status(status=status, loading_messages=list(loading) or None)
    except Exception as exc:  # status is a courtesy; Slack refuses it outside assistant-enabled threads
        logger.info("set_status failed: %s", exc)


def save_answer(deps: Deps, request: SkillRequest, doc: Doc, place: Place) -> str:
    answer_id = uuid.uuid4().hex[:12]
    deps.state.save_answer(
        StoredAnswer(
            id=answer_id,
            skill=request.skill,
            request=request.text[:STORED_REQUEST_CHARS],
            text=doc.title,
            blocks=doc_blocks(doc) + sources_footer(doc.citations),
            account=doc.account or request.account,
            user=place.user,
            channel=place.channel,
            retrieved=doc.retrieved,
            citations=doc.citations,
        )
    )
    return answer_id


def post_answer(client: WebClient, place: Place, doc: Doc, tail: list[dict]) -> str | None:
    """Post the answer as Block Kit, split into messages of at most 50 blocks; returns the first message's ts."""
    first_ts = None
    for blocks in split_messages(doc_blocks(doc), tail):
        response = client.chat_postMessage(
            channel=place.channel,
            thread_ts=place.thread_ts,
            text=neutralize(doc.title),
            blocks=neutralize_payload(blocks),
        )
        first_ts = first_ts or response.get("ts")
    return first_ts


def stream_answer(client: WebClient, place: Place, doc: Doc, tail: list[dict]) -> None:
    """Stream the body as Markdown (chat.startStream/appendStream), finish with the Sources and buttons;
    when Slack refuses streaming, post then update instead."""
    stream = client.chat_stream(
        channel=place.channel,
        thread_ts=place.thread_ts,
        recipient_team_id=place.team,
        recipient_user_id=place.user,
        buffer_size=STREAM_BUFFER,
    )
    try:
        for piece in stream_pieces(neutralize(doc_markdown(doc))):
            stream.append(markdown_text=piece)
        stream.stop(blocks=neutralize_payload(tail))
    except SlackApiError as exc:
        logger.warning("streaming refused (%s); falling back to post-then-update", exc.response.get("error"))
        post_then_update(client, place, doc, tail, stream.ts)


def stream_live(deps: Deps, client: WebClient, place: Place, request: SkillRequest, live: Any) -> str:
    """The model's words streamed into the thread as it writes them; then the guarded answer replaces them when it
    differs (a sentence the guard removed, citation marks renumbered, the offline answer after a failure), and the
    Sources and buttons finish the message. When Slack refuses streaming, the final answer is posted whole."""
    chat = client.chat_stream(
        channel=place.channel,
        thread_ts=place.thread_ts,
        recipient_team_id=place.team,
        recipient_user_id=place.user,
        buffer_size=LIVE_STREAM_BUFFER,
    )
    safe, refused = StreamNeutralizer(), False
    with deps.core_lock:  # the model writes while the core is held, as every other answer is made
        for piece in live:
            refused = refused or not _append(chat, safe.feed(piece))
    refused = refused or not _append(chat, safe.flush())
    doc = finish_stream(deps, request, live.result)
    answer_id = save_answer(deps, request, doc, place)
    tail = answer_tail(doc, answer_id, shareable=False, feedback=True)
    if refused or chat.ts is None:
        post_answer(client, place, doc, tail)
    else:
        _stop_and_correct(client, place, chat, doc, tail, changed=live.changed)
    deps.state.remember_thread(place.channel, place.thread_ts, place.user, doc.account)
    return answer_id


def _append(chat: Any, text: str) -> bool:
    """Append to a live stream; False once Slack has refused it (the caller then posts the answer whole)."""
    if not text:
        return True
    try:
        chat.append(markdown_text=text)
    except SlackApiError as exc:
        logger.warning("streaming refused (%s); the answer will be posted whole", exc.response.get("error"))
        return False
    return True


def _stop_and_correct(client: WebClient, place: Place, chat: Any, doc: Doc, tail: list[dict], changed: bool) -> None:
    """Finish the stream with the Sources and buttons; replace the streamed words with the final answer if they
    differ. The final answer goes in as Block Kit, split like any other long answer."""
    if not changed:
        chat.stop(blocks=neutralize_payload(tail))
        return
    chat.stop()
    post_then_update(client, place, doc, tail, chat.ts)


def post_then_update(client: WebClient, place: Place, doc: Doc, tail: list[dict], ts: str | None = None) -> None:
    """Show the title at once, then replace it with the full first message; further messages follow."""
    messages = split_messages(doc_blocks(doc), tail)
    title = neutralize(doc.title)
    if ts is None:
        posted = client.chat_postMessage(
            channel=place.channel, thread_ts=place.thread_ts, text=title, blocks=neutralize_payload(messages[0][:1])
        )
        ts = posted["ts"]
    client.chat_update(channel=place.channel, ts=ts, text=title, blocks=neutralize_payload(messages[0]))
    for blocks in messages[1:]:
        client.chat_postMessage(
            channel=place.channel, thread_ts=place.thread_ts, text=title, blocks=neutralize_payload(blocks)
        )


def upload_files(client: WebClient, place: Place, doc: Doc) -> None:
    """Charts as image files in the same conversation (and thread)."""
    if not doc.files:
        return
    uploads = [{"file": str(p), "filename": p.name, "title": p.stem.replace("-", " ")} for p in doc.files]
    try:
        client.files_upload_v2(
            channel=place.channel,
            thread_ts=place.thread_ts,
            file_uploads=uploads,
            initial_comment=neutralize(f"Charts for {doc.title}"),
        )
    except Exception as exc:
        post_notice(client, place, user_message(exc, f"chart upload to {place.channel}"))


def post_notice(client: WebClient, place: Place, text: str) -> Any:
    return client.chat_postMessage(channel=place.channel, thread_ts=place.thread_ts, text=neutralize(text))


def open_dm(client: WebClient, user: str) -> str:
    return client.conversations_open(users=user)["channel"]["id"]
