"""What the bot must never send: broadcast mentions in generated text, and exception text in error replies."""

from __future__ import annotations

import logging
import re
import uuid
from typing import Any

from bot.core.errors import CopilotError

logger = logging.getLogger(__name__)

ZERO_WIDTH_SPACE = "\u200b"
# `<!channel>`, `<!here|here>`, `<!everyone>` (Slack's broadcast syntax) and the bare `@here` a client may link.
_BROADCAST_SYNTAX = re.compile(r"<!(channel|here|everyone)(?:\|[^>]*)?>", re.IGNORECASE)
_BARE_BROADCAST = re.compile(r"(?<![\w@])@(channel|here|everyone)\b", re.IGNORECASE)
# Fields that are identifiers, not text shown to people: never rewritten.
_ID_KEYS = frozenset({"action_id", "block_id", "callback_id", "type", "url", "image_url", "id"})


def neutralize(text: str) -> str:
    """Broadcast mentions in generated text become plain words that notify nobody."""
    text = _BROADCAST_SYNTAX.sub(lambda m: f"@{ZERO_WIDTH_SPACE}{m.group(1).lower()}", text)
    return _BARE_BROADCAST.sub(lambda m: f"@{ZERO_WIDTH_SPACE}{m.group(1)}", text)


class StreamNeutralizer:
    """`neutralize` for text that arrives in pieces: a piece that ends inside what may become `<!channel>` or
    `@here` waits for the next one, so a broadcast split across two pieces is still caught."""

    HOLD = 32  # longer than any broadcast token, with a label: `<!here|here>`

    def __init__(self) -> None:
        self._pending = ""

    def feed(self, piece: str) -> str:
        """What can be sent now, neutralized."""
        text = self._pending + piece
        cut = max(text.rfind("<"), text.rfind("@"))
        tail = text[cut:] if cut != -1 else ""
        if tail and len(tail) <= self.HOLD and ">" not in tail and not any(c.isspace() for c in tail[1:]):
            text, self._pending = text[:cut], tail
        else:
            self._pending = ""
        return neutralize(text)

    def flush(self) -> str:
        """The rest, at the end of the stream."""
        rest, self._pending = self._pending, ""
        return neutralize(rest)


def neutralize_payload(value: Any) -> Any:
    """`neutralize` applied to every string of a message payload (blocks, text, view), ids excepted."""
    if isinstance(value, str):
        return neutralize(value)
    if isinstance(value, list):
        return [neutralize_payload(v) for v in value]
    if isinstance(value, dict):
        return {k: v if k in _ID_KEYS else neutralize_payload(v) for k, v in value.items()}
    return value


def escape_mrkdwn(text: str) -> str:
    """Slack mrkdwn control characters escaped, so generated text can never form a link or a mention."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def reference_id() -> str:
    """A short id that ties a user-facing error to its log entry."""
    return uuid.uuid4().hex[:8]


def user_message(exc: BaseException, where: str) -> str:
    """What to tell the user about a failure: a CopilotError's own (safe) message, else a reference id only.
    The traceback goes to the log with the same reference."""
    if isinstance(exc, CopilotError):
        return f":warning: {exc}"
    reference = reference_id()
    logger.error("%s failed (ref %s)", where, reference, exc_info=exc)
    return (
        f":warning: Sorry, something went wrong on my side (ref `{reference}`). "
        "Try again in a moment; if it keeps happening, share the reference with whoever runs me."
    )
