"""`summarize`: a meeting or call summary with decisions, owned and dated action items, risks, sentiment
and a follow-up email, every item taken from the input and cited to the line that supports it."""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path, PurePath
from typing import Literal

from pydantic import BaseModel, Field

from bot.core.copilot import Copilot
from bot.core.errors import UserInputError
from bot.core.knowledge.accounts import Account
from bot.core.knowledge.ingest import IngestReport
from bot.core.skills.actions import FoundAction, extract_actions
from bot.core.skills.common import Citation, GuardNote
from bot.core.skills.decisions import FoundDecision, extract_decisions
from bot.core.skills.extractive import rank_sentences, select
from bot.core.skills.followup import Audience, draft_email
from bot.core.skills.meeting import NOTES_SUFFIXES, Line, Meeting, load_meeting, name_words
from bot.core.skills.open_actions import stakeholders
from bot.core.skills.risk_lines import said
from bot.core.skills.signals import FoundRisk, extract_risks, read_sentiment
from bot.core.text import truncate

MIN_BULLETS, MAX_BULLETS = 3, 8
BULLET_CHARS = 320
CONTEXT_WORDS = 10
QUOTE_CHARS = 400
_SPOKEN_FILLER = re.compile(r"\b(?:um+|uh+|erm|uhm|mm+-?hmm|hmm+)\b[,.]?\s*", re.IGNORECASE)
_STUTTER = re.compile(r"\b(\w+(?:['’]\w+)?)(?:\s+\1\b)+", re.IGNORECASE)
# A bullet that opens on a pronoun ("It goes to the queue.") points at a sentence the reader does not see
# ("this"/"that" are left out: "This call is about..." is a determiner, not a pointer).
_POINTING = re.compile(
    r"^(?:(?:and|but|so|then|also),?\s+)?(?:it|it['’]s|that['’]s|they|they['’]re|them|he|he['’]s|he['’]ll|she|"
    r"she['’]s|she['’]ll)\b",
    re.IGNORECASE,
)
POINTING_FACTOR = 0.6
OPENING_SHARE, OPENING_BOOST = 0.1, 1.3  # the first tenth of a meeting is where its purpose gets stated


class ActionItem(BaseModel):
    """A commitment made in the meeting: who will do what, and by when."""

    owner: str | None = Field(
        description="who committed: the speaker who said 'I'll…', or the person named ('Priya will…'); "
        "null when nobody took it"
    )
    task: str = Field(description="what will be done, in the meeting's own words, without the due phrase")
    due: str | None = Field(
        None, description="YYYY-MM-DD resolved from what was said ('by Friday') against the meeting date; null if none"
    )
    due_phrase: str | None = Field(None, description="the words the due date was resolved from, e.g. 'by Friday'")


class SummaryResult(BaseModel):
    """A meeting or call summary; every bullet, decision, action item and risk comes from the input."""

    source: str = Field(description="the file summarized (its name), or 'stdin'")
    title: str = Field(description="the meeting title from the header, front matter or file name")
    meeting_date: str | None = Field(
        None, description="YYYY-MM-DD from --date, the header or front matter, or the file name; relative due "
        "dates resolve against it"
    )  # fmt: skip
    account: str | None = Field(None, description="slug of the account the meeting belongs to")
    participants: list[str] = Field(default_factory=list, description="speakers and listed attendees")
    summary: list[str] = Field(
        description="extractive bullets: the meeting's most central, non-redundant sentences, with their speaker"
    )
    decisions: list[str] = Field(description="what was decided or agreed, as said in the meeting")
    action_items: list[ActionItem] = Field(description="commitments with owner, task and due date")
    risks: list[str] = Field(description="concerns, blockers and churn signals raised in the meeting")
    sentiment: Literal["positive", "neutral", "negative", "mixed"] = Field(
        description="overall tone from positive and concern cues; the customer's words weigh double when known"
    )
    sentiment_reason: str = Field(description="the cue counts and the most telling line behind the sentiment")
    follow_up_email: str = Field(
        description="a draft to the customer recapping decisions and action items with owners and dates, "
        "grounded only in what was said"
    )
    citations: list[Citation] = Field(
        default_factory=list,
        description="the supporting line for each item; `section` names the item ('decision 2') and the speaker",
    )
    filed_as: str | None = Field(
        None, description="where --file-under copied the input, relative to the knowledge root"
    )
    engine: str = Field("offline", description='"offline", "openai", or "offline (fallback: <reason>)"')
    guard: list[GuardNote] = Field(default_factory=list, description="what the grounding guard removed or flagged")


