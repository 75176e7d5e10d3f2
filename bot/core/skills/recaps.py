"""Commitments restated in a recap, in the present tense: "Quick recap of owners: Ben sends the card by Friday,
Priya has the dashboard by Monday and tells the nurses before the twentieth, I send the invites today and the
write-up by the twenty-ninth." The same reading serves the bullets of an "Action items" section
("- Maya sends the deck by Friday").

A recap is where owners and dates get confirmed, so its items mostly date or name earlier ones (action_merge.py
puts them together); the rest are commitments said only there ("Sofia books the review for mid-December").
"""

from __future__ import annotations

import re

from bot.core.skills.action_parts import (
    ACTION_VERBS,
    IN_MEETING_VERBS,
    NON_ACTION_VERBS,
    FoundAction,
    base_verb,
    is_person,
    make_action,
    owners,
)
from bot.core.skills.dates import resolve_due
from bot.core.skills.meeting import Line, Meeting

# A recap announces itself in its first words: "Quick recap of owners:", "Owners.", "So recap:", "Action items."
_CUE = re.compile(
    r"^(?:[\w'’]+[\s,]+){0,4}?(?:recap|owners|action items|next steps|to summari[sz]e|(?:just|so) to confirm|"
    r"who does what)\b(?:\s+of\s+owners)?\s*[:.,]?\s*",
    re.I,
)
_DECISIONS = re.compile(r"^(?:so,?\s+)?(?:decisions?|decided|agreed)\s*:", re.I)
_NAME = r"(?:Dr\.?\s+|Mr\.?\s+|Ms\.?\s+|Mrs\.?\s+)?[A-Z][a-zA-Z'\-]+(?:\s+[A-Z][a-zA-Z'\-]+)?"
# A subject and its verb where a clause starts: "Ben sends", ", Priya has", "and I send".
_SUBJECT = re.compile(
    rf"(?:^|(?<=[,;:])\s*|\s+(?:and|then)\s+)(?:(?:[Aa]nd|[Tt]hen|[Ss]o|[Aa]lso),?\s+)?(?P<who>I|{_NAME}(?:\s+and\s+{_NAME})?)"
    rf"\s+(?:(?:also|then|just)\s+)?(?P<verb>[a-z][a-z\-]*)\b"
)
_DETERMINER = r"(?:the|a|an|our|your|their|his|her|my|all|both|two|three|[\w\-]+['’]s)"
# "…by Wednesday and the November scorecard on December second": a second object for the same verb.
_SECOND_OBJECT = re.compile(rf",?\s+and\s+(?={_DETERMINER}\s|[a-z][\w\-]*\s+[a-z])")
_RECAP_VERBS = (ACTION_VERBS | IN_MEETING_VERBS | {"have", "dry-run", "re-run"}) - {"own", "run", "work"}
_NOT_TASKS = NON_ACTION_VERBS | frozenset("own run work lead manage use go come seem look sound is was get".split())
FOLLOW_TURNS = 2  # turns after a recap that carry on listing ("And I send Gwen the options by Friday.")


_OWN_PLAN = re.compile(r"^(?:(?:okay|ok|so|then|and|right|fine|good)[,.]?\s+)*I (?P<verb>[a-z]+)\b", re.I)


def states_own_plan(line: Line, meeting: Meeting) -> bool:
    """'So I escalate the Android crash and get you an ETA Monday.': a dated plan said in the present tense, the
    way a recap says it, outside any recap."""
    match = _OWN_PLAN.match(line.text)
    return (
        match is not None
        and match.group("verb").lower() in _RECAP_VERBS
        and resolve_due(line.text, meeting.date) is not None
    )


def recap_lines(lines: list[Line]) -> set[int]:
    """Indexes of the lines that recap owners: a line with a recap cue, the rest of its turn, the same
    speaker's next turn, and the next turns that carry on with 'And …'."""
    zone: set[int] = set()
    for line in lines:
        if line.speaker and _CUE.search(line.text):
            turns = _following_turns(lines, line)
            zone |= {ln.index for ln in lines[line.index :] if ln.turn in turns}
    return zone


