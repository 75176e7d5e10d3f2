"""Relationship signals read from an account's notes: departing champions or sponsors, unanswered
executives, and negative sentiment in recent calls. Each signal cites the sentence behind it."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Literal

from pydantic import BaseModel, Field

from bot.core.knowledge.accounts import Account
from bot.core.knowledge.documents import Chunk
from bot.core.skills.common import Citation, chunk_citation
from bot.core.skills.meeting import meetings_from_chunks
from bot.core.skills.signals import read_sentiment
from bot.core.text import sentences, truncate

SignalKind = Literal[
    "champion_departure", "sponsor_departure", "unanswered_executive", "negative_sentiment",
    "falling_active_users", "rising_tickets", "falling_nps", "renewal_goals_unmet",
]  # fmt: skip

_DEPARTURE = re.compile(
    r"\b(?:leav(?:e|es|ing)\b(?! (?:a|the) (?:note|comment|message|voicemail|feedback|review))|"
    r"depart(?:s|ing|ure)?\b|resign\w*|last day|stepp?(?:ing|s|ed)? down|left the (?:company|organi[sz]ation)|"
    r"retir(?:e|es|ing|ement)\b|moving (?:on|to a new role|into a new role)|accepted a (?:new )?(?:role|position|job))",
    re.I,
)
_NOT = re.compile(r"\b(?:not|isn't|isn’t|no longer|won't|won’t|never)\s+(?:\w+\s+)?$", re.I)
_UNANSWERED = re.compile(
    r"\b(?:no (?:reply|response|answer)|(?:has|have|had)(?:n't|n’t| not) (?:yet )?(?:replied|responded|answered)|"
    r"not (?:yet )?(?:replied|responded|answered)|unanswered|without (?:a )?(?:reply|response)|"
    r"(?:gone|went) (?:quiet|silent|dark)|radio silence|declined (?:the|our) (?:meeting|invite))",
    re.I,
)
_EXECUTIVE = re.compile(
    r"\b(?:C[EFIOTN]O|CNIO|CMIO|VP|vice president|chief|executive|exec|superintendent|sponsor|president|"
    r"head of|director)\b"
)
SUBJECT_WINDOW = 60  # characters before a departure cue in which its subject must be named
MIN_NEGATIVE_CUES = 4
CONVERSATION_TYPES = {"call", "meeting", "qbr"}
# Words that may stand between a departure cue and its subject: "Dana is now leaving", "she has resigned".
_AUXILIARIES = frozenset(
    """is are was were will be been being has have had 's ’s also now soon officially just about to going
    finally already""".split()
)
_PERSON_WORDS = {"he", "she", "they", "his", "her", "their", "champion", "sponsor"}
_TYPES = {"champion": "champion_departure", "sponsor": "sponsor_departure", "decision_maker": "sponsor_departure"}


class Signal(BaseModel):
    """A risk (or strength) signal in plain words, with the evidence behind it."""

    kind: SignalKind
    text: str
    date: str | None = None
    citations: list[Citation] = Field(default_factory=list)


def relationship_signals(
    account: Account, chunks: list[Chunk], as_of: dt.date, window_days: int, sentiment_days: int
) -> list[Signal]:
    """Departures, unanswered executives and negative recent sentiment, most recent evidence first."""
    people = _key_people(account)
    found: dict[str, list[tuple[str, Chunk, str]]] = defaultdict(list)
    for chunk in sorted(chunks, key=lambda c: c.date or "", reverse=True):
        if chunk.kind == "metrics" or not _recent(chunk.date, as_of, window_days, undated_ok=True):
            continue
        for sentence in sentences(chunk.text):
            for kind in _kinds(sentence, people):
                found[kind].append((sentence, chunk, kind))
    signals = [_signal(kind, evidence) for kind, evidence in found.items()]
    signals += _sentiment_signals(chunks, as_of, sentiment_days)
    return signals


def _key_people(account: Account) -> dict[str, str]:
    """Full names and last names of champions, sponsors and decision makers, mapped to their type."""
    people: dict[str, str] = {}
    for person in account.profile.get("stakeholders") or []:
        if not isinstance(person, dict) or person.get("type") not in _TYPES or not person.get("name"):
            continue
        name = str(person["name"])
        people[name] = person["type"]
        words = [w for w in name.split() if w.rstrip(".").lower() not in ("dr", "mr", "mrs", "ms", "prof")]
        for part in (words[0], words[-1]) if words else ():
            people.setdefault(part, person["type"])
    return people


def _kinds(sentence: str, people: dict[str, str]) -> set[str]:
    kinds: set[str] = set()
    for departure in _DEPARTURE.finditer(sentence):
        before = sentence[max(0, departure.start() - SUBJECT_WINDOW) : departure.start()]
        if _NOT.search(before):
            continue
        # The departing person is the key person (or the word "champion"/"sponsor") nearest before the cue,
        # and the cue's own subject must be that person or a pronoun for them ("trust … leaves" is not).
        subject = _nearest_mention(before, [*people, "champion", "sponsor"])
        if subject and not _subject_is_a_person(before, people):
            subject = None
        if subject:
            kinds.add(_TYPES.get(people.get(subject, subject), "sponsor_departure"))
    if _UNANSWERED.search(sentence) and (
        _EXECUTIVE.search(sentence) or any(re.search(rf"\b{re.escape(n)}\b", sentence) for n in people)
    ):
        kinds.add("unanswered_executive")
    return kinds


def _subject_is_a_person(before: str, people: dict[str, str]) -> bool:
    words = re.findall(r"[\w'’]+", before.lower())
    while words and words[-1] in _AUXILIARIES:
        words.pop()
    if not words:
        return False
    name_words = {w.lower() for name in people for w in name.split()}
    return words[-1] in _PERSON_WORDS or words[-1] in name_words


def _nearest_mention(text: str, names: list[str]) -> str | None:
    best, best_end = None, -1
    for name in names:
        for match in re.finditer(rf"\b{re.escape(name)}\b", text, re.I):
            if match.end() > best_end:
                best, best_end = name, match.end()
    if best is None or re.search(r"[.;!?]", text[best_end:]):  # another clause or sentence in between
        return None
    return best


def _signal(kind: str, evidence: list[tuple[str, Chunk, str]]) -> Signal:
    wording = {
        "champion_departure": "The champion is leaving or has left",
        "sponsor_departure": "An executive sponsor or decision maker is leaving or has left",
        "unanswered_executive": "An executive has not answered our outreach",
    }[kind]
    citations = [chunk_citation(sentence, chunk) for sentence, chunk, _ in evidence[:2]]
    latest = next((chunk.date for _, chunk, _ in evidence if chunk.date), None)
    return Signal(kind=kind, text=f"{wording}: “{truncate(evidence[0][0], 160)}”", date=latest, citations=citations)


def _sentiment_signals(chunks: list[Chunk], as_of: dt.date, days: int) -> list[Signal]:
    """Negative sentiment in calls and meetings of the last `days` days (transcripts and notes)."""
    spoken = [
        c for c in chunks
        if (c.kind == "transcript" or c.doc_type in CONVERSATION_TYPES)
        and _recent(c.date, as_of, days, undated_ok=False)
    ]  # fmt: skip
    signals = []
    for first, meeting in meetings_from_chunks(spoken):
        reading = read_sentiment(meeting)
        if reading.label == "negative" and reading.negative >= MIN_NEGATIVE_CUES:
            signals.append(
                Signal(
                    kind="negative_sentiment",
                    text=f"Negative sentiment in the {first.kind} of {first.date} ({reading.reason})",
                    date=first.date,
                    citations=[Citation(source=first.source, quote=truncate(reading.reason, 300), date=first.date)],
                )
            )
    return signals


def _recent(date: str | None, as_of: dt.date, days: int, undated_ok: bool) -> bool:
    if date is None:
        return undated_ok
    day = dt.date.fromisoformat(date)
    return as_of - dt.timedelta(days=days) <= day <= as_of
