"""Chunking that follows the structure of the text: Markdown sections and paragraphs, transcript turns."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bot.core.knowledge.transcripts import Turn

# MiniLM truncates at 256 word pieces (~1,000 characters of English); stay well under it.
MAX_CHARS = 900
# Bump when the same file would be chunked differently: every store re-chunks (and re-embeds) on its next ingest.
CHUNKING_VERSION = 4  # 2: long lists split between their items; 3: transcript labels with a time or company;
# 4: a profile's stakeholders as "Stakeholder (champion): Name, role."

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")  # a list item: "- …", "* …", "1. …", "2) …"


@dataclass(frozen=True)
class Piece:
    section: str
    text: str


def split_markdown(body: str, max_chars: int = MAX_CHARS) -> list[Piece]:
    """Split Markdown into pieces that never cross a heading and pack whole paragraphs."""
    pieces: list[Piece] = []
    for section, paragraphs in _sections(body):
        pieces.extend(Piece(section, text) for text in _pack(paragraphs, max_chars))
    return pieces


def _sections(body: str) -> Iterator[tuple[str, list[str]]]:
    trail: list[str] = []
    paragraphs: list[str] = []
    current: list[str] = []

    def flush_paragraph() -> None:
        if current and "".join(current).strip():
            paragraphs.append("\n".join(current).strip())
        current.clear()

    for line in body.splitlines():
        match = _HEADING.match(line)
        if match:
            flush_paragraph()
            if paragraphs:
                yield " > ".join(trail), list(paragraphs)
                paragraphs.clear()
            level = len(match.group(1))
            trail = [*trail[: level - 1], match.group(2)]
        elif line.strip():
            current.append(line.rstrip())
        else:
            flush_paragraph()
    flush_paragraph()
    if paragraphs:
        yield " > ".join(trail), paragraphs


def _pack(paragraphs: list[str], max_chars: int) -> list[str]:
    """Greedily join paragraphs up to max_chars; a single long paragraph is split between list items or
    sentences."""
    out: list[str] = []
    buffer = ""
    for paragraph in paragraphs:
        for part in _split_long(paragraph, max_chars):
            if buffer and len(buffer) + len(part) + 2 > max_chars:
                out.append(buffer)
                buffer = part
            else:
                buffer = f"{buffer}\n\n{part}" if buffer else part
    if buffer:
        out.append(buffer)
    return out


def _split_long(text: str, max_chars: int) -> list[str]:
    """A paragraph longer than max_chars, in parts: a list is split between its items, which keep their own
    lines (an item is one line, or a few when it wraps); prose and a single long item between sentences."""
    if len(text) <= max_chars:
        return [text]
    items = _items(text)
    if len(items) == 1:
        return _split_sentences(text, max_chars)
    return _join_lines([part for item in items for part in _split_long(item, max_chars)], max_chars)


def _items(text: str) -> list[str]:
    """The list items of a paragraph, each with the lines it wraps onto; the lines before the first item (the
    list's lead-in) are one more."""
    items: list[list[str]] = []
    for line in text.splitlines():
        if not items or _ITEM.match(line):
            items.append([line])
        else:
            items[-1].append(line)
    return ["\n".join(lines) for lines in items]


def _join_lines(parts: list[str], max_chars: int) -> list[str]:
    """Consecutive parts, one per line, packed greedily up to max_chars."""
    out: list[str] = []
    for part in parts:
        if out and len(out[-1]) + len(part) + 1 <= max_chars:
            out[-1] = f"{out[-1]}\n{part}"
        else:
            out.append(part)
    return out


def _split_sentences(text: str, max_chars: int) -> list[str]:
    parts: list[str] = []
    buffer = ""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        while len(sentence) > max_chars:  # a run-on "sentence": hard split
            parts.append(sentence[:max_chars])
            sentence = sentence[max_chars:]
        if buffer and len(buffer) + len(sentence) + 1 > max_chars:
            parts.append(buffer)
            buffer = sentence
        else:
            buffer = f"{buffer} {sentence}".strip()
    if buffer:
        parts.append(buffer)
    return parts


def split_turns(turns: list[Turn], max_chars: int = MAX_CHARS) -> list[Piece]:
    """Group consecutive transcript turns into pieces of at most max_chars (a long turn stands alone)."""
    pieces: list[Piece] = []
    group: list[str] = []
    first = 0
    size = 0
    for index, turn in enumerate(turns):
        line = f"{turn.speaker}: {turn.text}" if turn.speaker else turn.text
        if group and size + len(line) + 1 > max_chars:
            pieces.append(Piece(_turn_range(first, index - 1), "\n".join(group)))
            group, size, first = [], 0, index
        for part in _split_long(line, max_chars):
            group.append(part)
            size += len(part) + 1
    if group:
        pieces.append(Piece(_turn_range(first, len(turns) - 1), "\n".join(group)))
    return pieces


def _turn_range(first: int, last: int) -> str:
    return f"turns {first + 1}-{last + 1}" if last > first else f"turn {first + 1}"
