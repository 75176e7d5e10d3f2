"""Transcripts shared with the app: read through the Web API (files.info, then the private download URL with the
bot token), summarized, and filed under the account on request."""

from __future__ import annotations

import urllib.request
import uuid
from pathlib import PurePath
from urllib.parse import urlparse

from slack_bolt.context.set_status import SetStatus
from slack_sdk import WebClient

from bot.core.errors import UserInputError
from bot.slack.deps import Deps
from bot.slack.replies import Place, answer_in_thread, post_notice
from bot.slack.safety import user_message
from bot.slack.skills import SkillRequest

TRANSCRIPT_SUFFIXES = (".txt", ".vtt", ".srt", ".md")
SLACK_FILE_HOSTS = ("slack.com", "slack-files.com", "slack-edge.com")
DOWNLOAD_TIMEOUT = 30


def summarize_shared_file(deps: Deps, client: WebClient, place: Place, file_id: str) -> None:
    """Summarize a transcript shared in a DM with the app, in the thread of the share when there is one."""
    try:
        info = client.files_info(file=file_id)["file"]
        name = info.get("name") or "transcript.txt"
        if PurePath(name).suffix.lower() not in TRANSCRIPT_SUFFIXES:
            kinds = ", ".join(TRANSCRIPT_SUFFIXES)
            post_notice(client, place, f"I can summarize call transcripts and notes ({kinds}); {name} is not one.")
            return
        text = download(client, info, deps.bot_token, deps.max_file_bytes).decode("utf-8-sig")
        account = named_account(deps, " ".join([name, info.get("title") or "", _comment(info)]))
    except UnicodeDecodeError:
        post_notice(client, place, f"{info.get('name')} is not UTF-8 text; is it a transcript?")
        return
    except Exception as exc:
        post_notice(client, place, user_message(exc, f"reading shared file {file_id}"))
        return
    thread_ts = share_ts(info, place.channel)
    here = Place(place.channel, thread_ts, place.user, place.team)
    status = SetStatus(client, place.channel, thread_ts) if thread_ts else None
    request = SkillRequest("summarize", text=text, name=name, account=account, file_id=file_id)
    answer_in_thread(deps, client, here, request, status)


def file_under_shared(deps: Deps, client: WebClient, file_id: str, account: str) -> str:
    """Download the shared file again and file it under the account's folder (then ingest it); the new path."""
    from bot.core.skills.summarize import file_under

    info = client.files_info(file=file_id)["file"]
    data = download(client, info, deps.bot_token, deps.max_file_bytes)
    folder = deps.work_dir / "files" / uuid.uuid4().hex[:12]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / PurePath(info.get("name") or "transcript.txt").name
    path.write_bytes(data)
    try:
        with deps.core_lock:
            filed, _ = file_under(deps.copilot, path, account)
    finally:
        path.unlink(missing_ok=True)
        folder.rmdir()
    return filed


def download(client: WebClient, info: dict, token: str, max_bytes: int) -> bytes:
    """A file's bytes from its private URL; only Slack's own hosts ever see the bot token."""
    url = info.get("url_private_download") or info.get("url_private") or ""
    if not _is_slack_host(url, client.base_url):
        raise UserInputError("That file is not stored in Slack, so I can't read it.")
    if int(info.get("size") or 0) > max_bytes:
        raise UserInputError(f"That file is larger than {max_bytes // 1_000_000} MB; share a shorter transcript.")
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT) as response:
        data = response.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UserInputError(f"That file is larger than {max_bytes // 1_000_000} MB; share a shorter transcript.")
    return data


def named_account(deps: Deps, text: str) -> str | None:
    """The one account a file's name, title or comment names ('acme-weekly-sync.txt'), else None."""
    words = text.replace("-", " ").replace("_", " ")
    with deps.core_lock:
        deps.copilot.ensure_ingested()
        mentioned = deps.copilot.accounts().mentioned_in(words)
    return mentioned[0].slug if len(mentioned) == 1 else None


def share_ts(info: dict, channel: str) -> str | None:
    """The ts of the message that shared the file in `channel`, to answer in its thread."""
    for scope in ("private", "public"):
        shares = ((info.get("shares") or {}).get(scope) or {}).get(channel) or []
        if shares and shares[0].get("ts"):
            return shares[0]["ts"]
    return None


def _comment(info: dict) -> str:
    comment = info.get("initial_comment")
    return comment.get("comment", "") if isinstance(comment, dict) else str(comment or "")


def _is_slack_host(url: str, api_base_url: str) -> bool:
    host = (urlparse(url).hostname or "").lower()
    if not host or urlparse(url).scheme not in ("https", "http"):
        return False
    if host == (urlparse(api_base_url).hostname or "").lower():  # the API host itself (a proxy, or a test double)
        return True
    return urlparse(url).scheme == "https" and any(host == h or host.endswith("." + h) for h in SLACK_FILE_HOSTS)
