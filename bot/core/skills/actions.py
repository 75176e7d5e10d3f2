"""Action items found in a meeting, each tied to the line that supports it.

Action items come from commitments ("I'll send...", "Priya will...", "Let me check..."), from requests
that the next speaker accepts ("Ben, can you own the card?" / "Sure.", action_replies.py, which also reads
follow-on requests and tasks handed to someone else), from recaps ("Ben sends the card by Friday", recaps.py)
and from the bullets of an "Action items" section in notes. Restatements and dates said later are merged into
the first statement (action_merge.py). Decisions live in decisions.py.
"""

from __future__ import annotations

import re

from bot.core.skills.action_merge import tidy
from bot.core.skills.action_parts import (
    ACTION_VERBS,
    IN_MEETING_VERBS,
    LETS,
    NON_ACTION_VERBS,
    PRONOUN_OBJECTS,
    TEAM_NAMES,
    VERBS,
    FoundAction,
    base_verb,
    clean_task,
    first_clause,
    is_action,
    is_person,
    is_strict_action,
    is_vague,
    looks_like_name,
    make_action,
    owners,
    similar,
    strip_leading_words,
)
from bot.core.skills.action_replies import accepted_request, follow_on_request, hand_over, reply_to
from bot.core.skills.dates import resolve_due
from bot.core.skills.meeting import Line, Meeting
from bot.core.skills.recaps import recap_actions, recap_lines, states_own_plan
from bot.core.text import tokens

__all__ = ["ACTION_VERBS", "IN_MEETING_VERBS", "LETS", "NON_ACTION_VERBS", "TEAM_NAMES", "FoundAction",
           "clean_task", "commitments", "extract_actions", "reply_to", "similar"]  # fmt: skip

_FIRST_PERSON = re.compile(
    r"\b(?P<who>I|[Ww]e)(?P<modal>['’]ll|\s+will|['’]m going to|\s+am going to|['’]re going to|\s+are going to|"
    r"['’]m gonna|\s+can|\s+shall)\s+(?:(?:also|just|then|definitely|certainly|personally|now|quickly|still|"
    r"go ahead and|make sure (?:to|I|we))\s+)*(?P<rest>(?!not\b|never\b)[a-z].*)"
)
_NAMED = re.compile(
    r"(?:^|(?<=[\s,;:(]))(?P<name>(?:Dr\.?\s+|Mr\.?\s+|Ms\.?\s+|Mrs\.?\s+)?[A-Z][a-zA-Z'\-]+(?:\s+[A-Z][a-zA-Z'\-]+)?"
    r"(?:\s+and\s+[A-Z][a-zA-Z'\-]+)?)(?:\s+\([^()]{1,30}\))?(?:['’]ll|\s+will|\s+is going to|\s+is gonna|"
    r"\s+(?:has\s+)?agreed to|\s+offered to|\s+volunteered to|\s+committed to|\s+promised to|\s+(?P<to>to))\s+"
    r"(?P<rest>(?!not\b|never\b|be\b)[a-z].*)"
)
# "The written RCA will be ready by Monday", said by its owner.
_DELIVERABLE = re.compile(
    r"^(?:the|our|my)\s+(?P<thing>(?:[\w\-]+\s+){0,3}?[\w\-]+)\s+(?:will be|['’]ll be|is going to be)\s+"
    r"(?:ready|done|finished|complete|out|live|available|shipped|sent|delivered)\b(?P<rest>.*)$",
    re.IGNORECASE,
)
_LET_ME = re.compile(r"\b[Ll]et me\s+(?P<rest>[a-z].*)")
# "Yes, we'll run both in parallel for two weeks.": agreeing how to work is a decision (decisions.py), not a task.
AGREED_WE = re.compile(
    r"^(?:yes|yeah|agreed|okay|ok|sure|right),?\s+(?:so\s+)?(?P<rest>we(?:['’]ll| will)\s+.+)$", re.I
)
_MARKER = re.compile(
    r"^(?:action(?:\s+item)?|ai|todo|to-do|next step|follow[- ]up|owner)s?\s*[:\-–—]\s*(?P<rest>.+)$", re.I
)
_ACTION_SECTION = re.compile(r"action|next step|to-?do|follow[- ]?up|owner|task", re.I)
_TRAILING_OWNER = re.compile(
    r"\s*(?:\((?:owner:\s*)?(?P<a>[A-Z][\w .'\-]+)\)|[—–-]\s*(?P<b>[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+)?))\s*\.?$"
)
_LEADING_OWNER = re.compile(r"^(?P<name>[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+)?)\s*[:\-–—]\s+(?P<rest>.+)$")
_CLAUSE_OPENERS = frozenset("what which something anything everything whatever how where why if whether unless".split())
_DONE = re.compile(r"\b(?:was|were|had|did|[a-z]{3,}ed)\b", re.I)


