"""Pure Block Kit builders. A skill's output is first described as a `Doc` (title, sections, citations); these
functions turn a Doc into Block Kit within Slack's limits (≤ 50 blocks a message, ≤ 3,000 characters a section,
long content split across sections and messages) or into standard Markdown for streaming."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextActionsBlock,
    ContextBlock,
    DividerBlock,
    FeedbackButtonObject,
    FeedbackButtonsElement,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.slack.safety import escape_mrkdwn

MAX_BLOCKS = 50
SECTION_CHARS = 3000
HEADER_CHARS = 150
STREAM_PIECE_CHARS = 1_000  # chat.appendStream takes up to 12,000 characters a call; smaller pieces read as a stream
CONTEXT_ELEMENTS = 10
QUOTE_CHARS = 160
FEEDBACK_ACTION = "answer_feedback"
SHARE_ACTION = "share_answer"

Style = Literal["paragraph", "bullets", "numbered", "code"]


@dataclass
class Section:
    """A titled run of lines: a paragraph, a bulleted or numbered list, or preformatted text."""

    heading: str | None = None
    lines: list[str] = field(default_factory=list)
    style: Style = "paragraph"


@dataclass
class Doc:
    """What a skill answered, independent of how it is sent (blocks, a stream, or a terminal)."""

    title: str
    sections: list[Section] = field(default_factory=list)
    note: str | None = None
    citations: list[dict] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    retrieved: list[str] = field(default_factory=list)
    account: str | None = None
    buttons: list[dict] = field(default_factory=list)


# --- text ----------------------------------------------------------------------------------------------


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, cut at line breaks, else at spaces, else anywhere."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            pieces, current = _flush(pieces, current), ""
            pieces.append(line[:cut])
            line = line[cut:].lstrip()
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces, current = _flush(pieces, current), line
        else:
            current = candidate
    return _flush(pieces, current)


def _flush(pieces: list[str], current: str) -> list[str]:
    return [*pieces, current] if current.strip() else pieces


def section_lines(section: Section, markdown: bool = False) -> list[str]:
    """The section's lines as mrkdwn (escaped) or as standard Markdown."""
    clean = (lambda s: s) if markdown else escape_mrkdwn
    if section.style == "bullets":
        body = [f"• {clean(line)}" for line in section.lines]
    elif section.style == "numbered":
        body = [f"{n}. {clean(line)}" for n, line in enumerate(section.lines, start=1)]
    else:
        body = [clean(line) for line in section.lines]
    if section.heading:
        bold = f"**{section.heading}**" if markdown else f"*{escape_mrkdwn(section.heading)}*"
        body.insert(0, bold)
    return body


# --- blocks ---------------------------------------------------------------------------------------------


def header(text: str) -> dict:
    return HeaderBlock(text=truncate(" ".join(text.split()), HEADER_CHARS)).to_dict()


def mrkdwn_section(text: str) -> dict:
    return SectionBlock(text=MarkdownTextObject(text=text)).to_dict()


def context(*texts: str) -> dict:
    return ContextBlock(elements=[MarkdownTextObject(text=t) for t in texts]).to_dict()


def divider() -> dict:
    return DividerBlock().to_dict()


def section_blocks(section: Section) -> list[dict]:
    """One section as one or more section blocks of at most 3,000 characters; code stays fenced in each."""
    if section.style == "code":
        fence = 8  # "```\n" + "\n```"
        head = [mrkdwn_section(f"*{escape_mrkdwn(section.heading)}*")] if section.heading else []
        raw = escape_mrkdwn("\n".join(section.lines))
        return head + [mrkdwn_section(f"```\n{part}\n```") for part in split_text(raw, SECTION_CHARS - fence)]
    return [mrkdwn_section(part) for part in split_text("\n".join(section_lines(section)), SECTION_CHARS)]


def doc_blocks(doc: Doc) -> list[dict]:
    """The body of a Doc: header, note, sections (without sources or buttons)."""
    blocks = [header(doc.title)]
    if doc.note:
        blocks.append(context(escape_mrkdwn(truncate(doc.note, SECTION_CHARS))))
    for section in doc.sections:
        if section.lines:
            blocks += section_blocks(section)
    return blocks


