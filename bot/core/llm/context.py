"""What the model reads: sources and computed facts as clearly delimited data, trimmed to a token budget.

Retrieved text is data, never instructions. Three defences: every source sits inside a `<source>` element whose
tags cannot be forged from inside (tag-like text in a document is defanged); the shared prompt rules say that
text inside `<sources>` is never to be obeyed; and sentences that read as instructions to a model ("ignore the
previous instructions…") are withheld before the text leaves the machine, so even a small model cannot follow
them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from bot.core.knowledge.documents import Chunk

WITHHELD = "[instruction-like text withheld]"
CHARS_PER_TOKEN = 3.0  # conservative for English with paths, dates and numbers (small-model tokenizers)
_TAG = re.compile(r"<(?=\s*/?\s*(?:sources?|facts|input|data|system|user|assistant)\b)", re.I)
_SPECIAL = re.compile(r"<\|[^|>]{1,40}\|>|\[/?INST\]|<</?SYS>>", re.I)
_INJECTION = re.compile(
    r"\b(?:ignore|disregard|forget)\s+(?:all\s+|any\s+)?(?:of\s+)?(?:the\s+|your\s+|these\s+|those\s+|my\s+)?"
    r"(?:(?:previous|prior|above|earlier|preceding|system|original|other)\s+)?(?:instructions|prompts?|guidelines)\b"
    r"|\b(?:ignore|disregard|forget)\s+(?:all|everything)\s+(?:above|before|previous)\b"
    r"|\byou are now (?:a|an|the|in)\b|\bnew (?:system )?instructions?\s*:|\bsystem prompt\b"
    r"|\b(?:reveal|print|show|repeat) (?:your|the) (?:system )?(?:prompt|instructions)\b"
    r"|^\s*(?:system|assistant)\s*:",
    re.I | re.M,
)
_SENTENCE_EDGE = re.compile(r"[.!?\n]")


@dataclass(frozen=True)
class Source:
    """A piece of evidence the model may read and cite: a retrieved chunk, a transcript, the user's input."""

    id: str
    source: str
    text: str
    chunk_id: str | None = None
    date: str | None = None
    section: str | None = None


def from_chunks(chunks: Iterable[Chunk], start: int = 1) -> list[Source]:
    """Chunks as sources S<start>, S<start+1>, … in the order given (most relevant first)."""
    return [
        Source(id=f"S{n}", source=c.source, text=c.text, chunk_id=c.id, date=c.date, section=c.section or None)
        for n, c in enumerate(chunks, start=start)
    ]


def renumber(sources: Iterable[Source]) -> list[Source]:
    """The same sources with ids S1, S2, … (after merging lists from several places)."""
    return [replace(s, id=f"S{n}") for n, s in enumerate(sources, start=1)]


def estimate_tokens(text: str) -> int:
    """A conservative token count (no tokenizer download needed)."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def defang(text: str) -> str:
    """Text safe to put inside a data element: no forged tags, no chat-template tokens, no instructions."""
    text = _SPECIAL.sub(" ", _TAG.sub("‹", text))
    return withhold_instructions(text)


def withhold_instructions(text: str) -> str:
    """Replace each sentence that addresses a model ("ignore previous instructions…") with a marker."""
    while match := _INJECTION.search(text):
        start = max((m.end() for m in _SENTENCE_EDGE.finditer(text, 0, match.start())), default=0)
        edge = _SENTENCE_EDGE.search(text, match.end())
        end = edge.end() if edge else len(text)
        text = f"{text[:start]} {WITHHELD} {text[end:]}".strip()
    return text


def render_sources(sources: list[Source], budget: int) -> tuple[str, list[Source]]:
    """The `<sources>` block holding as many sources as fit in `budget` tokens, most relevant first.

    The first source is cut to fit rather than dropped, so the model always has something to read."""
    blocks: list[str] = []
    kept: list[Source] = []
    used = estimate_tokens("<sources>\n</sources>")
    for source in sources:
        block = _block(source, source.text)
        cost = estimate_tokens(block)
        if used + cost > budget:
            if kept:
                continue  # a shorter, less relevant source further down may still fit
            room = int((budget - used) * CHARS_PER_TOKEN) - len(_block(source, ""))
            if room < 80:
                break
            block = _block(source, source.text[:room].rsplit(" ", 1)[0] + " …")
            cost = estimate_tokens(block)
        blocks.append(block)
        kept.append(source)
        used += cost
    return "<sources>\n" + "\n".join(blocks) + "\n</sources>", kept


def render_facts(facts: list[str]) -> str:
    """Computed facts (numbers and dates worked out in Python) as a `<facts>` block."""
    lines = "\n".join(f"- {defang(f)}" for f in facts) or "- (none)"
    return f"<facts>\n{lines}\n</facts>"


def render_input(text: str) -> str:
    """What the user typed or pasted, as data."""
    return f"<input>\n{defang(text)}\n</input>"


def _block(source: Source, text: str) -> str:
    attributes = f'id="{source.id}" file="{_attr(source.source)}"'
    if source.date:
        attributes += f' date="{source.date}"'
    if source.section:
        attributes += f' section="{_attr(source.section)}"'
    return f"<source {attributes}>\n{defang(text)}\n</source>"


def _attr(value: str) -> str:
    return value.replace('"', "'").replace("<", "‹").replace(">", "›")