def extract_actions(meeting: Meeting, resolve_pronouns: bool = True) -> list[FoundAction]:
    """Every commitment in the meeting, one item each, in the order they were made; with `resolve_pronouns`,
    'his assistant' reads 'Marcus's assistant' where the meeting makes that clear."""
    lines = meeting.lines
    recaps = recap_lines(lines)
    found: list[FoundAction] = []
    for position, line in enumerate(lines):
        if _ACTION_SECTION.search(line.section):
            found.extend(_from_action_bullet(line, meeting))
            continue
        restated = position in recaps or states_own_plan(line, meeting)
        own = commitments(line, meeting) or (recap_actions(line, meeting) if restated else [])
        own = own or hand_over(line, meeting, found) or follow_on_request(position, lines, meeting, found)
        found.extend(own or accepted_request(position, lines, meeting, commitments))
    return tidy(found, meeting, resolve_pronouns)


def commitments(line: Line, meeting: Meeting) -> list[FoundAction]:
    """The commitments one line makes in the first person ('I'll…', 'we can…', 'let me…') or for someone it
    names ('Priya will…', notes' 'Priya to…')."""
    text = line.text.strip()
    marker = _MARKER.match(text)
    if marker:
        return _from_marker(marker.group("rest"), line, meeting)
    if text.endswith(("?", ":")):
        return []  # a question, or the lead-in to a list ("How might we questions we will bring to X:")
    found = _first_person(text, line, meeting) + _named(text, line, meeting)
    deliverable = _DELIVERABLE.match(text)
    if deliverable and not found and line.speaker and resolve_due(text, meeting.date) is not None:
        thing = deliverable.group("thing")
        found.append(make_action(line.speaker, f"deliver {thing} {deliverable.group('rest')}", line, meeting))
    let_me = _LET_ME.search(text)
    if (
        let_me
        and not found
        and is_strict_action(let_me.group("rest"), meeting.date)
        and not _on_the_spot(line, meeting)
    ):
        found.append(make_action(line.speaker or None, let_me.group("rest"), line, meeting))
    return found


def _first_person(text: str, line: Line, meeting: Meeting) -> list[FoundAction]:
    found: list[FoundAction] = []
    position = 0
    while match := _FIRST_PERSON.search(text, position):
        position = match.start("rest")  # the next 'and I'll…' in the sentence is a commitment of its own
        if _inside_clause(text, match.start()) or _quoted(text, match.start(), line) or _consequence(text, match):
            continue
        rest = match.group("rest")
        # a task said in full, or a bare verb for an instruction said before it ("Invite Gwen…; I'll do it")
        acts, points = is_action(rest, meeting.date), _points_to_imperative(text, match, meeting)
        if match.group("who").lower() == "we" or match.group("modal").strip() == "can":
            if not points and not is_strict_action(rest, meeting.date):
                continue
            if AGREED_WE.match(text) and resolve_due(rest, meeting.date) is None and _answers_someone(line, meeting):
                continue
        elif not (acts or points or _dated_pointer(rest, meeting)):
            continue  # 'I'll …' that promises no task, nor dates one promised earlier
        action = _commitment(line.speaker or None, text, match, line, meeting)
        action.dates_earlier = not acts and not points
        found.append(action)
    return found


