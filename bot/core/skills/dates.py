"""Due dates spoken in meetings ("by Friday", "next week", "end of month", "on the twentieth") as ISO dates.

Every phrase resolves against the meeting date. Deadlines that name a period resolve to the period's
last working day ("next week" → Friday of next week), the reading a CSM uses when writing a recap.
The phrases themselves and their resolvers live in date_patterns.py.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.core.skills.date_patterns import (
    AFTER_DATE,
    CORRECTION_WORDS,
    MONTH_RE,
    PATTERNS,
    WEEKDAYS,
    month_index,
    safe_date,
)

# Words before a date that make it a deadline rather than a passing mention.
_DEADLINE = re.compile(
    r"\b(?:by|before|until|till|no later than|ahead of|due|for|latest|on|in|within|at the latest)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_LEADING_DEADLINE = re.compile(r"(?:by|before|until|till|on|for|in|within|week of)\b", re.IGNORECASE)
_NEXT_WORD = re.compile(r"\s+([A-Za-z][\w\-]*)")
_DATE_LIST_GAP = re.compile(r"\s*(?:,|,?\s*and|,?\s*or)\s*")
_EMBEDDED = re.compile(r"\b(?:whether|if)\b(?:(?!\band\b)[^,;.])*$", re.IGNORECASE)
_PERIOD_END = re.compile(r"\b(?:through|throughout|thru)\s+$", re.IGNORECASE)  # how long, not by when
_RECURRING = re.compile(r"\b(?:every|each)\s+(?:other\s+|second\s+)?$", re.IGNORECASE)
_CORRECTION = re.compile(rf"^\s*(?:[—–-]+|[,.;])?\s*(?:(?:{CORRECTION_WORDS})\b[\s,.:—–-]*)+", re.IGNORECASE)
_PAST = re.compile(r"\b(?:last|ago|since|yesterday|earlier|previous|past)\b", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    """A date expression found in text, with the date it stands for."""

    start: int
    end: int
    text: str
    date: dt.date
    deadline: bool  # preceded by "by", "before", "on", ...
    modifier: bool = False  # part of a noun phrase ("the Q2 2027 QBR"): when something happens, not a deadline


def find_dates(text: str, meeting: dt.date) -> list[DateMention]:
    """Every forward-looking date expression in `text`, in order of appearance."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for pattern, resolve in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if not match.group(0).strip() or any(start < e and s < end for s, e in taken):
                continue
            if _is_past(text, start) or _is_false_word(match) or _RECURRING.search(text[max(0, start - 16) : start]):
                continue
            if _PERIOD_END.search(text[max(0, start - 12) : start]):
                continue
            date = resolve(match, meeting)
            if date is None:
                continue
            taken.append((start, end))
            deadline = bool(
                _DEADLINE.search(text[max(0, start - 24) : start]) or _LEADING_DEADLINE.match(match.group(0))
            )
            found.append(DateMention(start, end, match.group(0).strip(), date, deadline))
    found = _drop_day_parts(sorted(found, key=lambda m: m.start), text)
    return _mark_modifiers(_join_lists(_apply_corrections(found, text), text), text)


def _join_lists(found: list[DateMention], text: str) -> list[DateMention]:
    """'this Saturday and Sunday', 'the 10th or the 11th': one mention for the list, from its first day on."""
    kept: list[DateMention] = []
    for mention in found:
        last = kept[-1] if kept else None
        if last is not None and _DATE_LIST_GAP.fullmatch(text[last.end : mention.start]) and mention.date > last.date:
            kept[-1] = DateMention(last.start, mention.end, text[last.start : mention.end], last.date,
                                   last.deadline or mention.deadline)  # fmt: skip
            continue
        kept.append(mention)
    return kept


def _apply_corrections(found: list[DateMention], text: str) -> list[DateMention]:
    """'by the fifth — sorry, the sixth': one mention, spanning both, that stands for the date said last."""
    kept: list[DateMention] = []
    for mention in found:
        last = kept[-1] if kept else None
        if last is not None and _CORRECTION.match(text[last.end : mention.start] + mention.text):
            mention = DateMention(last.start, mention.end, text[last.start : mention.end], mention.date,
                                  last.deadline or mention.deadline)  # fmt: skip
            kept[-1] = mention
            continue
        kept.append(mention)
    return kept


def _mark_modifiers(found: list[DateMention], text: str) -> list[DateMention]:
    """A date followed by a noun ("the Q3 QBR", "the 2026-09-10 and 2026-09-17 campaigns") names an event;
    it is not a deadline of its own, so a 'by …' elsewhere in the sentence wins over it."""
    marked: list[DateMention] = []
    following: DateMention | None = None
    for mention in reversed(found):
        word = _NEXT_WORD.match(text, mention.end)
        modifier = bool(word and word.group(1).lower() not in AFTER_DATE and not word.group(1)[:1].isdigit())
        if following is not None and following.modifier:
            modifier = modifier or bool(_DATE_LIST_GAP.fullmatch(text[mention.end : following.start]))
        if modifier:
            mention = DateMention(mention.start, mention.end, mention.text, mention.date, False, True)
        marked.append(mention)
        following = mention
    return marked[::-1]


