"""Numbers said in a meeting that show a risk: a metric that moved the wrong way ("daily logins went from about
ninety to fifty", "tickets went from 40 to 95") and a minority of a group in the product ("only nine of the sixty
agents finished the course"). Spoken number words are read as numbers ("one hundred and eighty" → 180).
"""

from __future__ import annotations

import re

# "Daily logins went from about ninety to fifty", "tickets went from 40 to 95": a number that moved the wrong way.
_SMALL = {w: n for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                     "fourteen fifteen sixteen seventeen eighteen nineteen".split())}  # fmt: skip
_TENS = {w: 10 * n for n, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if n > 1}
_QUALIFIER = frozenset("about around roughly over under almost nearly just only barely some".split())
_FROM_TO = re.compile(r"\bfrom (?P<a>[\w ,.%-]{1,40}?)\s+(?:down |up )?to (?P<b>[\w ,.%-]{1,40})", re.I)
_GOOD_WHEN_UP = re.compile(
    r"\b(?:logins?|log-?ins|usage|use|users?|adoption|active|engagement|sessions|nps|csat|satisfaction|scores?|"
    r"ratings?|completion|utili[sz]ation|renewals?|volume of (?:orders|applications)|seats)\b",
    re.I,
)
_BAD_WHEN_UP = re.compile(
    r"\b(?:tickets?|complaints?|escalations?|errors?|incidents?|bugs?|defects?|backlog|churn|no-shows?|"
    r"wait(?:ing)? times?|handle times?|costs?|calls)\b",
    re.I,
)


def metric_trend(text: str) -> str | None:
    """'falling metric' or 'rising load' when `text` moves a number the wrong way ('from ninety to fifty')."""
    for match in _FROM_TO.finditer(text):
        a, b = leading_number(match.group("a")), leading_number(match.group("b"))
        if a is None or b is None or a == b:
            continue
        before = text[: match.start()]
        if b < a and _GOOD_WHEN_UP.search(before) and not _BAD_WHEN_UP.search(before):
            return "falling metric"
        if b > a and _BAD_WHEN_UP.search(before):
            return "rising load"
    return None


_SHARE = re.compile(r"\b(?:only|just|barely)\s+(?P<a>[\w-]+(?: [\w-]+){0,2}?) (?:of|out of) (?:the |our |their |"
                    r"your |all )?(?P<b>[\w-]+(?: [\w-]+){0,3})", re.I)  # fmt: skip


def minority_share(text: str) -> bool:
    """'Only nine of the sixty agents finished the course': under half of a group, of something that is no
    count of bad things ('only two of the tickets')."""
    for match in _SHARE.finditer(text):
        a, b = leading_number(match.group("a")), leading_number(match.group("b"))
        if a is not None and b and a < b / 2 and not _BAD_WHEN_UP.search(text[match.end("b") : match.end("b") + 20]):
            return True
    return False


def leading_number(text: str) -> float | None:
    """The number `text` opens with, after a qualifier ('about ninety a day' → 90), else None."""
    words = [w for w in re.split(r"\s+", text.strip().rstrip(".,").lower()) if w]
    while words and words[0] in _QUALIFIER:
        words.pop(0)
    for size in range(min(len(words), 6), 0, -1):
        value = number_value(" ".join(words[:size]).rstrip("%"))
        if value is not None:
            return value
    return None


def number_value(words: str) -> float | None:
    """'ninety' → 90, 'one hundred and eighty' → 180, 'forty-two' → 42, '3,400' → 3400; None when not a number."""
    words = words.strip().lower().replace(",", "")
    try:
        return float(words)
    except ValueError:
        pass
    total, current, seen = 0, 0, False
    for word in re.split(r"[\s-]+", words):
        if word in _SMALL:
            current += _SMALL[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred" and seen:
            current *= 100
        elif word == "thousand" and seen:
            total, current = total + current * 1000, 0
        elif word != "and" or not seen:
            return None
        seen = True
    return float(total + current) if seen else None
