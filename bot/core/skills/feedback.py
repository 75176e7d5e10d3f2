"""Reading customer feedback: what kind it is (request, friction, concern, praise, question), what it is about,
and how it sounds repeated back from our side ('our nurses hate your form' → 'your nurses hate our form')."""

from __future__ import annotations

import re

from bot.core.skills import people
from bot.core.skills.yes_but import find_flags
from bot.core.text import STOPWORDS, sentences

MAX_REFLECT_WORDS = 28
_REQUEST = re.compile(
    r"\b(?:can you|could you|would you|can (?:the|it|we|our|your)|please add|(?:we|i)(?: \w+ly)? (?:need|want)|"
    r"we['’]d (?:like|love)|we would (?:like|love)|i['’]d (?:like|love)|i wish|wish (?:it|you|there)|"
    r"it would be (?:great|nice|helpful|good) if|any (?:plans|chance)|is there a way|add(?:ing)? (?:a|an|support)|"
    r"support for|feature request|missing|should (?:have|be able|let)|let us)\b",
    re.IGNORECASE,
)
_CONCERN = re.compile(
    r"\b(?:worr(?:y|ied|ying)|concern(?:ed|s)?|nervous|afraid|anxious|not (?:sure|convinced)|unsure|doubts?|"
    r"hesitant|skeptic\w*|expensive|too much money|cost(?:s|ly)?|pric(?:e|ey|ing)|budget|(?:is|be) worth|"
    # Signs the relationship itself is at stake.
    r"losing patience|running out of patience|fed up|last chance|cancel\w*|not renew\w*|another vendor|"
    r"other vendors?|competitors?|(?:moving|switching|move|switch) (?:to|away))\b",
    re.IGNORECASE,
)
# How strongly a request is put, said back in the customer's own terms.
_STAKES = re.compile(
    r"\b(?:a )?(deal[- ]?breaker|must[- ]have|blocker|non-negotiable|make or break|top priority|critical|urgent|"
    r"essential)\b",
    re.IGNORECASE,
)
_GREETING = re.compile(r"^\s*(?:thanks|thank you|hi|hello|hey|fyi|quick one|quick question)\b", re.I)
_COST_WORDS = frozenset("expensive costly pricey price cost costs pricing budget".split())
_FILLER = re.compile(r"^(?:honestly|frankly|basically|well|so|look|listen|to be honest|okay|ok)\b[,\s]*", re.I)
_FRICTION = re.compile(
    r"\b(?:slow|hard|difficult|confus\w*|too (?:many|much|long|slow)|annoy\w*|hate|frustrat\w*|broken|"
    r"(?:doesn['’]t|don['’]t|isn['’]t|won['’]t|can['’]t|cannot) \w+|keeps? \w+ing|painful|clunky|errors?|"
    r"fails?|failing|crash\w*|stuck|lost|waste\w*|skip\w*|avoid\w*|complain\w*|worse|never|again|rigid|"
    r"inflexible|awkward|cumbersome|unreliable|buggy|wrong|useless|pointless|unusable|unreadable|hard to read|"
    r"terrible|awful|logged out|confus\w*)\b",
    re.IGNORECASE,
)
_PRAISE = re.compile(
    r"\b(?:lov(?:e|es|ed|ing)|great|thanks|thank you|helpful|better|faster|easier|amazing|happ(?:y|ier)|impressed)\b",
    re.I,
)
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
    r"enjoy|thanks for|thank you for|appreciate|worried about|concerned about|nervous about|afraid of|"
    r"if (?:we|you|i) (?:had|could have|got)|(?:can|could|would) (?:you|we) (?:please )?(?:add|build|make|support|"
    r"give|create|offer|provide|get|turn on|switch on|set up)|can|not (?:sure|convinced)(?: (?:that|if|whether))?)\b"
    r"(?:\s+(?:to have|to see|to get|having))?",
    re.IGNORECASE,
)
# Verbs after which the thing comes next: 'our teachers hate entering grades twice' is about entering grades.
_ABOUT_NEXT = re.compile(r"\b(?:hate|hates|avoid|avoids|skip|skips|complain about|struggle with|dread)\b", re.I)


def feedback_kind(text: str) -> str:
    """'request', 'friction', 'concern', 'praise', 'question' or 'other'."""
    key = _key_sentence(text)
    request, friction = _REQUEST.search(key), _FRICTION.search(key)
    if _CONCERN.search(text):
        return "concern"
    if request and (not friction or request.start() < friction.start()):
        return "request"
    if friction:
        return "friction"
    if _PRAISE.search(text):
        return "praise"
    return "question" if text.rstrip().endswith("?") else "other"


