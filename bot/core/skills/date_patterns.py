"""The date expressions a meeting uses ("Friday", "the twentieth", "end of next month", "mid-December", "Q3")
and the date each stands for against the meeting date; dates.py finds them in a sentence and picks the due one.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable

from bot.core.text import STOPWORDS

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")  # fmt: skip
MONTH_RE = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"  # noqa: E501
_WEEKDAY_RE = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?"
_UNITS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
          "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth").split()  # fmt: skip
ORDINAL_WORDS = {word: day for day, word in enumerate(_UNITS, start=1)}
ORDINAL_WORDS["twentieth"] = 20
ORDINAL_WORDS["thirtieth"] = 30
for _day, _word in enumerate(_UNITS[:9], start=1):
    ORDINAL_WORDS[f"twenty-{_word}"] = 20 + _day
    ORDINAL_WORDS[f"twenty {_word}"] = 20 + _day
ORDINAL_WORDS["thirty-first"] = ORDINAL_WORDS["thirty first"] = 31
_ORDINAL_RE = (
    r"(?:\d{1,2}(?:st|nd|rd|th)|" + "|".join(sorted((re.escape(w) for w in ORDINAL_WORDS), key=len, reverse=True)) + ")"
)
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "couple of": 2,
                "a few": 3, "few": 3}  # fmt: skip
_NUMBER_RE = (
    r"(?:\d{1,3}|a couple of|couple of|a few|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
)

# Words that may follow a date without making it part of a noun phrase ("by Friday so…", "the 20th and…");
# any other word makes the date a modifier ("the Q3 QBR", "the 2027-01-12 executive review").
AFTER_DATE = STOPWORDS | frozenset(
    """morning afternoon evening night noon eod cob works work suits suit sounds sound fine good ok okay right yes
    whether since once unless though although instead either already latest hopefully maybe probably anyway
    thanks let's""".split()
) - frozenset("each other few more most same such own".split())
_AFTER_DATE_RE = "|".join(sorted(AFTER_DATE))

# Words that take back the date just said: "by the fifth — sorry, the sixth", "Wednesday, actually make that Thursday".
CORRECTION_WORDS = r"sorry|actually|no|wait|I mean|or rather|rather|correction|scratch that|make (?:that|it)"

Resolver = Callable[[re.Match[str], dt.date], dt.date | None]


def friday_of_week(day: dt.date, weeks_ahead: int = 0) -> dt.date:
    """The Friday of the week holding `day`, `weeks_ahead` weeks later."""
    return day + dt.timedelta(days=4 - day.weekday() + 7 * weeks_ahead)


def end_of_month(year: int, month: int) -> dt.date:
    while month > 12:
        year, month = year + 1, month - 12
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _weekday_index(word: str) -> int:
    word = word.lower()
    return next(i for i, name in enumerate(WEEKDAYS) if name.startswith(word[:3]))


def month_index(word: str) -> int:
    word = word.lower().rstrip(".")
    return next(i for i, name in enumerate(MONTHS, start=1) if name.startswith(word[:3]))


def _ordinal(word: str) -> int:
    word = word.lower()
    return int(word[:-2]) if word[:1].isdigit() else ORDINAL_WORDS[word]