def sources_footer(citations: list[dict]) -> list[dict]:
    """Citations as a Sources footer: numbered like the [n] marks in the text, split across context blocks."""
    if not citations:
        return []
    items = [_source_line(n, c) for n, c in enumerate(citations, start=1)]
    elements = ["*Sources*", *items]
    return [divider()] + [
        context(*elements[i : i + CONTEXT_ELEMENTS]) for i in range(0, len(elements), CONTEXT_ELEMENTS)
    ]


def _source_line(number: int, citation: dict) -> str:
    where = " · ".join(str(p) for p in (citation.get("date"), citation.get("section")) if p)
    where = f" ({escape_mrkdwn(where)})" if where else ""
    quote = escape_mrkdwn(truncate(" ".join(str(citation.get("quote", "")).split()), QUOTE_CHARS))
    return f"[{number}] `{escape_mrkdwn(str(citation.get('source', '?')))}`{where}: “{quote}”"


def feedback_block(answer_id: str) -> dict:
    buttons = FeedbackButtonsElement(
        action_id=FEEDBACK_ACTION,
        positive_button=FeedbackButtonObject(
            text="Good answer", accessibility_label="Good answer", value=f"good:{answer_id}"
        ),
        negative_button=FeedbackButtonObject(
            text="Not helpful", accessibility_label="Not helpful", value=f"bad:{answer_id}"
        ),
    )
    return ContextActionsBlock(elements=[buttons]).to_dict()


def button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    return ButtonElement(text=truncate(text, 75), action_id=action_id, value=value, style=style).to_dict()


def actions(*elements: dict, block_id: str | None = None) -> dict:
    return ActionsBlock(elements=list(elements), block_id=block_id).to_dict()


def answer_tail(doc: Doc, answer_id: str, shareable: bool, feedback: bool = True) -> list[dict]:
    """What follows an answer: the Sources footer, its buttons, the feedback buttons."""
    elements = list(doc.buttons)
    if shareable:
        elements.append(button("Share to channel", SHARE_ACTION, answer_id))
    tail = sources_footer(doc.citations)
    if elements:
        tail.append(actions(*elements))
    return [*tail, feedback_block(answer_id)] if feedback else tail


def split_messages(body: list[dict], tail: list[dict]) -> list[list[dict]]:
    """Messages of at most 50 blocks each: the body in order, the tail kept whole on the last message."""
    tail = tail[-MAX_BLOCKS:]
    messages: list[list[dict]] = []
    current: list[dict] = []
    for block in body:
        if len(current) == MAX_BLOCKS:
            messages.append(current)
            current = []
        current.append(block)
    if len(current) + len(tail) > MAX_BLOCKS:
        messages.append(current)
        current = []
    messages.append(current + tail)
    return messages


# --- Markdown (for streaming) -----------------------------------------------------------------------------


def doc_markdown(doc: Doc) -> str:
    """The body of a Doc as standard Markdown (what chat.startStream/appendStream take)."""
    parts = [f"**{doc.title}**"]
    if doc.note:
        parts.append(f"_{doc.note}_")
    for section in doc.sections:
        if not section.lines:
            continue
        if section.style == "code":
            heading = [f"**{section.heading}**"] if section.heading else []
            parts.append("\n".join([*heading, "```", *section.lines, "```"]))
        else:
            parts.append("\n".join(section_lines(section, markdown=True)))
    return "\n\n".join(parts)


def stream_pieces(markdown: str, size: int = STREAM_PIECE_CHARS) -> list[str]:
    """The Markdown cut into appends of at most `size` characters, at a line break or a space when there is one;
    the pieces join back into exactly the input."""
    pieces = []
    while len(markdown) > size:
        cut = max(markdown.rfind("\n", 0, size), markdown.rfind(" ", 0, size)) + 1
        cut = cut if cut > size // 2 else size
        pieces.append(markdown[:cut])
        markdown = markdown[cut:]
    return [*pieces, markdown] if markdown else pieces