def _following_turns(lines: list[Line], cue: Line) -> set[int]:
    turns = {cue.turn}
    later = [ln for ln in lines[cue.index + 1 :] if ln.turn != cue.turn and lines[ln.index - 1].turn != ln.turn]
    for number, first in enumerate(later[:FOLLOW_TURNS]):
        if not (first.text.lower().startswith("and ") or (number == 0 and first.speaker == cue.speaker)):
            break
        turns.add(first.turn)
    return turns


def recap_actions(line: Line, meeting: Meeting) -> list[FoundAction]:
    """The commitments a recap line states: one per owner and verb (and per dated object)."""
    if _DECISIONS.match(line.text):
        return []  # "Decisions: …, Lumen joins the beta": what was agreed, not who does what
    text = _CUE.sub("", line.text, count=1).strip()
    subjects = [m for m in _SUBJECT.finditer(text) if _owner(m, line, meeting)]
    found: list[FoundAction] = []
    for number, match in enumerate(subjects):
        end = subjects[number + 1].start() if number + 1 < len(subjects) else len(text)
        owner = _owner(match, line, meeting)
        for phrase in _verb_phrases(match.group("who") == "I", text[match.start("verb") : end]):
            for task in _objects(phrase, meeting):
                action = make_action(owner, task, line, meeting)
                action.recap = True
                found.append(action)
    return found


def _owner(match: re.Match[str], line: Line, meeting: Meeting) -> str | None:
    who = match.group("who")
    if who == "I":
        return line.speaker or None
    return owners(who, meeting.people) if is_person(who, meeting.people, True) else None


def _base(word: str, first_person: bool, strict: bool) -> str | None:
    """The base form of a present-tense verb that can be a task ('sends' → 'send'); a named subject needs the
    -s. The verb right after a subject may be any such verb ('links'); a later one must be a known action verb,
    since '…and dashboards for each site' is a noun."""
    if not first_person and not word.endswith("s"):
        return None
    base = word if first_person else base_verb(word)
    if base in _RECAP_VERBS or ("-" in base and base.split("-")[-1] in _RECAP_VERBS):
        return base
    return None if strict or base in _NOT_TASKS or not base.isalpha() else base


_PIECE = re.compile(r"(,?\s+and\s+|,\s+)")
_CARRY_ON = re.compile(r"(?:with|for|to|in|on|by|before|after|so|once|as|until|from)\b")


def _verb_phrases(first_person: bool, clause: str) -> list[str]:
    """'has the dashboard by Monday and tells the nurses…' → ['have the dashboard by Monday', 'tell the nurses…'];
    'builds and dry-runs the suppression' stays one phrase; 'the rota by Wednesday and the scorecard on
    December second' stays with its verb. A verb that is no task ('owns the renewal, asks Keisha') is skipped
    with its words; the list ends at a comma that starts no verb ('…, video parked until January')."""
    parts = _PIECE.split(clause.strip().rstrip(".,;"))
    phrases: list[str] = []
    taking = False  # whether the words go to the last phrase (not to a verb that is no task)
    for number, (sep, piece) in enumerate(zip(["", *parts[1::2]], parts[0::2], strict=True)):
        word = piece.split()[0] if piece.split() else ""
        verb = _base(word, first_person, strict=number > 0)
        if verb and taking and len(phrases[-1].split()) == 1:  # "builds and dry-runs X": one task, two verbs
            phrases[-1] = f"{phrases[-1]} and {verb}{piece[len(word) :]}"
        elif verb:
            phrases.append(f"{verb}{piece[len(word) :]}")
            taking = True
        elif number == 0:
            taking = False
        elif "and" in sep or _CARRY_ON.match(piece):
            if taking:
                phrases[-1] = f"{phrases[-1]}{sep}{piece}"
        else:
            break
    return [p for p in phrases if len(p.split()) >= 2]


def _objects(phrase: str, meeting: Meeting) -> list[str]:
    """'send the rota by Wednesday and the scorecard on December second' → two tasks, one per dated object;
    without a date on each side the objects belong to one task ('send the deck and the notes by Friday')."""
    verb, _, rest = phrase.partition(" ")
    parts = _SECOND_OBJECT.split(rest)
    if len(parts) == 2 and all(resolve_due(part, meeting.date) for part in parts):
        return [f"{verb} {parts[0]}", f"{verb} {parts[1]}"]
    return [phrase]
