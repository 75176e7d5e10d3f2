"""A fake Slack Web API for scenario tests, on an ephemeral loopback port.

`FakeSlack` is the Web API side: it records every call (Web API methods, file downloads and uploads,
`response_url` posts) and answers like Slack does. The other side, Slack calling the app with signed
requests, is `SlackSender` in sender.py."""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlparse

TEAM, BOT_USER, BOT_ID, APP_ID = "T0FAKE", "U0BOT", "B0BOT", "A0APP"
BOT_TOKEN, SIGNING_SECRET = "xoxb-fake-token", "fake-signing-secret"
JSON_FIELDS = ("blocks", "view", "files", "prompts", "chunks", "loading_messages", "metadata")


@dataclass
class Call:
    """One request the app made to Slack."""

    method: str  # a Web API method, or "response_url", "file.download", "file.upload"
    args: dict[str, Any]
    headers: dict[str, str]
    path: str = ""
    response: Any = None

    @property
    def text(self) -> str:
        """Everything a person would read in this call, as one string (for 'does it mention…' checks)."""
        return json.dumps(self.args, ensure_ascii=False)


@dataclass
class FakeFile:
    id: str
    name: str
    content: bytes
    title: str | None = None
    channel: str | None = None
    share_ts: str | None = None
    comment: str | None = None


@dataclass
class FakeSlack:
    """The Slack Web API, recorded. Use as a context manager, or start()/stop()."""

    token: str = BOT_TOKEN
    calls: list[Call] = field(default_factory=list)
    files: dict[str, FakeFile] = field(default_factory=dict)
    threads: dict[tuple[str, str], list[dict]] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    users: dict[str, dict] = field(default_factory=dict)  # user id → users.info's `user`

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        self._uploads = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None

    # -- lifecycle ------------------------------------------------------------------------------------
    def start(self) -> FakeSlack:
        fake = self

        class Handler(_Handler):
            slack = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def root(self) -> str:
        assert self._server is not None, "start() the fake first"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def base_url(self) -> str:
        return f"{self.root}/api/"

    def response_url(self, name: str) -> str:
        return f"{self.root}/response/{name}"

    # -- test set-up ------------------------------------------------------------------------------------
    def add_file(self, file: FakeFile) -> None:
        self.files[file.id] = file

    def add_thread(self, channel: str, ts: str, messages: list[dict]) -> None:
        self.threads[(channel, ts)] = messages

    def add_user(self, user_id: str, real_name: str, email: str | None = None) -> None:
        profile = {"real_name": real_name, "display_name": real_name.split()[0], "email": email}
        self.users[user_id] = {"id": user_id, "name": real_name.lower().replace(" ", "."), "real_name": real_name,
                               "profile": {k: v for k, v in profile.items() if v}}  # fmt: skip

    def fail(self, method: str, error: str) -> None:
        """Make a Web API method answer `{"ok": false, "error": error}` from now on."""
        self.failures[method] = error

    # -- assertions -------------------------------------------------------------------------------------
    def calls_to(self, method: str, where: Callable[[Call], bool] | None = None) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method and (where is None or where(c))]

    def wait_for(
        self, method: str, count: int = 1, where: Callable[[Call], bool] | None = None, timeout: float = 20.0
    ) -> list[Call]:
        """Poll until `count` matching calls were recorded (bounded: fails after `timeout` seconds)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.calls_to(method, where)
            if len(found) >= count:
                return found
            time.sleep(0.02)
        recorded = [c.method for c in self.calls]
        raise AssertionError(f"expected {count} × {method}, got {len(self.calls_to(method, where))}; calls: {recorded}")

    def wait_until(self, condition: Callable[[], Any], timeout: float = 20.0) -> Any:
        """Poll `condition` until it is truthy (bounded: fails after `timeout` seconds)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = condition()
            if result:
                return result
            time.sleep(0.02)
        raise AssertionError(f"condition not met in {timeout}s; calls: {[c.method for c in self.calls]}")

    def settle(self, quiet: float = 0.3, timeout: float = 20.0) -> list[Call]:
        """Wait until no new call arrived for `quiet` seconds (the app is done); all calls so far."""
        deadline = time.monotonic() + timeout
        seen, since = -1, time.monotonic()
        while time.monotonic() < deadline:
            now = len(self.calls)
            if now != seen:
                seen, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                break
            time.sleep(0.02)
        return list(self.calls)

    def answers(self) -> list[Call]:
        """Every call that put an answer in front of a user."""
        methods = (
            "chat.postMessage",
            "chat.update",
            "chat.postEphemeral",
            "chat.stopStream",
            "chat.appendStream",
            "chat.startStream",
            "response_url",
            "views.publish",
        )
        with self._lock:
            return [c for c in self.calls if c.method in methods]

    # -- the Web API ------------------------------------------------------------------------------------
    def record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)

    def next_ts(self) -> str:
        return f"{1767000000 + next(self._ts)}.000100"

    def api(self, method: str, args: dict[str, Any], authorized: bool) -> dict[str, Any]:
        if not authorized:
            return {"ok": False, "error": "invalid_auth"}
        if method in self.failures:
            return {"ok": False, "error": self.failures[method]}
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        return handler(args) if handler else {"ok": False, "error": "unknown_method"}

    def _auth_test(self, args: dict) -> dict:
        return {
            "ok": True,
            "url": "https://fake.slack.com/",
            "team": "Fake",
            "user": "csm-copilot",
            "team_id": TEAM,
            "user_id": BOT_USER,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "is_enterprise_install": False,
        }

    def _chat_postMessage(self, args: dict) -> dict:
        ts = self.next_ts()
        message = {
            "type": "message",
            "text": args.get("text"),
            "ts": ts,
            "bot_id": BOT_ID,
            "blocks": args.get("blocks"),
        }
        return {"ok": True, "channel": args.get("channel"), "ts": ts, "message": message}

    def _chat_update(self, args: dict) -> dict:
        return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts"), "text": args.get("text")}

    def _chat_postEphemeral(self, args: dict) -> dict:
        return {"ok": True, "message_ts": self.next_ts()}

    def _chat_startStream(self, args: dict) -> dict:
        return {"ok": True, "channel": args.get("channel"), "ts": self.next_ts()}

    def _chat_appendStream(self, args: dict) -> dict:
        return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts")}

    def _chat_stopStream(self, args: dict) -> dict:
        return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts"), "message": {"ts": args.get("ts")}}

    def _assistant_threads_setStatus(self, args: dict) -> dict:
        return {"ok": True}

    def _assistant_threads_setSuggestedPrompts(self, args: dict) -> dict:
        return {"ok": True}

    def _conversations_open(self, args: dict) -> dict:
        return {"ok": True, "channel": {"id": "D" + str(args.get("users", "")).lstrip("U")}}

    def _conversations_replies(self, args: dict) -> dict:
        messages = self.threads.get((args.get("channel"), args.get("ts")))
        if messages is None:
            return {"ok": False, "error": "thread_not_found"}
        return {"ok": True, "messages": messages, "has_more": False, "response_metadata": {"next_cursor": ""}}

    def _files_info(self, args: dict) -> dict:
        file = self.files.get(args.get("file", ""))
        if file is None:
            return {"ok": False, "error": "file_not_found"}
        info: dict[str, Any] = {
            "id": file.id,
            "name": file.name,
            "title": file.title or file.name,
            "size": len(file.content),
            "filetype": file.name.rsplit(".", 1)[-1],
            "url_private": f"{self.root}/files/{file.id}/{file.name}",
            "url_private_download": f"{self.root}/files/{file.id}/download/{file.name}",
        }
        if file.channel and file.share_ts:
            info["shares"] = {"private": {file.channel: [{"ts": file.share_ts}]}}
        if file.comment:
            info["initial_comment"] = {"comment": file.comment}
        return {"ok": True, "file": info}

    def _files_getUploadURLExternal(self, args: dict) -> dict:
        file_id = f"FUP{next(self._uploads)}"
        return {"ok": True, "upload_url": f"{self.root}/upload/{file_id}", "file_id": file_id}

    def _files_completeUploadExternal(self, args: dict) -> dict:
        return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in args.get("files") or []]}

    def _users_info(self, args: dict) -> dict:
        user = self.users.get(args.get("user", ""))
        return {"ok": True, "user": user} if user is not None else {"ok": False, "error": "user_not_found"}

    def _views_publish(self, args: dict) -> dict:
        return {"ok": True, "view": {"id": "V0HOME", **(args.get("view") or {})}}


