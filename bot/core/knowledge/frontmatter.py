"""YAML front matter: `---` fenced YAML at the top of a Markdown file."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from bot.core.knowledge.documents import LoadError


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Return (metadata, body). A file without front matter has empty metadata."""
    if not text.startswith("---"):
        return {}, text
    lines = text.splitlines(keepends=True)
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            raw = "".join(lines[1:index])
            body = "".join(lines[index + 1 :])
            return _parse_yaml(raw), body
    raise LoadError("front matter starts with '---' but is never closed")


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text: `2026-02-30` must be a warning, not a crash."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def _parse_yaml(raw: str) -> dict[str, Any]:
    try:
        data = yaml.load(raw, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise LoadError(f"bad YAML front matter{where}: {getattr(exc, 'problem', exc)}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise LoadError("front matter is not a YAML mapping")
    return {str(k): _plain(v) for k, v in data.items()}


def _plain(value: Any) -> Any:
    """YAML turns 2026-01-05 into a date; the rest of the code wants ISO strings."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def parse_iso_date(value: Any) -> str | None:
    """Return YYYY-MM-DD for a valid date value, else None."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        return None
