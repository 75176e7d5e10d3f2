"""What the notes say about a problem, for `reframe`: the sentences that explain why people behave as they do
(scored for relevance, a stated cause and the people they are about), the cause they give, the root cause the
notes themselves name ("Root cause: product (…)"), and the "How might we" questions already written down."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from bot.core.copilot import Copilot
from bot.core.knowledge.accounts import Account
from bot.core.knowledge.documents import Chunk
from bot.core.skills import people
from bot.core.skills.common import PROFILE_FACTS, Citation, chunk_citation
from bot.core.skills.date_patterns import MONTHS
from bot.core.text import sentences, tokens, truncate

if TYPE_CHECKING:
    from bot.core.knowledge.retrieve import Hit

RootCause = Literal["product", "process", "perception", "mixed"]
CHUNKS = 10
QUOTE_CHARS = 300
_MONTHS = "|".join(MONTHS)
# A stated cause: the clause after it is the "why" of a reframe.
_CAUSE = re.compile(
    rf"\b(?:because|due to|since(?!\s+(?:\d|{_MONTHS}|then|last|early|mid|late|the (?:start|beginning)))|"
    r"as a result of|which means|that['’]s why)\b\s*(?:of\s+)?",
    re.I,
)
# Words that describe friction or a reason without stating it outright.
_FRICTION = re.compile(
    r"\b(?:too (?:many|much|long|slow|small)|extra|instead of|rather than|workarounds?|avoid\w*|skip\w*|revert\w*|"
    r"prefer\w*|afraid|fears?|trust\w*|worr\w+|frustrat\w*|hard to|confus\w*|can['’]t|don['’]t|doesn['’]t|never|"
    r"wrong|miss\w*|twice|again|re-?ent\w+|re-?key\w*|by hand|paper|stuck|lost|anxious|embarrass\w*|slow\w*|"
    r"wait\w*|queue|restart\w*|overheat\w*|glare)\b",
    re.I,
)
_ROOT_CAUSE = re.compile(r"\broot cause\s*(?:\([^)]*\))?\s*:\s*", re.I)
_DEFINE_SECTION = re.compile(r"problem statement|define|insight|root cause", re.I)
_OBSERVE_SECTION = re.compile(r"observ|empathi|what we (?:learned|saw|heard)|discussion|summary", re.I)
_ACTION = re.compile(r"\bby \d{4}-\d{2}-\d{2}\b|^(?:idea raised|attendees|action items?)\b", re.I)
_CLAUSE_BREAK = re.compile(r"[,;]\s+|\s+(?:and )?that\s+")
_SHIPPED = re.compile(r"\b(?:adopted|shipped|went live|is live|now live|rolled out|launched)\b", re.I)
_RESOLVED = re.compile(r"\b(?:now|no longer|fixed|resolved|shipped|ended|went away|stopped complaining)\b", re.I)
_SPEAKER = re.compile(r"^([A-Z][\w.'\-]*(?:\s+[\w.'\-]+){0,3}):\s+")
# Words of a problem that say nothing about its subject ("low usage of …").
_CONTRACTIONS = frozenset("don doesn didn isn aren wasn weren can won haven hasn hadn couldn wouldn shouldn".split())
_GENERIC = frozenset(
    tokens(
        "low poor weak usage use used adoption engagement uptake declining falling rarely few fewer number weekly "
        "daily monthly active make makes made get gets take takes keep keeps go goes come say says want wants need "
        "needs see look give put let thing things team love loves like hate great good bad think thinking move "
        "moving one two three four five six seven eight nine ten"
    )
)
# Verbs that say what people do about the subject; the reason for it rarely repeats them ("don't trust the pre-fill"
# is explained by "the EHR list is wrong a lot"), so they are no point a cause must speak to.
_BEHAVIOUR_WORDS = frozenset(tokens("skip avoid ignore trust distrust doubt question refuse forget abandon bypass"))


@dataclass
class Sentence:
    """A sentence from the notes that may explain the problem, with what it scored and where it is from."""

    text: str
    citation: Citation
    chunk: Chunk
    speaker: str | None
    relevance: int
    score: float
    cause: str | None = None  # the clause after "because"/"due to"/…, when it explains what the problem is about
    effect: str = ""  # what the cause explains: "Drivers stop using the app as designed in bad weather"
    people: set[str] = field(default_factory=set)


def candidates(problem: str, account: Account, hits: list[Hit], named: str | None = None,
               heads: frozenset[str] = frozenset(), subject: str | None = None) -> list[Sentence]:  # fmt: skip
    """Sentences from the account's notes, transcripts and profile prose that bear on `problem`, best first. The
    people the problem names (`named`) and the account's people nouns (`heads`) make a sentence about someone,
    not a sentence relevant to the problem: `pick` scores that once the persona is known. When the problem says
    something about its `subject` ("the driver app overheats in Phoenix"), only a sentence that speaks to that
    ("overheating in Phoenix") can give its cause. `hits`: the account's passages found by `search`."""
    crowd = set(people.heads_of(named)) if named else set()
    wanted = content_words(problem) - crowd - heads
    point = wanted - content_words(subject or "") - content_words(named or "") - _BEHAVIOUR_WORDS
    ours = {csm.lower() for csm in account.csms}
    found: list[Sentence] = []
    for rank, hit in enumerate(hits):
        chunk = hit.chunk
        if chunk.kind == "metrics" or chunk.section == PROFILE_FACTS:
            continue
        named_next = False
        for speaker, raw in _spoken(chunk):
            sentence = None if named_next else _scored(raw, speaker, chunk, (wanted, point), rank, ours, crowd)
            if sentence is not None:
                found.append(sentence)
            # "Root cause: mixed." names its parts in the next sentence: that is a classification, not an insight.
            root = _ROOT_CAUSE.search(raw)
            named_next = bool(root) and len(raw[root.end() :].split()) <= 3
    found.sort(key=lambda s: s.score, reverse=True)
    return found