class _Handler(BaseHTTPRequestHandler):
    slack: FakeSlack
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        url = urlparse(self.path)
        headers = {k.lower(): v for k, v in self.headers.items()}
        if url.path.startswith("/api/"):
            method = url.path[len("/api/") :]
            args = _parse(raw, headers.get("content-type", ""), url.query)
            call = Call(method, args, headers, url.path)
            authorized = headers.get("authorization") == f"Bearer {self.slack.token}"
            call.response = self.slack.api(method, args, authorized)
            self.slack.record(call)
            self._reply(200, call.response)
        elif url.path.startswith("/response/"):
            self.slack.record(Call("response_url", json.loads(raw or b"{}"), headers, url.path))
            self._reply(200, "ok")
        elif url.path.startswith("/upload/"):
            self.slack.record(
                Call("file.upload", {"bytes": len(raw), "png": raw[:8] == b"\x89PNG\r\n\x1a\n"}, headers, url.path)
            )
            self._reply(200, f"OK - {len(raw)}")
        else:
            self._reply(404, "not found")

    def do_GET(self) -> None:
        parts = urlparse(self.path).path.strip("/").split("/")
        headers = {k.lower(): v for k, v in self.headers.items()}
        self.slack.record(Call("file.download", {"path": self.path}, headers, self.path))
        file = self.slack.files.get(parts[1]) if len(parts) >= 3 and parts[0] == "files" else None
        if file is None or headers.get("authorization") != f"Bearer {self.slack.token}":
            self._reply(404 if file is None else 403, "no")
            return
        self._reply(200, file.content)

    def _reply(self, status: int, body: Any) -> None:
        data = body if isinstance(body, bytes) else (body if isinstance(body, str) else json.dumps(body)).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json" if isinstance(body, dict) else "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _parse(raw: bytes, content_type: str, query: str) -> dict[str, Any]:
    args: dict[str, Any] = dict(parse_qsl(query))
    if "json" in content_type:
        args.update(json.loads(raw or b"{}"))
    elif "x-www-form-urlencoded" in content_type:
        args.update(parse_qsl(raw.decode()))
    for key in JSON_FIELDS:
        if isinstance(args.get(key), str) and args[key][:1] in "[{":
            args[key] = json.loads(args[key])
    return args
