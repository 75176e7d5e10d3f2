"""The phrases that close a customer conversation, and the verdict they lead to: `find_flags` finds every
blocking phrase in a reply, `classify` turns them into yes_and / yes_but / no.

A reply is `yes_but` when it acknowledges and then blocks ("Great idea, but it's not on the roadmap"), `no`
when it blocks without acknowledging first ("We don't support that."), `yes_and` when nothing blocks.
Words that only look like blockers are set aside first: "button", "not only … but also", "all but",
"I can't wait", "no problem", and anything the customer said that the reply quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Verdict = Literal["yes_and", "yes_but", "no"]


@dataclass(frozen=True)
class Flag:
    start: int
    text: str
    kind: Literal["contrast", "block"]


_BENIGN = [
    r"\bnot only\b[^.?!]*?\bbut\b",
    r"\bnot just\b[^.?!]*?\bbut\b",
    r"\b(?:all|anything|nothing|none) but\b",
    r"\bbut for\b",
    r"\bcan(?:no|')?t help but\b",
    r"\b(?:can(?:no|')?t|cannot) (?:wait|thank|stress|believe|imagine|overstate)\b",
    r"\bno (?:problem|worries|doubt|pressure|rush|trouble|wonder)\b",
    r"\bnot (?:a problem|at all|to worry)\b",
    r"\bdon['’]t (?:worry|hesitate)\b",
    r"\bi don['’]t see why not\b",
    r"\bno reason (?:why )?(?:we|you) can['’]t\b",
    r"\bhowever (?=(?:you|we|they|it|much|many|long|often|big|small)\b)",
]
_CONTRAST = [
    r"\bbut\b",
    r"(?:^|(?<=[.;,!?]))\s*however\b|\bhowever\s*,",
    r"\bunfortunately\b",
    r"\bregrettably\b",
    r"\bsadly\b",
    r"\bthat (?:being )?said\b",
    r"\bhaving said that\b",
    r"\bnevertheless\b",
    r"\bnonetheless\b",
    r"\bthe (?:problem|issue|thing|catch) is\b",
    r"\bi['’]m afraid\b",
    r"\b(?:al)?though\b",
    r"\beven so\b",
    r"(?:^|(?<=[.;!?]))\s*yet\b|,\s*yet\b",
    r"\bexcept\b",
    r"\bto be fair\b",
    # A caveat tacked on after the acknowledgement works like a "but": "Sure, just so you know that's extra".
    # (Only tacked on after a comma: "Just so you know, I've booked Thursday" opens a sentence and blocks nothing.)
    r"(?<=[,;:–—-]\s)(?:just so you(?:['’]re| are)? (?:know|aware)|(?:just )?to be (?:clear|transparent|upfront)|"
    r"(?:keep|bear) in mind|fair warning|for the record)\b",
]
_BLOCK = [
    r"\b(?:not|isn['’]t|is not|aren['’]t) (?:currently |yet )?on (?:the|our) (?:product )?roadmap\b",
    r"\boff (?:the|our) roadmap\b",
    r"\bno (?:current )?plans? to\b",
    r"\bnot (?:planned|a priority|something we)\b",
    r"\bwe (?:can['’]?t|cannot|can not|won['’]t|will not|aren['’]t able to|are not able to|are unable to|"
    r"won['’]t be able to|couldn['’]t)\b",
    r"\bi (?:can['’]?t|cannot|won['’]t|will not|am unable to|am not able to)\b",
    r"\bwe (?:don['’]t|do not) (?:currently )?(?:support|offer|provide|allow|do (?:that|this|custom)|build|"
    r"make exceptions|usually|typically|plan)\b",
    r"\b(?:doesn['’]t|does not|don['’]t|do not) (?:support|allow|work that way|do that)\b",
    r"\b(?:not|isn['’]t|wasn['’]t|aren['’]t|weren['’]t) (?:possible|feasible|doable|supported|available|going to "
    r"happen)\b",
    r"\bimpossible\b",
    r"\b(?:isn['’]t|is not|wasn['’]t|was not|aren['’]t|are not) (?:designed|built|meant|intended) (?:to|for)\b",
    r"\bworking as (?:designed|intended)\b",
    r"\bby design\b",
    r"\bexpected behaviou?r\b",
    r"\bout of (?:scope|our hands)\b",
    r"\boutside (?:the|our) scope\b",
    r"\byou(?:['’]ll| will| would|['’]d)? (?:just |simply )?(?:have|need) to\b",
    r"\byou must\b",
    r"\byou should have\b",
    r"\ball you (?:have|need) to do\b",
    r"\b(?:the )?only (?:option|way) is\b",
    r"\b(?:nobody|no one|no other customer)s? (?:else )?(?:has|have|is|are)? ?(?:asked|asking|requested|mentioned)\b",
    r"\bother customers (?:don['’]t|haven['’]t|aren['’]t|do not)\b",
    r"\byou['’]re the only\b",
    r"\bnothing (?:we|i) can do\b",
    r"\bnot (?:much|anything) (?:we|i) can do\b",
    r"\bnot our (?:fault|problem|responsibility)\b",
    r"\b(?:that['’]s|it['’]s) on (?:you|your (?:side|end))\b",
    r"\buser error\b",
    r"\bpolicy (?:doesn['’]t|does not|won['’]t) (?:allow|permit)\b",
    r"\bagainst (?:our )?policy\b",
    r"(?:^|(?<=[.;!?]))\s*actually\s*,",
    r"\bas i (?:said|mentioned|explained)\b",
    r"\blike i said\b",
    r"(?:^|(?<=[.;!?]))\s*no\s*[,.!]",
    r"(?:^|(?<=[.;!?]))\s*nope\b",
    # Gatekeeping behind a price or a plan.
    r"\b(?:that['’]s|it['’]s|this is|it is|would be|is) (?:a |an )?(?:paid|premium|chargeable|billable) "
    r"(?:add-?ons?|features?|tiers?|upgrades?|options?|services?|extras?|modules?|change requests?)\b",
    r"\bcosts? extra\b|\bat (?:an )?(?:extra|additional) (?:cost|charge|fee)\b|\bthat['’]s extra(?=\s*[.!,;]|$)",
    r"\bnot (?:included|covered) (?:in|by|under) your\b",
    r"\bonly (?:available )?(?:on|in|with) (?:the|our|an?) [\w-]+ (?:plan|tier|edition|package|license)\b",
    r"\b(?:requires?|needs?) (?:an? )?(?:upgrade|higher (?:tier|plan))\b",
    # Cutting the customer off, or closing the topic as settled.
    r"\blet me stop you\b|\bstop (?:you )?right there\b",
    r"\bknown limitation\b",
    r"\b(?:that['’]s|it['’]s|this is) just (?:how|the way) it (?:works|is)\b|\b(?:that['’]s|it['’]s) (?:how|the way) "
    r"it is\b|\b(?:that['’]s|it['’]s) (?:how|the way) it works(?=\s*[.!;]|$)",
    r"\bit is what it is\b",
    r"\b(?:that['’]s|that is|this is) not how (?:it|this|that) works\b",
    r"\b(?:you['’]re|you are) (?:wrong|mistaken|confused)\b",
    r"\b(?:that['’]s|that is) (?:not true|incorrect|not correct|not right)\b",
    r"\bi (?:disagree|don['’]t agree)\b",
    r"\bwe (?:already|have already) (?:told|explained|answered)\b",
    r"\b(?:it['’]s|that['’]s|this is) not a bug\b",
    r"\b(?:outside|beyond) (?:of )?what (?:we|i) can (?:do|offer)\b|\bout of our control\b",
    r"\byou['’]re (?:overthinking|overreacting)\b|\bcalm down\b",
]
ACK = re.compile(
    r"\b(?:yes|yeah|absolutely|totally|definitely|of course|sure|great (?:idea|point|question|catch)|"
    r"good (?:idea|point|question|catch)|love (?:that|this|it)|thanks?|thank you|appreciate|"
    r"i (?:hear|understand|get|see|agree|know)|that makes sense|makes sense|fair (?:point|enough)|"
    r"you['’]re right|valid|sorry|apolog\w+|that['’]s (?:a )?(?:great|fair|good|valid|reasonable|really)|"
    r"understood|got it|noted|nice|interesting|good to know|that would be (?:nice|great|helpful|useful|handy)|"
    r"happy to|i see why|glad)\b",
    re.IGNORECASE,
)
QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|(?<!\w)'[^']{8,}'(?!\w)")
_CONTRAST_RE = [re.compile(p, re.IGNORECASE) for p in _CONTRAST]
_BLOCK_RE = [re.compile(p, re.IGNORECASE) for p in _BLOCK]
BENIGN_RE = re.compile("|".join(_BENIGN), re.IGNORECASE)


def find_flags(text: str) -> list[Flag]:
    """Every blocking phrase in `text`, in order; benign look-alikes and quoted words are skipped."""
    masked = _mask(_mask(text, QUOTED), BENIGN_RE)
    flags: list[Flag] = []
    for kind, patterns in (("block", _BLOCK_RE), ("contrast", _CONTRAST_RE)):
        for pattern in patterns:
            for match in pattern.finditer(masked):
                start, end = match.span()
                while start < end and not text[start].isalnum():
                    start += 1
                if start < end and not any(f.start <= start < f.start + len(f.text) for f in flags):
                    flags.append(Flag(start, text[start:end].strip(" ,.;!?"), kind))  # type: ignore[arg-type]
    return sorted(flags, key=lambda f: f.start)


def _mask(text: str, pattern: re.Pattern[str]) -> str:
    """Blank out matches, keeping offsets (so flags point into the original text)."""
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def classify(text: str, flags: list[Flag]) -> Verdict:
    """yes_and without flags; no for an unacknowledged block or a leading 'No'; yes_but otherwise."""
    if not flags:
        return "yes_and"
    first = flags[0]
    acknowledged = bool(ACK.search(_mask(text[: first.start], QUOTED)))
    leading_no = first.start < 3 and first.text.lower() in ("no", "nope")
    if leading_no or (not acknowledged and any(f.kind == "block" for f in flags)):
        return "no"
    return "yes_but"
