"""Reading customer feedback: what kind it is (request, friction, praise), what it is about, and how it
sounds repeated back from our side ('our nurses hate your form' → 'your nurses hate our form')."""

from __future__ import annotations

import re

from bot.core.skills.yes_but import find_flags
from bot.core.text import STOPWORDS, sentences

MAX_REFLECT_WORDS = 28
_REQUEST = re.compile(
    r"\b(?:can you|could you|would you|please add|we need|we want|we['’]d (?:like|love)|we would (?:like|love)|"
    r"i['’]d (?:like|love)|i need|i want|i wish|wish (?:it|you|there)|it would be (?:great|nice|helpful|good) if|"
    r"any (?:plans|chance)|is there a way|add(?:ing)? (?:a|an|support)|support for|feature request|missing|"
    r"should (?:have|be able|let)|let us)\b",
    re.IGNORECASE,
)
_FRICTION = re.compile(
    r"\b(?:slow|hard|difficult|confus\w*|too (?:many|much|long|slow)|annoy\w*|hate|frustrat\w*|broken|"
    r"(?:doesn['’]t|don['’]t|isn['’]t|won['’]t|can['’]t|cannot) \w+|keeps? \w+ing|painful|clunky|errors?|"
    r"fails?|failing|crash\w*|stuck|lost|waste\w*|skip\w*|avoid\w*|complain\w*|worse|never|again)\b",
    re.IGNORECASE,
)
_PRAISE = re.compile(r"\b(?:love|great|thanks|thank you|helpful|better|faster|easier|amazing|happy|impressed)\b", re.I)
_REFLECT = {
    "i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself", "we": "you", "us": "you",
    "our": "your", "ours": "yours", "ourselves": "yourselves", "i'm": "you're", "i've": "you've",
    "i'll": "you'll", "i'd": "you'd", "we're": "you're", "we've": "you've", "we'll": "you'll", "we'd": "you'd",
    "your": "our", "yours": "ours", "you're": "we're", "you've": "we've", "you'll": "we'll", "you'd": "we'd",
    "am": "are",
}  # fmt: skip
_YOU_SUBJECT_NEXT = frozenset("are were have had can could should would will do did don't keep need said guys".split())
_NOT_TOPIC = frozenset(
    """is are was were be been being take takes took make makes need needs want wants keep keeps get gets say
    says said use uses used do does did have has had go goes went work works feel feels seem seems try tries
    love loves hate hates like likes can could would should will won't doesn't don't isn't aren't still always
    never really just too very much many lot lots every everyone anyone someone thing things way ways time
    add adding please wish hope think know see look looks help helps stop stops start starts""".split()
)
_OBJECT_CUE = re.compile(
    r"\b(?:need|needs|want|wants|would like|['’]d like|['’]d love|wish|add|adding|support for|missing|love|like|"
    r"enjoy|thanks for|thank you for|appreciate)\b(?:\s+(?:to have|to see|to get|having))?",
    re.IGNORECASE,
)


def feedback_kind(text: str) -> str:
    """'request', 'friction', 'praise' or 'other'."""
    if _FRICTION.search(text):
        return "friction"
    if _REQUEST.search(text):
        return "request"
    return "praise" if _PRAISE.search(text) else "other"


def feedback_topic(text: str) -> str:
    """The feedback's main noun phrase, seen from our side ('our triage form' → 'your triage form')."""
    key = _key_sentence(text)
    phrase = _anchored_phrase(key) or _longest_run(key)
    return _reflect_words(phrase.split(), capitalize=False) if phrase else "this"


def _anchored_phrase(sentence: str) -> str:
    """The thing a complaint is about (before its cue) or a request or praise is for (after its cue)."""
    friction = _FRICTION.search(sentence)
    if friction:
        before = re.split(
            r",|;|\b(?:say|says|said|think|feel|feels|that|because|when|and)\b", sentence[: friction.start()]
        )
        return _trim(before[-1].split(), from_end=True)
    cue = _OBJECT_CUE.search(sentence)
    if cue:
        after = re.split(
            r"[,;.!?]|(?<![\w-])(?:for|to|in|on|at|with|so|because|when|and|of|from)(?![\w-])", sentence[cue.end() :]
        )
        return _trim(after[0].split(), from_end=False)
    return ""


def _trim(words: list[str], from_end: bool) -> str:
    """Drop verbs, adverbs and fillers from the edge of a clause; keep up to four words of the noun phrase."""
    words = [re.sub(r"[^\w'’\-]", "", w) for w in words]
    words = [w for w in words if w]
    while words and (words[-1].lower() in _NOT_TOPIC or words[-1].lower().endswith("ly")):
        words.pop()
    while words and words[0].lower() in _NOT_TOPIC | {"some", "any", "also", "just"}:
        words.pop(0)
    if not words or not any(w.lower() not in STOPWORDS for w in words):
        return ""
    return " ".join(words[-4:] if from_end else words[:4])


def _longest_run(sentence: str) -> str:
    words = re.findall(r"[A-Za-z][\w'’\-]*", sentence)
    best, run = "", []
    for word in [*words, "."]:
        lower = word.lower().replace("’", "'")
        if word != "." and lower not in STOPWORDS and lower not in _NOT_TOPIC and not lower.endswith("ly"):
            run.append(word)
        else:
            if len(run) > len(best.split()):
                best = " ".join(run[:4])
            run = []
    return best


def _key_sentence(text: str) -> str:
    parts = sentences(text) or [text]
    for pattern in (_FRICTION, _REQUEST):
        for part in parts:
            if pattern.search(part):
                return part
    return parts[0]


def reflect(text: str) -> str:
    """The customer's sentence from our side: 'our nurses hate your form' → 'your nurses hate our form'."""
    statement = re.split(r",?\s*\b(?:can|could|would|will) you\b", _key_sentence(text))[0]
    if len(statement.split()) < 3:
        statement = _key_sentence(text)
    reflected = _reflect_words(statement.rstrip(".!?").split()[:MAX_REFLECT_WORDS])
    flags = find_flags(reflected)
    if flags:  # their "but" would turn our reply into a "Yes, but": keep what comes before it
        reflected = reflected[: flags[0].start].rstrip(" ,;")
    reflected = reflected[:1].lower() + reflected[1:] if reflected[1:2].islower() else reflected
    return reflected if len(reflected.split()) >= 3 else ""


def _reflect_words(words: list[str], capitalize: bool = True) -> str:
    out = []
    for index, word in enumerate(words):
        core = re.sub(r"^[^\w'’]+|[^\w'’]+$", "", word)
        lower = core.lower().replace("’", "'")
        if lower == "you":
            before = words[index - 1].lower() if index else ""
            after = words[index + 1].lower() if index + 1 < len(words) else ""
            swapped = "we" if after in _YOU_SUBJECT_NEXT or before in _MODALS else "us"
        else:
            swapped = _REFLECT.get(lower)
        if swapped and core and core[0].isupper() and index == 0 and capitalize:
            swapped = swapped.capitalize()
        out.append(word.replace(core, swapped) if swapped and core else word)
    return " ".join(out)


_MODALS = frozenset("can could would will do did should if when that".split())