def _number(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _upcoming_day_of_month(day_number: int, meeting: dt.date) -> dt.date | None:
    """'The 20th': this month when still ahead (or today), else next month."""
    this_month = safe_date(meeting.year, meeting.month, day_number)
    if this_month and this_month >= meeting:
        return this_month
    following = add_months(meeting.replace(day=1), 1)
    return safe_date(following.year, following.month, day_number)


def _month_day(month: int, day_number: int, year: int | None, meeting: dt.date) -> dt.date | None:
    if year is not None:
        return safe_date(year, month, day_number)
    candidate = safe_date(meeting.year, month, day_number)
    # A yearless date well in the past means next year ("January 15" said in November).
    if candidate and (meeting - candidate).days > 60:
        candidate = safe_date(meeting.year + 1, month, day_number)
    return candidate


def _weekday(match: re.Match[str], meeting: dt.date) -> dt.date:
    target = _weekday_index(match.group("wd"))
    modifier = (match.group("mod") or "").lower()
    if modifier == "next":  # the named day in the next calendar week
        return meeting + dt.timedelta(days=7 - meeting.weekday() + target)
    ahead = (target - meeting.weekday()) % 7
    if ahead == 0 and modifier != "this":
        ahead = 7  # "by Monday" said on a Monday means a week later
    return meeting + dt.timedelta(days=ahead)


def _relative_week(match: re.Match[str], meeting: dt.date) -> dt.date:
    phrase = match.group(0).lower()
    weeks = 1 if "next" in phrase else 0
    if "early" in phrase or "beginning" in phrase or "start" in phrase:
        return friday_of_week(meeting, weeks) - dt.timedelta(days=4)
    if "mid" in phrase or "middle" in phrase:
        return friday_of_week(meeting, weeks) - dt.timedelta(days=2)
    friday = friday_of_week(meeting, weeks)
    return friday if friday >= meeting else meeting


def _relative_month(match: re.Match[str], meeting: dt.date) -> dt.date:
    phrase = match.group(0).lower()
    months = 1 if "next" in phrase else 0
    if "early" in phrase or "beginning" in phrase or "start" in phrase:
        return add_months(meeting.replace(day=1), months)
    if "mid" in phrase or "middle" in phrase:
        return add_months(meeting.replace(day=15), months)
    return end_of_month(meeting.year, meeting.month + months)


def _quarter(match: re.Match[str], meeting: dt.date) -> dt.date:
    phrase = match.group(0).lower()
    number = match.group("q")
    current = (meeting.month - 1) // 3 + 1
    if number:
        quarter = int(number)
        year = int(match.group("qyear")) if match.group("qyear") else meeting.year
        if not match.group("qyear") and quarter < current:
            year += 1
    else:
        quarter, year = current + (1 if "next" in phrase else 0), meeting.year
        if quarter == 5:
            quarter, year = 1, year + 1
    return end_of_month(year, quarter * 3)


def _year_end(match: re.Match[str], meeting: dt.date) -> dt.date:
    return dt.date(meeting.year + (1 if "next" in match.group(0).lower() else 0), 12, 31)


def _offset(match: re.Match[str], meeting: dt.date) -> dt.date:
    count = _number(match.group("n"))
    unit = match.group("unit").lower()
    if unit.startswith("month"):
        return add_months(meeting, count)
    if unit.startswith("fortnight"):
        return meeting + dt.timedelta(days=14 * count)
    return meeting + dt.timedelta(days=count * (7 if unit.startswith("week") else 1))


def _named_month_day(match: re.Match[str], meeting: dt.date) -> dt.date | None:
    month = month_index(match.group("month"))
    year = int(match.group("year")) if match.group("year") else None
    return _month_day(month, _ordinal_or_int(match.group("day")), year, meeting)


def _ordinal_or_int(text: str) -> int:
    return int(text) if text.isdigit() else _ordinal(text)


def _month_part(match: re.Match[str], meeting: dt.date) -> dt.date | None:
    """'mid-December' → the 15th, 'early March' → the 1st, 'the end of January' → its last day."""
    month = month_index(match.group("month"))
    part = (match.group("part") or match.group("part2")).lower()
    year = int(match.group("year")) if match.group("year") else None
    first = _month_day(month, 1, year, meeting)
    if first is None:
        return None
    if part in ("mid", "middle"):
        return first.replace(day=15)
    if part in ("late", "end"):
        return end_of_month(first.year, first.month)
    return first


_NTH_WEEK = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": 0,
             "final": 0}  # fmt: skip


def _week_of_month(match: re.Match[str], meeting: dt.date) -> dt.date | None:
    """'The first week of March' → the Friday of the week holding March's first working day; 'the second week'
    a week later; 'the last week of the month' → the month's last working day (never past the month's end)."""
    if match.group("month"):
        year = int(match.group("year")) if match.group("year") else None
        first = _month_day(month_index(match.group("month")), 1, year, meeting)
        if first is None:
            return None
    else:  # "of next month", "of this month", "of the month"
        first = add_months(meeting.replace(day=1), 1 if match.group("rel").lower() == "next" else 0)
    last = end_of_month(first.year, first.month)
    while last.weekday() > 4:
        last -= dt.timedelta(days=1)
    workday = first
    while workday.weekday() > 4:
        workday += dt.timedelta(days=1)
    nth = _NTH_WEEK[match.group("nth").lower()]
    return last if nth == 0 else min(friday_of_week(workday, nth - 1), last)


def _ordinal_day(match: re.Match[str], meeting: dt.date) -> dt.date | None:
    return _upcoming_day_of_month(_ordinal(match.group("day")), meeting)


def _iso(match: re.Match[str], meeting: dt.date) -> dt.date | None:
    return safe_date(int(match.group("y")), int(match.group("m")), int(match.group("d")))


def _slashed(match: re.Match[str], meeting: dt.date) -> dt.date | None:
    month, day = int(match.group("m")), int(match.group("d"))
    year = match.group("y")
    if year:
        return safe_date(int(year) + (2000 if len(year) == 2 else 0), month, day)
    return _month_day(month, day, None, meeting)


def _fixed(days: int) -> Resolver:
    return lambda match, meeting: meeting + dt.timedelta(days=days)