def search(copilot: Copilot, query: str, account: Account) -> list[Hit]:
    """The account's passages that `candidates` and `noted_questions` read for `query`."""
    return copilot.retriever.search(query, k=CHUNKS, account=account.slug)


def content_words(text: str) -> set[str]:
    """The stems that say what a text is about (not 'low usage', not the stem 'don' of "don't")."""
    return set(tokens(text)) - _GENERIC - _CONTRACTIONS


def _spoken(chunk: Chunk) -> list[tuple[str | None, str]]:
    """Each sentence with who said it: a transcript's speaker label covers every sentence of the turn."""
    if chunk.kind != "transcript":
        return [(None, s) for s in sentences(chunk.text)]
    out: list[tuple[str | None, str]] = []
    for line in chunk.text.splitlines():
        label = _SPEAKER.match(line)
        speaker, body = (label.group(1), line[label.end() :]) if label else (None, line)
        out += [(speaker, s) for s in sentences(body)]
    return out


def _scored(raw: str, speaker: str | None, chunk: Chunk, focus: tuple[set[str], set[str]], rank: int, ours: set[str],
            crowd: set[str]) -> Sentence | None:  # fmt: skip
    label = _SPEAKER.match(raw)  # "Aisha: batch-marking makes…" in a note's bullet
    text = raw[label.end() :] if label else raw
    if not 30 <= len(text) <= 420 or text.endswith(("?", ":")) or _ACTION.search(text) or _ROOT_CAUSE.search(text):
        return None
    if text.lower().startswith("how might we"):
        return None
    wanted, point = focus
    words = set(tokens(text))
    relevance = shared(wanted, words)
    on_point = not point or shared(point, words) > 0
    cause, effect = _cause_of(text, wanted | crowd) if on_point else (None, "")
    friction = min(2, len(_FRICTION.findall(text)))
    define = bool(_DEFINE_SECTION.search(chunk.section)) and on_point
    if relevance == 0 or (cause is None and friction == 0 and not define):
        return None
    score = 2.0 * relevance + (4 if cause else 0) + friction + 2 / (1 + rank)
    score += 3 if define else 1 if _OBSERVE_SECTION.search(chunk.section) else 0
    if _RESOLVED.search(text):
        score -= 4  # "dispatchers now re-route from the console": the notes say this has changed
    if _SHIPPED.search(f"{chunk.title} {chunk.text[:300]}"):
        score -= 3  # a note announcing the fix describes the solution, not why people struggled
    if speaker and speaker.lower() in ours:
        score -= 3  # our own CSM's words are not the customer's reality
    citation = chunk_citation(raw, chunk, QUOTE_CHARS)
    return Sentence(truncate(text, QUOTE_CHARS), citation, chunk, speaker, relevance, score, cause, effect, words)


