"""What a text mentions that can be checked against sources: dates, numbers and capitalised names, each in a
form that compares across spellings ("2026-10-20", "October 20, 2026" and "Oct 20" are one date; "62%" and
0.62, "$420k" and 420,000 are one number)."""

from __future__ import annotations

import re
from collections.abc import Iterator

_MONTHS = {
    m: i
    for i, m in enumerate(
        "january february march april may june july august september october november december".split(), start=1
    )
}
_MONTHS.update({name[:3]: number for name, number in list(_MONTHS.items())} | {"sept": 9})
_MONTH = r"(?:" + "|".join(sorted((m.capitalize() for m in _MONTHS), key=len, reverse=True)) + r")\.?"
_DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_YEAR_MONTH = re.compile(r"\b(\d{4})-(\d{2})\b(?!-\d)")
_MONTH_DAY = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}})\b)?")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})(?:,?\s+(\d{{4}})\b)?")
_MONTH_YEAR = re.compile(rf"\b({_MONTH}),?\s+(\d{{4}})\b")
_SLASHED = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_NUMBER = re.compile(
    r"(?<![\w.$€£/])[-−]?([$€£])?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?"
    r"(\s?(?:%|percent\b|k\b|K\b|m\b|M\b|bn\b|B\b|million\b|billion\b|thousand\b))?(?![\w/])"
)
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9, "b": 1e9, "billion": 1e9}
MARKERS = re.compile(r"\[(?:S)?\d+\]|\[(?:EMAIL|PHONE|CARD)_\d+\]|^\s*\d+[.)]\s", re.M)
_CAPITALIZED = re.compile(r"[A-Z][a-z]+(?:[A-Z][a-z]+)*(?:['’][a-z]+)?(?:-[A-Z]?[a-z]+)*")  # SwiftRoute too
NAME_RUN = re.compile(rf"(?<![A-Za-z]){_CAPITALIZED.pattern}(?:[ \t]+(?:{_CAPITALIZED.pattern}|[A-Z]\.))*")
SENTENCE_OPENERS = set(
    """hello hi hey dear thanks thank great good yes yeah no okay ok sure absolutely certainly please let
    consider schedule review share ask invite follow send plan set confirm agree discuss explore propose
    book meet align prepare track measure check keep make start continue offer help build run create
    today tomorrow next last this that these those here there however also overall first second third
    finally then meanwhile currently recently since after before during while when where what who why
    how which our your their its his her my we you they it he she i best kind warm regards cheers
    sincerely looking happy glad welcome congratulations action risk goal win note summary""".split()
)
# Teams are capitalised like names ("take it to Product") but are not people.
_TEAMS = {
    "product",
    "engineering",
    "support",
    "sales",
    "legal",
    "finance",
    "security",
    "marketing",
    "success",
    "customer",
    "team",
    "leadership",
    "operations",
    "ops",
    "procurement",
    "it",
    "hr",
    "services",
    "design",
}
NOT_NAMES = _DAYS | set(_MONTHS) | _TEAMS | {"i", "ok"}
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_STARTERS = set(".!?:;\"“'‘(-–—•*\n[")


def normalize(text: str) -> str:
    """Text for quote matching: no Markdown, no whitespace, one kind of quote mark, lower case."""
    text = re.sub(r"^\s*(?:[-*+>]|\d+[.)])\s+", "", text, flags=re.M)
    text = re.sub(r"\*\*|__|`|#", "", text).replace("‹", "<").replace("›", ">")
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", "", text).lower()


def dates(text: str) -> Iterator[tuple[tuple, str]]:
    """(key, the text matched): ('ymd', y, m, d), ('md', m, d) or ('ym', y, m)."""
    taken: list[tuple[int, int]] = []

    def free(match: re.Match) -> bool:
        if any(s < match.end() and match.start() < e for s, e in taken):
            return False
        taken.append(match.span())
        return True

    for match in _ISO.finditer(text):
        if free(match):
            yield ("ymd", int(match[1]), int(match[2]), int(match[3])), match[0]
    for match in _MONTH_DAY.finditer(text):
        if free(match):
            month, day = _month(match[1]), int(match[2])
            yield (("ymd", int(match[3]), month, day) if match[3] else ("md", month, day)), match[0]
    for match in _DAY_MONTH.finditer(text):
        if free(match):
            month, day = _month(match[2]), int(match[1])
            yield (("ymd", int(match[3]), month, day) if match[3] else ("md", month, day)), match[0]
    for match in _MONTH_YEAR.finditer(text):
        if free(match):
            yield ("ym", int(match[2]), _month(match[1])), match[0]
    for match in _YEAR_MONTH.finditer(text):
        if free(match) and 1 <= int(match[2]) <= 12:
            yield ("ym", int(match[1]), int(match[2])), match[0]
    for match in _SLASHED.finditer(text):
        if free(match):
            a, b, year = int(match[1]), int(match[2]), int(match[3])
            yield ("ymd", year, a, b) if a <= 12 else ("ymd", year, b, a), match[0]


def widen(key: tuple) -> set[tuple]:
    """A full date also stands for its month-and-day and its year-and-month."""
    if key[0] == "ymd":
        _, year, month, day = key
        return {key, ("md", month, day), ("ym", year, month)}
    return {key}


def strip_dates(text: str) -> str:
    """The text without its dates, so that their parts are not read as numbers."""
    for pattern in (_ISO, _MONTH_DAY, _DAY_MONTH, _MONTH_YEAR, _YEAR_MONTH, _SLASHED):
        text = pattern.sub(" ", text)
    return text


def numbers(text: str) -> Iterator[tuple[float, float, str]]:
    """(value, tolerance from the precision written, the text matched)."""
    for match in _NUMBER.finditer(text):
        digits, decimals, unit = match[2].replace(",", ""), match[3] or "", (match[4] or "").strip().lower()
        value = float(digits + decimals)
        tolerance = 0.5 * 10 ** -(len(decimals) - 1 if decimals else 0)
        scale = _SCALE.get(unit, 1.0)
        if unit in ("%", "percent"):
            yield value, tolerance, match[0].strip()
        else:
            yield value * scale, tolerance * scale, match[0].strip()


def _month(name: str) -> int:
    return _MONTHS[name.rstrip(".").lower()]


def bare(word: str) -> str:
    """A word lower-cased, without a possessive 's."""
    return re.sub(r"['’]s$", "", word.lower()).strip("'’")


def at_sentence_start(text: str, start: int) -> bool:
    """Whether position `start` opens a sentence, a clause after a colon, a quote or a list item."""
    before = text[:start].rstrip(" ")
    return not before or before[-1] in _STARTERS or before.endswith("]")