def summarize(
    copilot: Copilot, text: str, name: str = "stdin", account: str | None = None, date: str | None = None
) -> SummaryResult:
    """Summarize a transcript or notes; `account` (slug, name or alias) adds names for greeting and owners."""
    meeting = load_meeting(text, name, date)
    target = _account(copilot, account)
    if target:
        for person in stakeholders(target):
            meeting.people.add(person)
    actions = extract_actions(meeting)
    decisions = extract_decisions(meeting)
    risks = extract_risks(meeting)
    reading = read_sentiment(meeting, _customer_side(meeting, target))
    bullets = _summary_lines(meeting)
    chosen = {line.index for line in bullets}
    groups = [_with_context(line, meeting, chosen) for line in bullets]  # the lines each bullet is made of
    audience = Audience(greet=_greet(meeting, target), sender=_sender(target))
    result = SummaryResult(
        source=meeting.source,
        title=meeting.title,
        meeting_date=meeting.date.isoformat() if meeting.date else None,
        account=target.slug if target else None,
        participants=_participants(meeting),
        summary=_bullets(bullets, groups),
        decisions=[d.text for d in decisions],
        action_items=[_action_item(a) for a in actions],
        risks=[f"Churn signal: {r.text}" if r.churn else r.text for r in risks],
        sentiment=reading.label,
        sentiment_reason=reading.reason,
        follow_up_email=draft_email(meeting, decisions, actions, audience),
        citations=_citations(meeting, bullets, groups, decisions, actions, risks),
    )
    from bot.core.llm.drafts import summarize as llm_summarize

    return llm_summarize.run(copilot, result, meeting, audience)


def read_input(path: str) -> tuple[str, str]:
    """(text, name) of FILE, or of standard input for '-'; UserInputError when it cannot be read as text."""
    import sys

    if path == "-":
        return sys.stdin.read(), "stdin"
    file = Path(path)
    if not file.is_file():
        raise UserInputError(f"{path}: no such file.")
    data = file.read_bytes()
    try:
        return data.decode("utf-8-sig"), file.name
    except UnicodeDecodeError:
        raise UserInputError(f"{file.name} is not UTF-8 text; is it a corrupt or binary file?") from None


def file_under(copilot: Copilot, path: Path, account: str) -> tuple[str, IngestReport]:
    """Copy a transcript (or notes) into the account's folder, never overwriting, then ingest just that file."""
    copilot.ensure_ingested()
    target = copilot.resolve_account(account)
    folder = "notes" if path.suffix.lower() in NOTES_SUFFIXES else "transcripts"
    destination_dir = copilot.settings.knowledge / "accounts" / target.slug / folder
    destination_dir.mkdir(parents=True, exist_ok=True)
    destination = _free_name(destination_dir, path)
    if not destination.exists():
        shutil.copyfile(path, destination)
    report = copilot.ingest(destination)
    return destination.relative_to(copilot.settings.knowledge).as_posix(), report


def _free_name(folder: Path, path: Path) -> Path:
    """The same name, or name-2, name-3… when a different file already has it (an identical one is reused)."""
    data = path.read_bytes()
    for number in range(1, 1000):
        stem = path.stem if number == 1 else f"{path.stem}-{number}"
        candidate = folder / f"{stem}{path.suffix}"
        if not candidate.exists() or candidate.read_bytes() == data:
            return candidate
    raise UserInputError(f"too many files named like {path.name} in {folder}")


def _account(copilot: Copilot, account: str | None) -> Account | None:
    if not account:
        return None
    copilot.ensure_ingested()  # accounts are known once their profiles are ingested
    return copilot.resolve_account(account)


def _customer_side(meeting: Meeting, account: Account | None) -> set[str] | None:
    if account is None:
        return None
    names = [name_words(n) for n in stakeholders(account)]
    return {s for s in meeting.speakers if any(name_words(s) and name_words(s) <= n for n in names)}