def resolved(sentence: Sentence) -> bool:
    """Whether the sentence says the trouble has gone ('dispatchers now re-route from the console')."""
    return bool(_RESOLVED.search(sentence.text))


def shared(wanted: set[str], words: set[str]) -> int:
    """How many of the wanted stems a sentence has; one stem that starts the other counts ('complain',
    'complaint'), from five letters on."""
    exact = wanted & words
    loose = {w for w in wanted - exact if len(w) >= 5 and any(len(v) >= 5 and (v.startswith(w) or w.startswith(v))
                                                               for v in words)}  # fmt: skip
    return len(exact) + len(loose)


def _cause_of(text: str, focus: set[str]) -> tuple[str | None, str]:
    """The clause a sentence gives as the reason, and what it explains: "… avoid the platform because the long form
    adds cognitive burden" → ("the long form adds cognitive burden", "… avoid the platform"). No reason when what it
    explains has nothing to do with the problem ("complaints are creeping up because marketers clone segments")."""
    match = _CAUSE.search(text)
    if not match:
        return None, ""
    clause = text[match.end() :].strip().rstrip(".!? ")
    if match.start() == 0:  # "Because X, Y": the cause ends where the main clause starts
        clause, _, effect = clause.partition(", ")
    else:
        pieces = [p for p in _CLAUSE_BREAK.split(text[: match.start()]) if len(p.split()) >= 3]
        effect = pieces[-1] if pieces else text[: match.start()]
    if len(clause.split()) < 3 or (effect.strip() and not shared(focus, set(tokens(effect)))):
        return None, effect.strip()  # (a bare "Because X." answers the sentence before it: kept)
    return clause, effect.strip()


def pick(found: list[Sentence], heads: frozenset[str], more: list[Sentence] = ()) -> list[Sentence]:  # type: ignore[assignment]
    """The candidates (and `more` of them, from a second search) re-ranked with the persona in mind: a sentence
    about these people explains them best."""
    merged: dict[str, Sentence] = {}
    for sentence in [*found, *more]:
        if sentence.text not in merged or sentence.score > merged[sentence.text].score:
            merged[sentence.text] = sentence
    for sentence in merged.values():
        if heads & sentence.people:
            sentence.score += 1.5
    return sorted(merged.values(), key=lambda s: s.score, reverse=True)


def stated_root_cause(chunk: Chunk) -> tuple[RootCause, str] | None:
    """The root cause the notes name next to a problem statement ("Root cause: mostly product (…), with a process
    part") and the sentence that names it."""
    parts = sentences(chunk.text)
    for index, sentence in enumerate(parts):
        match = _ROOT_CAUSE.search(sentence)
        if not match:
            continue
        head = re.split(r"\bwith\b|\.", re.sub(r"\([^)]*\)", "", sentence[match.end() :]), maxsplit=1)[0].lower()
        kinds = [k for k in ("product", "process", "perception", "mixed") if re.search(rf"\b{k}\b", head)]
        if kinds:
            if len(sentence[match.end() :].split()) <= 3 and index + 1 < len(parts):
                sentence = f"{sentence} {parts[index + 1]}"  # "Root cause: mixed." names its parts next
            return ("mixed" if "mixed" in kinds or len(kinds) > 1 else kinds[0]), sentence  # type: ignore[return-value]
    return None


