"""Parse-and-repair for servers without JSON modes (and small models): the JSON object inside a model's text.

Tolerated: code fences and prose around the object, trailing commas, Python's True/False/None, and an answer cut
off by the token limit (open strings and containers are closed, a dangling half-item is dropped). What cannot be
repaired raises BadJson, and the engine asks the model again with the reason.
"""

from __future__ import annotations

import json
import re
from typing import Any

_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)(?:```|$)", re.S)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_LITERALS = {"True": "true", "False": "false", "None": "null"}
MAX_TRIMS = 200


class BadJson(ValueError):
    """No JSON object could be read from the answer."""


def parse_json(text: str) -> Any:
    """The first JSON object (or array) in `text`, repaired if needed."""
    candidate = _extract(text)
    if candidate is None:
        raise BadJson("the answer holds no JSON object")
    for attempt in (candidate, _fix(candidate)):
        try:
            return json.loads(attempt)
        except json.JSONDecodeError:
            continue
    closed = _close(_fix(candidate))
    if closed is None:
        raise BadJson("the JSON in the answer is malformed beyond repair")
    return closed


def _extract(text: str) -> str | None:
    fenced = _FENCE.search(text)
    if fenced and "{" in fenced.group(1):
        text = fenced.group(1)
    starts = [i for i in (text.find("{"), text.find("[")) if i >= 0]
    if not starts:
        return None
    start = min(starts)
    end = _matching_end(text, start)
    return text[start : end + 1] if end is not None else text[start:]


def _matching_end(text: str, start: int) -> int | None:
    depth, in_string, escaped = 0, False, False
    for index in range(start, len(text)):
        char = text[index]
        if in_string:
            escaped, in_string = (False, True) if escaped else (char == "\\", char != '"')
            continue
        if char == '"':
            in_string = True
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                return index
    return None


def _fix(text: str) -> str:
    """Trailing commas and Python literals outside strings."""
    out, in_string, escaped, index = [], False, False, 0
    while index < len(text):
        char = text[index]
        if in_string:
            escaped, in_string = (False, True) if escaped else (char == "\\", char != '"')
            out.append(char)
            index += 1
            continue
        if char == '"':
            in_string = True
        literal = next((w for w in _LITERALS if text.startswith(w, index) and _word_edge(text, index, w)), None)
        if literal:
            out.append(_LITERALS[literal])
            index += len(literal)
            continue
        out.append(char)
        index += 1
    return _TRAILING_COMMA.sub(r"\1", "".join(out))


def _word_edge(text: str, index: int, word: str) -> bool:
    before = text[index - 1] if index else " "
    after = text[index + len(word)] if index + len(word) < len(text) else " "
    return not (before.isalnum() or after.isalnum())


def _close(text: str) -> Any | None:
    """Close a truncated answer; drop trailing pieces back to a structural boundary until it parses."""
    for _ in range(MAX_TRIMS):
        stack, in_string, boundary = _scan(text)
        if in_string and text.endswith("\\") and not text.endswith("\\\\"):
            text = text[:-1]  # cut inside an escape sequence
        body = text + ('…"' if in_string else "")  # a string cut by the token limit shows the cut
        body = re.sub(r"[\s,:]+$", "", body)
        closers = "".join("}" if opener == "{" else "]" for opener in reversed(stack))
        try:
            return json.loads(_TRAILING_COMMA.sub(r"\1", body + closers))
        except json.JSONDecodeError:
            if boundary is None or boundary == 0:
                return None
            shorter = text[:boundary] if text[boundary] == "," else text[: boundary + 1]
            text = shorter if len(shorter) < len(text) else text[:boundary]
    return None


def _scan(text: str) -> tuple[list[str], bool, int | None]:
    """Open containers, whether a string is open, and the last comma or opener outside strings."""
    stack: list[str] = []
    in_string, escaped, boundary = False, False, None
    for index, char in enumerate(text):
        if in_string:
            escaped, in_string = (False, True) if escaped else (char == "\\", char != '"')
            continue
        if char == '"':
            in_string = True
        elif char in "{[":
            stack.append(char)
            boundary = index
        elif char in "}]":
            if stack:
                stack.pop()
        elif char == ",":
            boundary = index
    return stack, in_string, boundary