def _greet(meeting: Meeting, account: Account | None) -> list[str]:
    customer = _customer_side(meeting, account) or set()
    return [s for s in meeting.speakers if s in customer]


def _sender(account: Account | None) -> str | None:
    return account.csms[0] if account and account.csms else None


def _participants(meeting: Meeting) -> list[str]:
    speakers = meeting.speakers
    return speakers + [p for p in meeting.people.names if p not in speakers and meeting.kind == "notes"]


def _summary_lines(meeting: Meeting) -> list[Line]:
    texts = [tidy_spoken(line.text) for line in meeting.lines]
    count = max(MIN_BULLETS, min(MAX_BULLETS, round(math.sqrt(len(texts)) / 1.5)))
    opening = max(1, round(OPENING_SHARE * len(texts)))
    boosts = [
        (POINTING_FACTOR if _POINTING.match(text) else 1.0) * (OPENING_BOOST if i < opening else 1.0)
        for i, text in enumerate(texts)
    ]
    return [meeting.lines[i] for i in select(texts, rank_sentences(texts, boosts), max_sentences=count)]


def _with_context(line: Line, meeting: Meeting, chosen: set[int]) -> list[Line]:
    """A short sentence reads better with the sentence before it in the same turn ('... On a normal day 300.'):
    the lines a bullet is made of."""
    previous = meeting.lines[line.index - 1] if line.index > 0 else None
    if (
        len(tidy_spoken(line.text).split()) < CONTEXT_WORDS
        and previous is not None
        and previous.turn == line.turn
        and previous.index not in chosen
        and not previous.text.endswith("?")
    ):
        return [previous, line]
    return [line]


def tidy_spoken(text: str) -> str:
    """Drop 'um'/'uh' and stutters ('we we') from a spoken sentence; the citation keeps the original."""
    cleaned = _STUTTER.sub(r"\1", _SPOKEN_FILLER.sub("", text))
    cleaned = re.sub(r"\s+([,.?!])", r"\1", cleaned)
    cleaned = re.sub(r"([,.?!])[,.]+", r"\1", cleaned)
    cleaned = " ".join(cleaned.split()).strip(" ,")
    return cleaned[:1].upper() + cleaned[1:] if cleaned else text


def _bullets(lines: list[Line], groups: list[list[Line]]) -> list[str]:
    """Each bullet line's text (`groups`: the lines it is made of, from `_with_context`), after its speaker."""
    texts = [truncate(" ".join(tidy_spoken(ln.text) for ln in group), BULLET_CHARS) for group in groups]
    return [f"{line.speaker}: {text}" if line.speaker else text for line, text in zip(lines, texts, strict=True)]


def _action_item(action: FoundAction) -> ActionItem:
    return ActionItem(owner=action.owner, task=action.task, due=action.due.isoformat() if action.due else None,
                      due_phrase=action.due_phrase)  # fmt: skip


def _citations(
    meeting: Meeting,
    bullets: list[Line],
    groups: list[list[Line]],
    decisions: list[FoundDecision],
    actions: list[FoundAction],
    risks: list[FoundRisk],
) -> list[Citation]:
    """One citation per item, quoting the words the item was built from (a bullet's context sentence and a
    risk's lead-in and follow-on sentences included) and naming who said them."""
    date = meeting.date.isoformat() if meeting.date else None
    items: list[tuple[str, Line, str]] = [  # a group is one turn's lines, so `said` joins them with spaces
        (f"summary {n}", line, said(group, verbatim=True))
        for n, (line, group) in enumerate(zip(bullets, groups, strict=True), 1)
    ]
    items += [(f"decision {n}", d.line, d.line.quote) for n, d in enumerate(decisions, 1)]
    items += [(f"action item {n}", a.line, a.line.quote) for n, a in enumerate(actions, 1)]
    items += [(f"risk {n}", r.line, r.quote) for n, r in enumerate(risks, 1)]
    source = PurePath(meeting.source).name
    return [
        Citation(source=source, quote=truncate(quote, QUOTE_CHARS), date=date,
                 section=f"{label} · {line.speaker}" if line.speaker else label)
        for label, line, quote in items
    ]  # fmt: skip