def _dated_pointer(rest: str, meeting: Meeting) -> bool:
    """'I'll get those over tomorrow': a date for something promised before (action_merge.py dates that)."""
    due = resolve_due(rest, meeting.date)
    return due is not None and is_vague(clean_task(first_clause(rest), due))


def _named(text: str, line: Line, meeting: Meeting) -> list[FoundAction]:
    found: list[FoundAction] = []
    in_section = bool(line.section and _ACTION_SECTION.search(line.section))
    covered = 0  # "Maya and Ben will…" is one commitment, not a second one for "Ben will…"
    for start in [0, *(m.end() for m in re.finditer(r"[\s,;:(]+", text))]:
        match = _NAMED.match(text, start) if start >= covered else None
        if match is None or _inside_clause(text, match.start("name")):
            continue
        covered = match.end("name")
        name = strip_leading_words(match.group("name"))
        at_start = text.startswith(name)
        if not is_person(name, meeting.people, at_start and not in_section) and not _absent_owner(
            match, at_start, meeting
        ):
            continue
        if not is_action(match.group("rest"), meeting.date) and not _points_to_imperative(text, match, meeting):
            continue
        if match.group("to") and (not at_start or (line.speaker and not line.section)):
            continue  # "Priya to send X" is notes shorthand; in speech "asked Priya to" is not her commitment
        found.append(_commitment(owners(name, meeting.people), text, match, line, meeting))
    return found


def _absent_owner(match: re.Match[str], at_start: bool, meeting: Meeting) -> bool:
    """'Raj will set up a working session with Rosa.': someone not on the call, named at the start of the
    sentence by a word that is no ordinary word, doing something deliverable."""
    name = strip_leading_words(match.group("name"))
    return (
        at_start
        and match.group("to") is None
        and looks_like_name(name)
        and is_strict_action(match.group("rest"), meeting.date)
    )


def _commitment(owner: str | None, text: str, match: re.Match[str], line: Line, meeting: Meeting) -> FoundAction:
    """The item for one subject-and-verb match; 'Invite Gwen to speak in April; Jordan will ask by 11-30' is
    Jordan's invitation, due 11-30: a bare verb takes the instruction said before it."""
    subject = match.start("name") if "name" in match.re.groupindex else match.start()
    imperative = _earlier_imperative(text[:subject])
    prefix = text[:subject]
    if _FIRST_PERSON.search(prefix) or re.search(r"\b[A-Z][a-z]+(?:['’]ll|\s+will)\s", prefix):
        prefix = ""  # an earlier commitment's date is that commitment's
    action = make_action(owner, match.group("rest"), line, meeting, prefix)
    if imperative and _bare(action.task):
        stated = make_action(owner, imperative, line, meeting)
        if action.due is not None:
            stated.due, stated.due_phrase = action.due, action.due_phrase
        return stated
    return action


def _bare(task: str) -> bool:
    words = task.lower().split()
    return len(words) <= 1 or (len(words) == 2 and words[1] in (*PRONOUN_OBJECTS, "him", "her"))


def _earlier_imperative(before: str) -> str | None:
    """'Invite Gwen to the summit; ' before a commitment: the instruction it carries out."""
    pieces = [p.strip() for p in re.split(r"[;:—–]|\s-\s|\.\s", before) if p.strip()]
    if not pieces:
        return None
    verb = pieces[-1].split()[0].lower()
    if re.search(r"\b(?:and|or)$", pieces[-1], re.I):
        return None  # "Send me the right address and I'll fix it": the listener's part, not the speaker's
    return pieces[-1] if verb in ACTION_VERBS and len(pieces[-1].split()) >= 3 else None