def noted_questions(hits: list[Hit], about: str) -> list[tuple[str, Citation]]:
    """ "How might we…" questions already written in the passages (`hits`, found by `search`) that share words
    with `about`."""
    wanted = content_words(about)
    out: list[tuple[int, str, Citation]] = []
    for hit in hits:
        for sentence in sentences(hit.chunk.text):
            overlap = shared(wanted, set(tokens(sentence)))
            if sentence.lower().startswith("how might we") and sentence.endswith("?") and overlap >= 2:
                cite = Citation(source=hit.chunk.source, quote=sentence, chunk_id=hit.chunk.id, date=hit.chunk.date,
                                section=hit.chunk.section or None)  # fmt: skip
                out.append((overlap, sentence, cite))
    out.sort(key=lambda item: item[0], reverse=True)
    unique: dict[str, Citation] = {}
    for _, sentence, cite in out:
        unique.setdefault(sentence, cite)
    return list(unique.items())


# Cue words for each root-cause class, matched at word starts.
CUES: dict[str, tuple[str, ...]] = {
    "product": ("slow", "click", "screen", "field", "bug", "crash", "load", "button", "missing", "integrat", "sync",
                "glove", "tap target", "taps", "form", "interface", "export", "import", "latency", "timeout",
                "time out", "builder", "duplicat", "error", "performance", "glare", "small", "pre-fill", "login",
                "log in", "lock", "offline", "query", "defect", "overheat", "battery"),
    "process": ("workflow", "process", "training", "trained", "handoff", "hand-off", "shift", "paper", "manual",
                "double", "twice", "second time", "re-ent", "re-key", "policy", "rollout", "onboard", "schedule",
                "habit", "routine", "sheet", "approval", "owner", "separate system", "batch", "reactive",
                "spreadsheet", "by hand", "clone", "staffing", "separate"),
    "perception": ("trust", "believe", "afraid", "fear", "skeptic", "worth it", "perceiv", "worry", "worried",
                   "confiden", "another tool", "surveil", "watched", "judged", "resist", "change fatigue",
                   "embarrass", "anxious", "penalt", "punish", "let down", "ignored", "not listening", "for admin"),
}  # fmt: skip


def classify(problem: str, insight: Sentence | None) -> tuple[RootCause, str]:
    """Root cause from cue words: those in the reason the notes give count double, then the insight, the problem."""
    places = [("the reason the notes give", insight.cause if insight and insight.cause else "", 2.0),
              ("the insight", insight.text if insight else "", 1.0), ("the problem", problem, 1.0)]  # fmt: skip
    weight = {kind: 0.0 for kind in CUES}
    seen: dict[str, dict[str, list[str]]] = {kind: {} for kind in CUES}
    done: set[tuple[str, str]] = set()
    for place, text, factor in places:
        for kind, cues in CUES.items():
            for cue in cues:
                found = re.search(rf"\b{re.escape(cue)}[\w-]*", text, re.I)
                if (kind, cue) not in done and found:
                    done.add((kind, cue))
                    weight[kind] += factor
                    seen[kind].setdefault(place, []).append(found.group(0).lower())  # the word, not the stem
    ranked = sorted(weight, key=lambda k: weight[k], reverse=True)
    top, second = ranked[0], ranked[1]
    if weight[top] == 0:
        return "mixed", "no cue in the problem or the notes points to product, process or perception yet"
    if weight[second] >= max(1.0, 0.6 * weight[top]):
        kinds = [k for k in ranked if weight[k] >= max(1.0, 0.6 * weight[top])]
        return "mixed", "cues point to more than one cause: " + "; ".join(_where(k, seen[k]) for k in kinds)
    return top, _where(top, seen[top])  # type: ignore[return-value]


def _where(kind: str, places: dict[str, list[str]]) -> str:
    return f"{kind} cues in " + " and in ".join(f"{p} ({', '.join(c[:4])})" for p, c in places.items())
