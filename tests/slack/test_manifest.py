"""manifest.json asks for exactly what the bot uses: its scopes follow from the Web API methods the code calls
and the events it subscribes to; its command and shortcuts are the ones registered."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from slack_sdk import WebClient

from bot.slack.commands import COMMAND
from bot.slack.events import EVENTS
from bot.slack.shortcuts import SHORTCUTS

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = json.loads((ROOT / "manifest.json").read_text())
SLACK_CODE = ROOT / "bot" / "slack"

# Web API method (as WebClient spells it, or the Bolt helper that calls it) → the bot scopes it needs.
METHOD_SCOPES = {
    "chat_postMessage": {"chat:write"},
    "chat_update": {"chat:write"},
    "chat_postEphemeral": {"chat:write"},
    "chat_stream": {"chat:write"},
    "assistant_threads_setStatus": {"assistant:write"},
    "assistant_threads_setSuggestedPrompts": {"assistant:write"},
    "conversations_replies": {"channels:history", "groups:history", "im:history"},
    "conversations_open": {"im:write"},
    "files_info": {"files:read"},
    "files_upload_v2": {"files:write"},
    "views_publish": set(),
    "users_info": {"users:read", "users:read.email"},
}
HELPERS = {
    "SetStatus": "assistant_threads_setStatus",
    "set_status": "assistant_threads_setStatus",
    "set_suggested_prompts": "assistant_threads_setSuggestedPrompts",
}
EVENT_SCOPES = {
    "app_mention": {"app_mentions:read"},
    "message.im": {"im:history"},
    "message.channels": {"channels:history"},
    "message.groups": {"groups:history"},
    "file_shared": {"files:read"},
    "app_home_opened": set(),
}


def web_api_methods_called() -> set[str]:
    """Every WebClient method (and Bolt helper) the Slack layer calls."""
    found = set()
    for path in SLACK_CODE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name in HELPERS:
                    found.add(HELPERS[name])
                elif (
                    isinstance(node.func, ast.Attribute)
                    and name in dir(WebClient)
                    and not name.startswith("_")
                    and "_" in name
                ):
                    found.add(name)
    return found


def test_every_web_api_call_has_known_scopes():
    called = web_api_methods_called()
    assert "chat_postMessage" in called and "files_upload_v2" in called  # the scan works
    assert called <= METHOD_SCOPES.keys(), f"add scopes for {called - METHOD_SCOPES.keys()}"


def test_scopes_are_exactly_what_the_calls_and_events_need():
    needed = set().union(*(METHOD_SCOPES[m] for m in web_api_methods_called()))
    needed |= set().union(*(EVENT_SCOPES[e] for e in MANIFEST["settings"]["event_subscriptions"]["bot_events"]))
    needed.add("commands")  # the slash command and the message shortcuts
    assert set(MANIFEST["oauth_config"]["scopes"]["bot"]) == needed


def test_events_command_and_shortcuts_match_the_registered_listeners():
    bot_events = set(MANIFEST["settings"]["event_subscriptions"]["bot_events"])
    as_listened = {e.split(".")[0] for e in bot_events}
    assert as_listened == set(EVENTS)
    assert {c["command"] for c in MANIFEST["features"]["slash_commands"]} == {COMMAND}
    shortcuts = MANIFEST["features"]["shortcuts"]
    assert {s["callback_id"] for s in shortcuts} == set(SHORTCUTS) and {s["type"] for s in shortcuts} == {"message"}


def test_the_manifest_uses_the_agent_messaging_experience_with_a_home_tab():
    features = MANIFEST["features"]
    assert features["agent_view"]["agent_description"]
    assert features["app_home"]["home_tab_enabled"] and features["app_home"]["messages_tab_enabled"]
    assert MANIFEST["settings"]["interactivity"]["is_enabled"]