def _points_to_imperative(text: str, match: re.Match[str], meeting: Meeting) -> bool:
    rest = match.group("rest")
    due = resolve_due(rest, meeting.date)
    subject = match.start("name") if "name" in match.re.groupindex else match.start()
    return _bare(clean_task(first_clause(rest), due)) and _earlier_imperative(text[:subject]) is not None


def _inside_clause(text: str, start: int) -> bool:
    """'something I can tell my CEO', 'what Brian will ask': a relative clause, not a commitment."""
    before = re.findall(r"[a-z']+", text[:start].lower())
    return bool(before) and before[-1] in _CLAUSE_OPENERS


def _quoted(text: str, start: int, line: Line) -> bool:
    """In notes, "I'll log it as a feature request." inside quotation marks is somebody's quoted words."""
    before, after = text[:start], text[start:]
    straight = before.count('"') % 2 == 1 or after.count('"') % 2 == 1  # the quote may open a sentence earlier
    return not line.speaker and (
        straight or before.count("“") > before.count("”") or after.count("”") > after.count("“")
    )


def _consequence(text: str, match: re.Match[str]) -> bool:
    """'Then we can send a correction to those customers', '…, and we can review it after that', 'If it's our
    profile, I can push a fix': what becomes possible, not a promise."""
    before = re.findall(r"[a-z']+", text[: match.start()].lower())
    if match.group("modal").strip() != "can" or not before:
        return False
    conditional = before[0] in ("if", "once", "when", "unless")
    return conditional or before[-1] in ("then", "so") or (before[-1] == "and" and match.group("who").lower() == "we")


def _answers_someone(line: Line, meeting: Meeting) -> bool:
    previous = meeting.lines[line.index - 1] if line.index > 0 else None
    return previous is not None and previous.turn != line.turn and previous.speaker != line.speaker


def _on_the_spot(line: Line, meeting: Meeting) -> bool:
    """'Let me check on the third question. What would…?': done there and then, not a follow-up."""
    following = meeting.lines[line.index + 1] if line.index + 1 < len(meeting.lines) else None
    undated = resolve_due(line.text, meeting.date) is None
    return undated and following is not None and following.turn == line.turn and following.text.endswith("?")


def _from_action_bullet(line: Line, meeting: Meeting) -> list[FoundAction]:
    if line.text.rstrip().endswith(":"):
        return []  # the lead-in to a list: "How might we questions we will bring to the review:"
    found = commitments(line, meeting) or recap_actions(line, meeting) or _from_marker(line.text, line, meeting)
    for action in found:  # "- Lena Fischer: send the field list by Wed": the label names the owner
        action.owner = action.owner or line.speaker or None
    return found


def _from_marker(rest: str, line: Line, meeting: Meeting) -> list[FoundAction]:
    """'Action: Priya — send the deck by Friday', 'Send the deck (Priya)': owner from the label, if any.
    An unowned line that reports what happened ('Feature request logged on 05-14') is no action."""
    owner = None
    trailing = _TRAILING_OWNER.search(rest)
    leading = _LEADING_OWNER.match(rest)
    if trailing and is_person(trailing.group("a") or trailing.group("b"), meeting.people, False):
        owner, rest = trailing.group("a") or trailing.group("b"), rest[: trailing.start()]
    elif leading and is_person(leading.group("name"), meeting.people, True):
        owner, rest = leading.group("name"), leading.group("rest")
    else:
        named = _NAMED.match(rest)
        if named and is_person(named.group("name"), meeting.people, True):
            owner, rest = named.group("name"), named.group("rest")
    if len(tokens(rest)) < 2 or (owner is None and _reports_done(rest)):
        return []
    return [make_action(owners(owner, meeting.people) if owner else None, rest, line, meeting)]


def _reports_done(text: str) -> bool:
    words = text.split()
    first = words[0].lower() if words else ""
    if first in VERBS or base_verb(first) in ACTION_VERBS:
        return False
    return bool(_DONE.search(" ".join(words[:4])))