def stakes(text: str) -> str | None:
    """How much a request matters, in the customer's word ('a dealbreaker', 'critical'), when they say so."""
    match = _STAKES.search(text)
    if not match:
        return None
    word = match.group(1).lower()
    return word if word in ("critical", "urgent", "essential", "non-negotiable") else f"a {word}"


def feedback_topic(text: str) -> str:
    """The feedback's main noun phrase, seen from our side ('our triage form' → 'your triage form')."""
    key = _key_sentence(text)
    phrase = _anchored_phrase(key) or _longest_run(key)
    if not phrase:
        return "this"
    if phrase.lower() in _COST_WORDS:
        return "the cost"
    if find_flags(phrase):  # "nobody asked": said back, the customer's words would read as our "no"
        return "this"
    topic = _reflect_words(phrase.split(), capitalize=False)
    words = topic.split()
    return topic[:1].lower() + topic[1:] if len(words) > 1 and not words[1][:1].isupper() else topic


def _anchored_phrase(sentence: str) -> str:
    """The thing a complaint is about (before its cue) or a request or praise is for (after its cue)."""
    friction = _FRICTION.search(sentence)
    if friction and not _CONCERN.search(sentence):
        before = re.split(
            r",|;|\b(?:say|says|said|think|feel|feels|that|because|when|and|but|makes?|made|causes?)\b",
            sentence[: friction.start()],
        )
        subject = _trim(before[-1].split(), from_end=True)
        if subject and not people.named(subject):
            return subject
        # The people feel it; it is about what comes after: "our teachers hate entering grades twice", "members
        # are confused by the loan payment dates".
        after = _ABOUT_NEXT.search(sentence) or friction
        rest = re.sub(r"^\s*(?:by|with|about|of|at|when|over|from)\s+", "", sentence[after.end() :])
        if re.match(r"\s*\w+ed\b", rest):
            return "this"  # "keep getting logged out": an event, not a thing to name
        return _trim(re.split(r"[,;.!?]|\b(?:because|when|since|until|unless)\b", rest)[0].split(), False)
    cue = _OBJECT_CUE.search(sentence)
    if cue:
        after = re.split(
            r"[,;.!?]|(?<![\w-])(?:for|to|in|on|at|with|so|because|when|and|of|from|is|are|was|were|sync|work|"
            r"before|after|during|until|every)"
            r"(?![\w-])",
            sentence[cue.end() :],
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
    for pattern in (_CONCERN, _FRICTION, _REQUEST):
        for part in parts:
            if pattern.search(part):
                return part
    return parts[0]


def reflect(text: str, clause: bool = False, names: frozenset[str] = frozenset()) -> str:
    """The customer's sentence from our side: 'our nurses hate your form' → 'your nurses hate our form'. With
    `clause`, only the clause that carries it and without fillers ('Honestly, …'), to say back after 'that'; a
    first word in `names` (people's names) keeps its capital."""
    statement = re.split(r",?\s*\b(?:can|could|would|will) you\b", _key_sentence(text))[0]
    if len(statement.split()) < 3:
        statement = _key_sentence(text)
    if clause:
        statement = _cue_clause(_FILLER.sub("", statement))
    reflected = _reflect_words(statement.rstrip(".!?").split()[:MAX_REFLECT_WORDS])
    flags = find_flags(reflected)
    if flags:  # their "but" would turn our reply into a "Yes, but": keep what comes before it
        reflected = reflected[: flags[0].start].rstrip(" ,;")
    first = reflected.split(" ", 1)[0].strip(",.;:!?") if reflected else ""
    if reflected[1:2].islower() and first.lower() not in names:
        reflected = reflected[:1].lower() + reflected[1:]
    return reflected if len(reflected.split()) >= 3 else ""


def _cue_clause(statement: str) -> str:
    """The clause that carries the feedback: 'The export works, but it is slow' → 'it is slow'; a greeting or a
    thank-you is not it ('Thanks for the pilot, the nurses are happier' → 'the nurses are happier')."""
    clauses = [c for c in re.split(r"\s*(?:[,;:]\s|\s[-–—]\s|\s+but\s+)", statement) if c.strip()]
    clauses = [c for c in clauses if not _GREETING.match(c)] or clauses
    for pattern in (_CONCERN, _FRICTION):
        for clause in clauses:
            if pattern.search(clause):
                return re.sub(r"^(?:but|and|so|yet|though|although)\s+", "", clause, flags=re.I)
    return clauses[0] if clauses else statement


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