def _drop_day_parts(found: list[DateMention], text: str) -> list[DateMention]:
    """'tomorrow end of day', 'Friday EOD': the day part refines the day before it, it is not a date of its own."""
    kept: list[DateMention] = []
    for mention in found:
        gap = text[kept[-1].end : mention.start] if kept else None
        if gap is not None and len(gap.strip(" ,")) == 0 and _DAY_PART.fullmatch(mention.text):
            continue
        kept.append(mention)
    return kept


_DAY_PART = re.compile(r"(?:the\s+)?end of (?:the\s+)?day|eod|cob|close of business", re.IGNORECASE)


def _is_past(text: str, start: int) -> bool:
    return bool(_PAST.search(text[max(0, start - 12) : start]))


def _is_false_word(match: re.Match[str]) -> bool:
    """'sat', 'sun', 'may' and 'march' are words too: abbreviations and those months must be capitalised."""
    groups = match.re.groupindex
    if "wd" in groups:
        word = match.group("wd")
        return word.lower() not in WEEKDAYS and not word[:1].isupper()
    if "month" in groups:
        word = match.group("month") or ""  # "the first week of next month" names no month
        return word.lower().rstrip(".") in ("may", "mar", "march") and not word[:1].isupper()
    return False


def resolve_due(text: str, meeting: dt.date | None) -> DateMention | None:
    """The due date of an action sentence: the first deadline phrase, else the first date at all."""
    if meeting is None:
        absolute = [m for m in find_dates(text, dt.date(2000, 1, 1)) if _is_absolute(m.text)]
        return next((m for m in absolute if m.deadline), absolute[0] if absolute else None)
    mentions = [m for m in find_dates(text, meeting) if m.date >= meeting]
    # "ask whether the fix can ship before the 14th and come back by Monday": the deadline is Monday's
    deadlines = sorted((m for m in mentions if m.deadline), key=lambda m: embedded(text, m))
    plain = [m for m in mentions if not m.modifier]
    if deadlines or plain:
        # "re-run it tonight and send the file tomorrow": without a "by", the last date is the deliverable's
        return _day_of_week(deadlines[0] if deadlines else plain[-1], mentions, meeting)
    return mentions[0] if mentions else None  # "for the 09-10 and 09-17 campaigns": ready for the first


_WEEK = re.compile(r"(?:next|this) week", re.IGNORECASE)


def _day_of_week(chosen: DateMention, mentions: list[DateMention], meeting: dt.date) -> DateMention:
    """'their Tuesday meeting next week': the Tuesday of next week, not its Friday."""
    if not _WEEK.fullmatch(chosen.text):
        return chosen
    day = next((m for m in mentions if m is not chosen and m.text.lower().rstrip(".") in WEEKDAYS), None)
    if day is None:
        return chosen
    monday = chosen.date - dt.timedelta(days=chosen.date.weekday())
    date = monday + dt.timedelta(days=WEEKDAYS.index(day.text.lower().rstrip(".")))
    return chosen if date < meeting else DateMention(chosen.start, chosen.end, chosen.text, date, chosen.deadline)


_RELATIVE_DAY = re.compile(
    r"\b(?:the\s+)?(?P<which>same day|day after|next day|following day|day before)\b"
    r"(?:\s+(?:(?:they|he|she|it|we|you|I)\s+(?P<verb>[a-z]+)|the\s+(?P<noun>[a-z]+))\b)?"
    r"(?!\s+(?:a|an|our|your|my|their|his|her|tomorrow|that|this)\b)",
    re.IGNORECASE,
)
_OFFSETS = {"same day": 0, "day after": 1, "next day": 1, "following day": 1, "day before": -1}


@dataclass(frozen=True)
class RelativeDay:
    """'the day after' (offset 1) of a date said before, or of an event ('the day after they arrive')."""

    phrase: str
    offset: int
    event: str | None  # the word naming what it is relative to: 'arrive', 'board'


def relative_day(text: str) -> RelativeDay | None:
    """'the day after', 'the same day', 'the day after they arrive': a day counted from another one."""
    match = _RELATIVE_DAY.search(text)
    if match is None:
        return None
    event = match.group("verb") or match.group("noun")
    return RelativeDay(match.group(0), _OFFSETS[match.group("which").lower()], event.lower() if event else None)


def embedded(text: str, mention: DateMention) -> bool:
    """Whether the date sits in a 'whether…' or 'if…' clause of `text`: the date of a question or a condition."""
    return bool(_EMBEDDED.search(text[: mention.start]))


def _is_absolute(text: str) -> bool:
    return bool(re.search(r"\b20\d{2}\b", text))


def parse_meeting_date(text: str) -> dt.date | None:
    """A date written in a header: ISO, 'March 3, 2026' or '3 March 2026'."""
    iso = re.search(r"\b(20\d{2})-(\d{2})-(\d{2})\b", text)
    if iso:
        return safe_date(*map(int, iso.groups()))
    named = re.search(
        rf"\b(?P<month>{MONTH_RE})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>20\d{{2}})\b", text, re.I
    )
    if not named:
        named = re.search(
            rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{MONTH_RE})\s+(?P<year>20\d{{2}})\b", text, re.I
        )
    if named:
        return safe_date(int(named.group("year")), month_index(named.group("month")), int(named.group("day")))
    return None
