"""The "Yes, but" linter: the verdict on a draft reply, the blocking phrases behind it (found by
yes_but_phrases.py), and a rewrite of the draft in "Yes, and" form that keeps its content."""

from __future__ import annotations

import re
from collections.abc import Callable

from pydantic import BaseModel, Field

from bot.core.errors import UserInputError
from bot.core.skills.common import GuardNote
from bot.core.skills.yes_but_phrases import ACK, BENIGN_RE, QUOTED, Flag, Verdict, classify, find_flags

__all__ = ["Flag", "Verdict", "YesButCheck", "check", "classify", "find_flags", "rewrite_yes_and"]

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
def _priced(thing: str) -> str:
    """'a paid add-on' said openly: the cost stays in, the door stays open."""
    article = "an" if thing[:1].lower() in "aeiou" else "a"
    return f"{article} {thing} with its own cost, and I'd like to understand what you need before we talk about options"


_REWRITES: list[tuple[str, str | Callable[[re.Match[str]], str]]] = [
    (
        r"\b(?:actually|as i (?:said|mentioned|explained)|like i said|(?:just )?to be (?:clear|transparent|upfront)|"
        r"just so you(?:['’]re| are)? (?:know|aware)|(?:keep|bear) in mind|fair warning|for the record)\s*,?\s*"
        r"(?:that\s+(?=\w+['’]s\b|it\b|this\b|there\b))?",
        "",
    ),
    (r"\b(?:let me stop you(?: there)?|stop (?:you )?right there)\s*[:,.;!-]?\s*", ""),
    (
        r"\b(?:(?:a|an) )?(?:paid|premium|chargeable|billable) (?P<x>add-?ons?|features?|tiers?|upgrades?|options?|"
        r"services?|extras?|modules?|change requests?)\b",
        lambda m: _priced(m.group("x")),
    ),
    (
        r"\b(?:it )?costs? extra\b|\bat (?:an )?(?:extra|additional) (?:cost|charge|fee)\b|\bthat['’]s extra\b",
        "something we offer separately, and I'd like to understand what you need before we talk about options",
    ),
    (r"\bnot (?:included|covered) (?:in|by|under) your\b", "outside what's in your"),
    (
        r"\bonly (?:available )?(?:on|in|with) (?:the|our|an?) (?P<x>[\w-]+) "
        r"(?P<y>plan|tier|edition|package|license)\b",
        r"part of the \g<x> \g<y> today, and I'd like to understand what you need first",
    ),
    (
        r"\b(?:requires?|needs?) (?:an? )?(?:upgrade|higher (?:tier|plan))\b",
        "sits in a different plan today, and I'd like to understand what you need first",
    ),
    (r"\bknown limitation\b", "limit we know about, and I'd like to hear what it's costing you"),
    (
        r"\b(?:that['’]s|it['’]s|this is) (?:just )?(?:how|the way) it (?:works|is)\b|\bit is what it is\b",
        "that's how it works today, and I'd like to hear how it should work for you",
    ),
    (r"\b(?:that['’]s|that is|this is) not how (?:it|this|that) works\b", "it works a little differently today"),
    (r"\b(?:you['’]re|you are) (?:wrong|mistaken|confused)\b", "I may be seeing it differently"),
    (r"\b(?:that['’]s|that is) (?:not true|incorrect|not correct|not right)\b", "I'm seeing something different"),
    (r"\bi (?:disagree|don['’]t agree)\b", "I see it a little differently"),
    (r"\bwe (?:already|have already) (?:told|explained|answered)\b", "we talked about"),
    (
        r"\b(?:it['’]s|that['’]s|this is) not a bug,?\s*(?:(?:it['’]s|that['’]s) (?:a feature|by design|intended))?",
        "it's how it was built, and I'd like to understand where it gets in your way",
    ),
    (
        r"\b(?:outside|beyond) (?:of )?what (?:we|I) can (?:do|offer)(?: for you)?|\bout of our control",
        "beyond what we've done so far, and I'd like to look at it with you",
    ),
    (r"\b(?:I think )?you['’]re (?:overthinking|overreacting)(?: it| this)?", "I can see why this matters to you"),
    (r"\bcalm down\b", "let's take this step by step"),
    (r"^(?:no|nope)\s*[,.!]\s*", ""),
    (r"\b(?:unfortunately|regrettably|sadly|i['’]m afraid|nevertheless|nonetheless)\s*,?\s*", ""),
    (r"(?:^|(?<=[.;!?]\s))(?:however|that (?:being )?said|having said that|even so|to be fair)\s*,?\s*", ""),
    (r",?\s*\b(?:however|that said)\b\s*,", ","),
    (r",\s*however\b\s*", ", and "),
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
        r"\b(?:I|we) (?:can['’]?t|cannot) promise (?:you )?(?:anything|a date|that|dates)(?: yet)?",
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
    if verdict == "no" or not ACK.search(text[:60]):
        text = f"{OPENING} {text}"
    if "?" not in text:
        text = f"{text} {EXPAND_QUESTION}"
    if find_flags(text):  # a phrase no rule could rephrase: drop the sentences that still block
        kept = [s for s in re.split(r"(?<=[.!?])\s+", text) if not find_flags(s)]
        text = " ".join(kept) or f"{OPENING} {EXPAND_QUESTION}"
    return text


def _apply(pattern: re.Pattern[str], replacement: str | Callable[[re.Match[str]], str], text: str) -> str:
    """Substitute outside quoted passages and benign look-alikes ('not only … but also')."""
    protected = [m.span() for rx in (QUOTED, BENIGN_RE) for m in rx.finditer(text)]

    def substitute(match: re.Match[str]) -> str:
        if any(start <= match.start() < end for start, end in protected):
            return match.group(0)
        return replacement(match) if callable(replacement) else match.expand(replacement)

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