# Longest, most specific patterns first: a span claimed by one pattern is not matched again.
PATTERNS: list[tuple[re.Pattern[str], Resolver]] = [
    (re.compile(r"\b(?P<y>20\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"), _iso),
    (re.compile(r"\b(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])(?:/(?P<y>20\d{2}|\d{2}))?\b"), _slashed),
    (
        re.compile(
            rf"\b(?:{_WEEKDAY_RE},?\s+)?(?P<month>{MONTH_RE})\s+(?P<day>{_ORDINAL_RE}|"
            rf"\d{{1,2}})\b(?:,?\s+(?P<year>20\d{{2}}))?",
            re.I,
        ),
        _named_month_day,
    ),
    (
        re.compile(
            rf"\b(?:{_WEEKDAY_RE},?\s+)?(?:the\s+)?(?P<day>{_ORDINAL_RE}|"
            rf"\d{{1,2}})\s+(?:of\s+)?(?P<month>{MONTH_RE})(?:,?\s+(?P<year>20\d{{2}}))?\b",
            re.I,
        ),
        _named_month_day,
    ),
    # "Monday the sixteenth at Riverside": after a weekday the ordinal is a day whatever follows it.
    (re.compile(rf"\b{_WEEKDAY_RE}\s+the\s+(?P<day>{_ORDINAL_RE})\b", re.I), _ordinal_day),
    # "by the twentieth and…", but not "on the third question": a noun after the ordinal makes it a rank.
    (
        re.compile(
            rf"\b(?:by|on|before|until|till|for|from|after|starting|week of|{CORRECTION_WORDS})[,:]?\s+the\s+"
            rf"(?P<day>{_ORDINAL_RE})\b"
            rf"(?!\s+(?!(?:{_AFTER_DATE_RE})\b)[a-z])",
            re.I,
        ),
        _ordinal_day,
    ),
    (
        re.compile(
            rf"\b(?:the\s+)?(?P<nth>{'|'.join(_NTH_WEEK)})\s+week\s+(?:of|in)\s+(?:(?P<month>{MONTH_RE})"
            rf"(?:,?\s+(?P<year>20\d{{2}}))?|(?P<rel>next|this|the)\s+month)\b",
            re.I,
        ),
        _week_of_month,
    ),
    (
        re.compile(
            rf"\b(?:(?P<part>mid|early|late)[- ]|(?:the\s+)?(?P<part2>end|middle|beginning|start) of\s+)"
            rf"(?P<month>{MONTH_RE})(?:,?\s+(?P<year>20\d{{2}}))?\b",
            re.I,
        ),
        _month_part,
    ),
    (re.compile(r"\bthe day after tomorrow\b", re.I), _fixed(2)),
    (re.compile(r"\btomorrow\b", re.I), _fixed(1)),
    (
        re.compile(
            r"\b(?:today|tonight|(?:the\s+)?end of (?:the\s+)?day|eod|cob|close of business|this (?:morning|"
            r"afternoon|evening)|later today)\b",
            re.I,
        ),
        _fixed(0),
    ),
    (
        re.compile(
            r"\b(?:(?:the\s+)?(?:end|close) of (?:the\s+)?(?:next|this)?\s*week|(?:(?:early|mid|middle of|"
            r"beginning of|start of|the start of|the end of)\s+)?(?:next|this) week|eow|(?:the\s+)?weekend)\b",
            re.I,
        ),
        _relative_week,
    ),
    (
        re.compile(
            r"\b(?:(?:the\s+)?end of (?:the\s+)?(?:next\s+|this\s+)?month|month[- ]end|eom|(?:(?:early|mid|middle of|"
            r"beginning of|start of)\s+)?(?:next|this) month)\b",
            re.I,
        ),
        _relative_month,
    ),
    (
        re.compile(
            r"\b(?:(?:the\s+)?end of (?:the\s+)?)?(?:q(?P<q>[1-4])(?:\s+(?P<qyear>20\d{2}))?|(?:next|this|"
            r"the) quarter|quarter[- ]end|eoq)\b",
            re.I,
        ),
        _quarter,
    ),
    (re.compile(r"\b(?:(?:the\s+)?end of (?:the\s+)?(?:next\s+|this\s+)?year|year[- ]end|eoy)\b", re.I), _year_end),
    (
        re.compile(
            rf"\b(?:in|within)\s+(?:the\s+next\s+)?(?P<n>{_NUMBER_RE})\s+(?P<unit>days?|weeks?|months?|"
            rf"fortnights?)\b|\b(?P<n2>{_NUMBER_RE})\s+(?P<unit2>days?|weeks?)\s+from\s+(?:now|today)\b",
            re.I,
        ),
        None,
    ),
    (re.compile(rf"\b(?:(?P<mod>next|this|coming)\s+)?(?P<wd>{_WEEKDAY_RE})\b", re.I), _weekday),
]


def _offset_any(match: re.Match[str], meeting: dt.date) -> dt.date:
    if match.group("n2"):
        count, unit = _number(match.group("n2")), match.group("unit2").lower()
        return meeting + dt.timedelta(days=count * (7 if unit.startswith("week") else 1))
    return _offset(match, meeting)


PATTERNS = [(p, r if r is not None else _offset_any) for p, r in PATTERNS]
