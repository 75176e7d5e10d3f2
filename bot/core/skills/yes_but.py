"""The "Yes, but" linter: finds the phrases that close a customer conversation and rewrites the draft in
"Yes, and" form, keeping its content.

A reply is `yes_but` when it acknowledges and then blocks ("Great idea, but it's not on the roadmap"), `no`
when it blocks without acknowledging first ("We don't support that."), `yes_and` when nothing blocks.
Words that only look like blockers are set aside first: "button", "not only … but also", "all but",
"I can't wait", "no problem", and anything the customer said that the reply quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field

from bot.core.errors import UserInputError
from bot.core.skills.common import GuardNote

Verdict = Literal["yes_and", "yes_but", "no"]
MAX_DRAFT_CHARS = 4000
EXPAND_QUESTION = "What impact would solving this have for your users?"
OPENING = "Thank you for raising this."


class YesButCheck(BaseModel):
    """The verdict on a draft reply, the blocking phrases behind it, and a "Yes, and" rewrite."""

    draft: str = Field(description="the draft reply that was checked")
    verdict: Verdict = Field(
        description="yes_and: nothing blocks; yes_but: acknowledges, then blocks; no: blocks without acknowledging"
    )
    flags: list[str] = Field(description="the blocking phrases found, in order, as written in the draft")
    rewrite: str = Field(description="the draft in 'Yes, and' form: same content, blocking parts replaced")
    engine: str = Field("offline", description='who wrote the rewrite: "offline", "openai", "offline (fallback: …)"')
    guard: list[GuardNote] = Field(default_factory=list, description="what the grounding guard removed or flagged")


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
]
_ACK = re.compile(
    r"\b(?:yes|yeah|absolutely|totally|definitely|of course|sure|great (?:idea|point|question|catch)|"
    r"good (?:idea|point|question|catch)|love (?:that|this|it)|thanks?|thank you|appreciate|"
    r"i (?:hear|understand|get|see|agree|know)|that makes sense|makes sense|fair (?:point|enough)|"
    r"you['’]re right|valid|sorry|apolog\w+|that['’]s (?:a )?(?:great|fair|good|valid|reasonable|really)|"
    r"understood|got it|noted|nice|interesting|good to know|that would be (?:nice|great|helpful|useful|handy)|"
    r"happy to|i see why|glad)\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|(?<!\w)'[^']{8,}'(?!\w)")
_CONTRAST_RE = [re.compile(p, re.IGNORECASE) for p in _CONTRAST]
_BLOCK_RE = [re.compile(p, re.IGNORECASE) for p in _BLOCK]
_BENIGN_RE = re.compile("|".join(_BENIGN), re.IGNORECASE)


def find_flags(text: str) -> list[Flag]:
    """Every blocking phrase in `text`, in order; benign look-alikes and quoted words are skipped."""
    masked = _mask(_mask(text, _QUOTED), _BENIGN_RE)
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
    acknowledged = bool(_ACK.search(_mask(text[: first.start], _QUOTED)))
    leading_no = first.start < 3 and first.text.lower() in ("no", "nope")
    if leading_no or (not acknowledged and any(f.kind == "block" for f in flags)):
        return "no"
    return "yes_but"


def check(draft: str) -> YesButCheck:
    """Lint a draft reply to a customer; UserInputError when it is empty."""
    draft = " ".join(draft.split())
    if not draft:
        raise UserInputError("The draft to check is empty.")
    if len(draft) > MAX_DRAFT_CHARS:
        raise UserInputError(f"The draft is longer than {MAX_DRAFT_CHARS} characters; check one reply at a time.")
    flags = find_flags(draft)
    verdict = classify(draft, flags)
    rewrite = draft if verdict == "yes_and" else rewrite_yes_and(draft, verdict)
    return YesButCheck(draft=draft, verdict=verdict, flags=[f.text for f in flags], rewrite=rewrite)


# --- rewriting ------------------------------------------------------------------------------------------

_CLAUSE = r"(?P<x>[^,.;!?]+)"
# (pattern, replacement): each turns a blocking clause into an open, honest one without a promise.
_REWRITES: list[tuple[str, str]] = [
    (r"\b(?:actually|as i (?:said|mentioned|explained)|like i said|to be clear)\s*,?\s*", ""),
    (r"^(?:no|nope)\s*[,.!]\s*", ""),
    (r"\b(?:unfortunately|regrettably|sadly|i['’]m afraid|nevertheless|nonetheless)\s*,?\s*", ""),
    (r"(?:^|(?<=[.;!?]\s))(?:however|that (?:being )?said|having said that|even so|to be fair)\s*,?\s*", ""),
    (r",?\s*\b(?:however|that said)\b\s*,", ","),
    (r"\b(?:the (?:problem|issue|thing|catch) is)\b\s*,?\s*(?:that\s+)?", ""),
    (
        r",?\s*so you(?:['’]ll| will| would|['’]d)? (?:just |simply )?(?:have|need) to\s+" + _CLAUSE,
        r". In the meantime, one option is to \g<x>, and I'm happy to walk through it with you",
    ),
    (
        r"\b(?:you(?:['’]ll| will| would|['’]d)? (?:just |simply )?(?:have|need) to|you must|all you (?:have|need) to "
        r"do is)\s+" + _CLAUSE,
        r"one option for now is to \g<x>, and I'm happy to walk through it with you",
    ),
    (r"\byou should have\s+[^,.;!?]+", "let's look at what would make this easier next time"),
    (
        r"\b(?:it|that|this)(?:['’]s| is) (?:not|n['’]t) (?:currently |yet )?on (?:the|our) (?:product )?roadmap"
        r"(?P<x>\s+for [^,.;!?]+)?",
        r"I'd like to bring it to our product team with your use case, so it's weighed"
        r" in the roadmap\g<x>",
    ),
    (
        r"\b(?:it|that|this) is(?:n['’]t| not) (?:currently |yet )?on (?:the|our) (?:product )?roadmap(?P<x>\s+for"
        r" [^,.;!?]+)?",
        r"I'd like to bring it to our product team with your use case, so it's weighed in the"
        r" roadmap\g<x>",
    ),
    (
        r"\b(?:not|off) (?:currently |yet )?on (?:the|our) (?:product )?roadmap",
        "something I'd like to bring to our product team with your use case",
    ),
    (
        r"\b(?:there are |we have )?no (?:current )?plans? to [^,.;!?]+",
        "I'd like to understand what it would unlock for you before I take it to Product",
    ),
    (
        r"\b(?:it['’]s|that['’]s|this is|it is|that is) not (?:planned|a priority)",
        "it's something I'd like to raise in our prioritization, with your use case",
    ),
    (
        r"\bI (?:can['’]?t|cannot) promise (?:you )?(?:anything|a date|that|dates)",
        "I'd rather give you a date I trust than a guess",
    ),
    (
        r"\bwe (?:can['’]?t|cannot|can not|won['’]t|will not|aren['’]t able to|are not able to|are unable to|won['’]t"
        r" be able to|couldn['’]t)\s+" + _CLAUSE,
        r"let's look together at what it would take to \g<x>",
    ),
    (
        r"\bI (?:can['’]?t|cannot|won['’]t|will not|am unable to|am not able to)\s+" + _CLAUSE,
        r"I'd like to find out what it would take to \g<x>",
    ),
    (
        r"\bwe (?:don['’]t|do not) (?:currently )?(?:support|offer|provide|allow)\s+" + _CLAUSE,
        r"supporting \g<x> would be new for us, and I'd love to understand your use case for it",
    ),
    (
        r"\b(?:the product|the platform|the system|the tool|it|that|this)\s+(?:doesn['’]t|does not)\s+(?:support|allow)"
        r"\s+" + _CLAUSE,
        r"supporting \g<x> would be new for us, and I'd love to understand your use case for it",
    ),
    (
        r"\b(?:it|that|this|the product|the platform)?\s*(?:doesn['’]t|does not|don['’]t|do not) (?:work that way|do"
        r" that)",
        "it works differently today, and I'd like to see how your team would want it to work",
    ),
    (
        r"\bwe (?:don['’]t|do not) (?:do (?:that|this|custom[^,.;!?]*)|build[^,.;!?]*|make exceptions|usually|"
        r"typically|plan)[^,.;!?]*",
        "I'd like to understand the need behind this before we decide anything",
    ),
    (
        r"(?P<subj>\b\w+(?:\s+\w+)?)\s+(?:isn['’]t|aren['’]t|is not|are not) (?:possible|feasible|doable)"
        r"(?P<x>[^,.;!?]*)",
        r"\g<subj>\g<x> would be an exception, and I'd like to explore with you what we can do",
    ),
    (
        r"\b(?:that['’]s|it['’]s|this is|that is|it is|is)\s+(?:not|n['’]t)\s+(?:possible|feasible|doable|going to"
        r" happen)|\b(?:that['’]s|it['’]s)\s+impossible|\bimpossible",
        "let's explore what would make it possible",
    ),
    (
        r"\b(?:is|it['’]s|that['’]s|are)?\s*(?:not|n['’]t) (?:supported|available)(?:[^,.;!?]*)",
        " would be new for us, and I'd love to understand your use case for it",
    ),
    (
        r"\b(?:the product|the platform|the system|the tool|it)\s+(?:isn['’]t|is not|wasn['’]t|was not) (?:designed|"
        r"built|meant|intended) (?:to|for)\s+[^,.;!?]+",
        "you're taking the product somewhere new, and that's worth a closer look together",
    ),
    (
        r"\b(?:is |it['’]s |that['’]s |it is )?(?:working as (?:designed|intended)|by design|expected behaviou?r)",
        "is behaving as it was built to, and your experience tells me we should look at that design together",
    ),
    (
        r"\b(?:out of (?:scope|our hands)|outside (?:the|our) scope)",
        "beyond what we've scoped so far, and worth scoping together",
    ),
    (r"\b(?:the )?only (?:option|way) is", "one option is"),
    (
        r"\b(?:nobody|no one|no other customers?) (?:else )?(?:has|have|is|are)? ?(?:asked|asking|requested|mentioned)"
        r"[^,.;!?]*",
        "you're the first to raise this with me, which makes your perspective valuable",
    ),
    (
        r"\bother customers (?:don['’]t|haven['’]t|aren['’]t|do not)[^,.;!?]*",
        "your team may be seeing something others haven't put into words yet",
    ),
    (r"\byou['’]re the only [^,.;!?]*", "you're the first to raise this with me"),
    (r"\b(?:there['’]s )?(?:nothing|not much|not anything) (?:we|i) can do[^,.;!?]*", "let's look at what we can try"),
    (r"\b(?:it['’]s |that['’]s )?not our (?:fault|problem|responsibility)", "let's work on this together"),
    (r"\b(?:that['’]s|it['’]s) on (?:you|your (?:side|end))", "let's look at it together with your team"),
    (r"\buser error", "a step that's easy to get wrong"),
    (
        r"\b(?:our )?policy (?:doesn['’]t|does not|won['’]t) (?:allow|permit)\s+" + _CLAUSE,
        r"our policy was written for a different case, and I'd like to understand \g<x> to see what we can do",
    ),
    (r"\bagainst (?:our )?policy", "outside our usual policy, which I'd like to look at with you"),
    (r"\s*,?\s*\bthough\s*(?=[.!?]|$)", ""),
    (r"\b(?:al)?though\b\s*,?\s*", "and "),
    (r",?\s*\byet\b\s*,?", ", and"),
    (r"\bexcept\b", "and apart from"),
    (r"\bbut\b", "and"),
]
_REWRITE_RE = [(re.compile(p, re.IGNORECASE), r) for p, r in _REWRITES]


def rewrite_yes_and(draft: str, verdict: Verdict) -> str:
    """Replace each blocking part, open with an acknowledgement when there was none, end with a question."""
    text = draft
    for pattern, replacement in _REWRITE_RE:
        text = _apply(pattern, replacement, text)
    text = _tidy(text)
    if verdict == "no" or not _ACK.search(text[:60]):
        text = f"{OPENING} {text}"
    if "?" not in text:
        text = f"{text} {EXPAND_QUESTION}"
    if find_flags(text):  # a phrase no rule could rephrase: drop the sentences that still block
        kept = [s for s in re.split(r"(?<=[.!?])\s+", text) if not find_flags(s)]
        text = " ".join(kept) or f"{OPENING} {EXPAND_QUESTION}"
    return text


def _apply(pattern: re.Pattern[str], replacement: str, text: str) -> str:
    """Substitute outside quoted passages and benign look-alikes ('not only … but also')."""
    protected = [m.span() for rx in (_QUOTED, _BENIGN_RE) for m in rx.finditer(text)]

    def substitute(match: re.Match[str]) -> str:
        if any(start <= match.start() < end for start, end in protected):
            return match.group(0)
        return match.expand(replacement)

    return pattern.sub(substitute, text)


def _tidy(text: str) -> str:
    text = re.sub(r"\s+([,.;!?])", r"\1", text)
    text = re.sub(r",\s*,", ",", text)
    text = re.sub(r"([.!?])\s*[,;]\s*", r"\1 ", text)
    text = re.sub(r",\s*\.", ".", text)
    text = re.sub(r"\.\s*\.", ".", text)
    text = re.sub(r"\band,? and\b", "and", text)
    text = re.sub(r"\s{2,}", " ", text).strip(" ,;")
    sentences = re.split(r"(?<=[.!?])\s+", text)
    return " ".join(s[:1].upper() + s[1:] for s in sentences if s)
