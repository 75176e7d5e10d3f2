"""The other side of the fake Slack: what Slack sends the app (events, slash commands, interactivity
payloads), signed with the signing secret exactly as Slack signs it (or, for the negative test, not)."""

from __future__ import annotations

import itertools
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from tests.slack.fake_slack import APP_ID, BOT_USER, SIGNING_SECRET, TEAM, FakeSlack


@dataclass
class Sent:
    status: int
    body: str
    seconds: float

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


class SlackSender:
    """Sends the app what Slack sends, signed with the signing secret (or deliberately not)."""

    def __init__(self, url: str, fake: FakeSlack, secret: str = SIGNING_SECRET):
        self.url, self.fake, self.secret = url, fake, secret
        self._ids = itertools.count(1)

    def post(
        self, body: str, content_type: str, headers: dict[str, str] | None = None, secret: str | None = None
    ) -> Sent:
        timestamp = str(int(time.time()))
        signature = SignatureVerifier(secret or self.secret).generate_signature(timestamp=timestamp, body=body)
        all_headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": signature or "",
            **(headers or {}),
        }
        request = urllib.request.Request(self.url, data=body.encode(), headers=all_headers, method="POST")
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Sent(response.status, response.read().decode(), time.perf_counter() - started)
        except urllib.error.HTTPError as error:
            return Sent(error.code, error.read().decode(), time.perf_counter() - started)

    def event(self, event: dict, event_id: str | None = None, retry_num: int | None = None, **kwargs: Any) -> Sent:
        """An Events API `event_callback` envelope around `event`."""
        envelope = {
            "token": "unused",
            "team_id": TEAM,
            "api_app_id": APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(self._ids):08d}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
        }
        headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"} if retry_num else {}
        return self.post(json.dumps(envelope), "application/json", headers, **kwargs)

    def command(self, text: str, user: str = "U0CSM", channel: str = "C0GENERAL", name: str = "cmd") -> Sent:
        form = {
            "token": "unused",
            "team_id": TEAM,
            "team_domain": "fake",
            "channel_id": channel,
            "channel_name": "general",
            "user_id": user,
            "user_name": "csm",
            "command": "/csm",
            "text": text,
            "api_app_id": APP_ID,
            "response_url": self.fake.response_url(name),
            "trigger_id": "13345224609.738474920.8088930838d88f008e0",
        }
        return self.post(urlencode(form), "application/x-www-form-urlencoded")

    def interactive(self, payload: dict) -> Sent:
        return self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")

    def message_shortcut(
        self, callback_id: str, message: dict, user: str = "U0CSM", channel: str = "C0GENERAL", name: str = "shortcut"
    ) -> Sent:
        return self.interactive(
            {
                "type": "message_action",
                "callback_id": callback_id,
                "trigger_id": "1.2.3",
                "action_ts": "1767000000.1",
                "team": {"id": TEAM, "domain": "fake"},
                "user": {"id": user, "name": "csm"},
                "channel": {"id": channel, "name": "general"},
                "message": message,
                "response_url": self.fake.response_url(name),
            }
        )

    def block_action(
        self,
        action: dict,
        user: str = "U0CSM",
        channel: str = "C0GENERAL",
        message: dict | None = None,
        ephemeral: bool = False,
        name: str = "action",
    ) -> Sent:
        container = {
            "type": "message",
            "message_ts": (message or {}).get("ts", "1767000000.000100"),
            "channel_id": channel,
            "is_ephemeral": ephemeral,
        }
        return self.interactive(
            {
                "type": "block_actions",
                "team": {"id": TEAM},
                "user": {"id": user},
                "api_app_id": APP_ID,
                "container": container,
                "channel": {"id": channel},
                "message": message or {"ts": container["message_ts"]},
                "response_url": self.fake.response_url(name),
                "trigger_id": "1.2.3",
                "actions": [{"block_id": "b", "action_ts": "1767000000.2", **action}],
            }
        )

    def home_action(self, action: dict, user: str = "U0CSM") -> Sent:
        return self.interactive(
            {
                "type": "block_actions",
                "team": {"id": TEAM},
                "user": {"id": user},
                "api_app_id": APP_ID,
                "container": {"type": "view", "view_id": "V0HOME"},
                "view": {"id": "V0HOME", "type": "home"},
                "trigger_id": "1.2.3",
                "actions": [{"block_id": "b", "action_ts": "1767000000.2", **action}],
            }
        )
