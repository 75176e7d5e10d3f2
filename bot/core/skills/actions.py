"""Action items found in a meeting, each tied to the line that supports it.

Action items come from commitments ("I'll send...", "Priya will...", "Let me check..."), from requests
that the next speaker accepts ("Ben, can you own the card?" / "Sure."), and from the bullets of an
"Action items" section in notes. Decisions live in decisions.py.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.core.skills.dates import DateMention, resolve_due
from bot.core.skills.meeting import Line, Meeting, People
from bot.core.text import tokens

# Verbs that name a deliverable or a follow-up; "we'll", "I can" and "let me" count only with one of these.
ACTION_VERBS = frozenset(
    """add align arrange ask assign audit book brief build call chase check circle clean coach collect compile
    configure confirm connect coordinate create demo document draft email enable escalate estimate export extend
    file find finalize finish fix flag follow forward gather get grant host introduce invite investigate line loop
    map migrate move nudge open organize own ping plan post prepare price prioritize produce propose provide
    publish pull push put raise turn switch activate deploy install reach record recruit remind remove reply report
    request research reschedule
    review revise run schedule scope send set share ship sign speak submit summarize survey sync talk test
    tell track train update upgrade upload validate verify work write""".split()
)
# Verbs that are about the meeting itself ("I'll share my screen"): an action only when a date comes with them.
IN_MEETING_VERBS = frozenset("show walk go present recap start take pick drop hand join finish remind explain".split())
# Phrases about the meeting itself; "share the deck" is a follow-up, "share my screen" is not.
_IN_MEETING_PHRASE = re.compile(
    r"(?:share (?:my|the|your) screen|pull (?:it |that |this )?up|go (?:through|over)|take (?:a look|notes)|"
    r"hand (?:it )?over to|drop off)\b",
    re.IGNORECASE,
)
NON_ACTION_VERBS = frozenset(
    """be say admit bet guess let keep see live stop need want like love hear know think leave wait hold miss
    try believe mean do jump mute repeat feel hope assume agree remember""".split()
)
_FIRST_PERSON = re.compile(
    r"\b(?P<who>I|[Ww]e)(?P<modal>['’]ll|\s+will|['’]m going to|\s+am going to|['’]re going to|\s+are going to|"
    r"['’]m gonna|\s+can|\s+shall)\s+(?:(?:also|just|then|definitely|certainly|personally|now|quickly|still|"
    r"go ahead and|make sure (?:to|I|we))\s+)*(?P<rest>(?!not\b|never\b)[a-z].*)"
)
_NAMED = re.compile(
    r"(?:^|(?<=[\s,;:(]))(?P<name>(?:Dr\.?\s+|Mr\.?\s+|Ms\.?\s+|Mrs\.?\s+)?[A-Z][a-zA-Z'\-]+(?:\s+[A-Z][a-zA-Z'\-]+)?"
    r"(?:\s+and\s+[A-Z][a-zA-Z'\-]+)?)(?:['’]ll|\s+will|\s+is going to|\s+is gonna|\s+(?:has\s+)?agreed to|"
    r"\s+offered to|\s+volunteered to|\s+committed to|\s+promised to|\s+(?P<to>to))\s+(?P<rest>(?!not\b|never\b|"
    r"be\b)[a-z].*)"
)
# "The written RCA will be ready by Monday", said by its owner.
_DELIVERABLE = re.compile(
    r"^(?:the|our|my)\s+(?P<thing>(?:[\w\-]+\s+){0,3}?[\w\-]+)\s+(?:will be|['’]ll be|is going to be)\s+"
    r"(?:ready|done|finished|complete|out|live|available|shipped|sent|delivered)\b(?P<rest>.*)$",
    re.IGNORECASE,
)
_LET_ME = re.compile(r"\b[Ll]et me\s+(?P<rest>[a-z].*)")
_REQUEST = re.compile(
    r"^(?:(?:so|and|also|okay|ok|great|then),?\s+)?(?:(?P<addr>[A-Z][a-z]+),\s+)?(?:can|could|would|will)\s+you"
    r"(?:\s+(?:please|also|maybe))?\s+(?P<rest>[a-z].*?)\??$"
)
_OFFER = re.compile(
    r"^(?:(?:so|and|okay),?\s+)?(?:do you want me to|want me to|shall I|should I)\s+(?P<rest>.+?)\?$", re.I
)
_IMPERATIVE = re.compile(r"^(?:(?:but|and|so|also|then|just|please|oh),?\s+)*(?P<rest>(?P<verb>[a-z]+)\b.*)$", re.I)
LETS = re.compile(
    r"^(?:(?:okay|ok|so|then|great|good|alright|yes|yeah|sure),?\s+)*let['’]s\s+(?P<rest>(?P<verb>[a-z]+).*)$", re.I
)
_ACCEPT = re.compile(
    r"^(?:yes|yeah|yep|yup|sure|absolutely|of course|definitely|will do|can do|on it|happy to|no problem|"
    r"okay|ok|got it|done|consider it done|noted|sounds good|perfect|great)\b",
    re.IGNORECASE,
)
_MARKER = re.compile(
    r"^(?:action(?:\s+item)?|ai|todo|to-do|next step|follow[- ]up|owner)s?\s*[:\-–—]\s*(?P<rest>.+)$", re.I
)
_ACTION_SECTION = re.compile(r"action|next step|to-?do|follow[- ]?up|owner|task", re.I)
_TRAILING_OWNER = re.compile(
    r"\s*(?:\((?:owner:\s*)?(?P<a>[A-Z][\w .'\-]+)\)|[—–-]\s*(?P<b>[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+)?))\s*\.?$"
)
_LEADING_OWNER = re.compile(r"^(?P<name>[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+)?)\s*[:\-–—]\s+(?P<rest>.+)$")
_NOT_NAMES = frozenset(
    """i it this that these those there they we you he she who what which when where why how everyone everybody
    someone somebody anyone nobody nothing everything something each both all one our your their his her its
    my yes no okay ok so and but or if then also just well now today tomorrow next last let here the a an
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
    september october november december team""".split()
)
_CLAUSE_BREAK = re.compile(
    r",\s+so\b|,?\s+(?:and then|and we|and you|but|so that we|then we|and after that|, and I)\b|[;—–]|\s-\s|"
    r",\s+(?:and\s+)?then\b"
)
_TRAILING_FILLER = re.compile(
    r"(?:,?\s+(?:yes|yeah|okay|ok|right|then|as well|too|for you|for everyone|at the latest|latest))+\s*[.!]?$", re.I
)
_DUE_PREP = re.compile(
    r"\s*(?:,\s*)?(?:\b(?:by|before|on|until|till|no later than|for|in|within|ahead of|at the latest|first thing|"
    r"starting|from|during)\s+(?:the\s+)?(?:(?:week|end|beginning|start|middle) of\s+)?(?:the\s+)?)?$",
    re.I,
)
_DUE_TAIL = re.compile(
    r"^\s*(?:morning|afternoon|evening|night|end of day|eod|at the latest|latest|at \d{1,2}(?::\d{2})?\s*(?:am|pm)?)\b",
    re.I,
)
MAX_TASK_WORDS = 22


@dataclass
class FoundAction:
    """An action item with its evidence line; `owner` is None when nobody took it."""

    owner: str | None
    task: str
    due: dt.date | None
    due_phrase: str | None
    line: Line


def extract_actions(meeting: Meeting) -> list[FoundAction]:
    """Every commitment in the meeting, de-duplicated, in the order they were made."""
    lines = meeting.lines
    found: list[FoundAction] = []
    for position, line in enumerate(lines):
        if _ACTION_SECTION.search(line.section):
            found.extend(_from_action_bullet(line, meeting))
            continue
        own = commitments(line, meeting)
        if own:
            found.extend(own)
            continue
        found.extend(_accepted_request(position, lines, meeting))
    return _dedupe(_merge_vague([_resolve_vague(action, meeting) for action in found]))


def commitments(line: Line, meeting: Meeting) -> list[FoundAction]:
    text = line.text.strip()
    marker = _MARKER.match(text)
    if marker:
        return _from_marker(marker.group("rest"), line, meeting)
    if text.endswith("?"):
        return []
    found = []
    for match in _FIRST_PERSON.finditer(text):
        if _inside_clause(text, match.start()):
            continue
        owner = line.speaker or None
        if match.group("who").lower() == "we" or match.group("modal").strip() == "can":
            if not _is_strict_action(match.group("rest"), meeting.date):
                continue
        elif not _is_action(match.group("rest"), meeting.date):
            continue
        found.append(_action(owner, match.group("rest"), line, meeting))
    for match in _NAMED.finditer(text):
        name = _strip_leading_words(match.group("name"))
        at_start = text.startswith(name)
        if _inside_clause(text, match.start("name")):
            continue
        if not _is_person(name, meeting.people, at_start) or not _is_action(match.group("rest"), meeting.date):
            continue
        if match.group("to") and (not at_start or (line.speaker and not line.section)):
            continue  # "Priya to send X" is notes shorthand; in speech "asked Priya to" is not her commitment
        found.append(_action(_owners(name, meeting.people), match.group("rest"), line, meeting))
    deliverable = _DELIVERABLE.match(text)
    if deliverable and not found and line.speaker and resolve_due(text, meeting.date) is not None:
        thing = deliverable.group("thing")
        found.append(_action(line.speaker, f"deliver {thing} {deliverable.group('rest')}", line, meeting))
    let_me = _LET_ME.search(text)
    if let_me and not found and _is_strict_action(let_me.group("rest"), meeting.date):
        found.append(_action(line.speaker or None, let_me.group("rest"), line, meeting))
    return found


def _is_vague(task: str) -> bool:
    """'Send it', 'Get it to you', 'Have a draft': a task that only points at something said before."""
    words = task.lower().split()
    if not 1 < len(words) <= 4:
        return False
    return words[1] in _PRONOUN_OBJECTS or (words[0] in ("have", "get") and words[1] in ("a", "the", "it", "that"))


def _resolve_vague(action: FoundAction, meeting: Meeting) -> FoundAction:
    """'I'll send it by Friday' after 'can you send the agreement?': the task takes the request's words."""
    if not _is_vague(action.task):
        return action
    verb = action.task.lower().split()[0]
    earlier = meeting.lines[max(0, action.line.index - 6) : action.line.index]
    vague = rf"(?:{'|'.join(_PRONOUN_OBJECTS)})\s*(?:[.,!?]|$)"
    for line in reversed(earlier):
        match = re.search(rf"\b{re.escape(verb)}\s+(?!{vague})(.+)", line.text, re.IGNORECASE)
        if match and verb not in ("have", "get"):
            return _retask(action, f"{verb} {match.group(1)}", meeting)
        request = _REQUEST.match(line.text.strip()) or LETS.match(line.text.strip())
        if (request and line.speaker != action.line.speaker) or (request and LETS.match(line.text.strip())):
            return _retask(action, request.group("rest"), meeting)
    return action


def _retask(action: FoundAction, text: str, meeting: Meeting) -> FoundAction:
    clause = _first_clause(text)
    due = resolve_due(clause, meeting.date)
    task = clean_task(clause, due)
    if action.due is None and due is not None:
        return FoundAction(action.owner, task, due.date, due.text, action.line)
    return FoundAction(action.owner, task, action.due, action.due_phrase, action.line)


def _merge_vague(found: list[FoundAction]) -> list[FoundAction]:
    """A still-vague follow-up ('I'll get it to you by the 22nd') dates the owner's previous action instead."""
    kept: list[FoundAction] = []
    for action in found:
        previous = next((k for k in reversed(kept) if k.owner == action.owner), None)
        close = previous is not None and action.line.index - previous.line.index <= 8
        if _is_vague(action.task) and close and previous is not None:
            if action.due is not None:
                previous.due, previous.due_phrase = action.due, action.due_phrase
            continue
        kept.append(action)
    return kept


_PRONOUN_OBJECTS = ("it", "them", "that", "this", "those", "these")


def _inside_clause(text: str, start: int) -> bool:
    """'something I can tell my CEO', 'what Brian will ask': a relative clause, not a commitment."""
    before = re.findall(r"[a-z']+", text[:start].lower())
    return bool(before) and before[-1] in _CLAUSE_OPENERS


_CLAUSE_OPENERS = frozenset("what which something anything everything whatever how where why if whether unless".split())


def _accepted_request(position: int, lines: list[Line], meeting: Meeting) -> list[FoundAction]:
    """A request, offer or instruction that the next speaker accepts becomes that speaker's action."""
    line = lines[position]
    reply = reply_to(position, lines)
    if reply is None or not _ACCEPT.match(reply.text):
        return []
    if any(commitments(ln, meeting) for ln in lines[reply.index : reply.index + 4] if ln.turn == reply.turn):
        return []  # the reply makes its own, more specific commitment
    text = line.text.strip()
    request = _REQUEST.match(text)
    if request and _is_action(request.group("rest"), meeting.date):
        return [_action(reply.speaker or None, request.group("rest"), line, meeting)]
    offer = _OFFER.match(text)
    if offer and _is_action(offer.group("rest"), meeting.date):
        return [_action(line.speaker or None, offer.group("rest"), line, meeting)]
    imperative = _IMPERATIVE.match(text)
    after = [ln for ln in lines[position + 1 : position + 3] if ln.turn == line.turn]
    last_of_turn = len(after) <= 1 and not any(ln.text.endswith("?") for ln in after)
    if (
        imperative
        and last_of_turn
        and not text.endswith("?")
        and len(text.split()) >= 3
        and imperative.group("verb").lower() in ACTION_VERBS
    ):
        return [_action(reply.speaker or None, imperative.group("rest"), line, meeting)]
    return []


def reply_to(position: int, lines: list[Line]) -> Line | None:
    """The first line of the next turn, when another speaker says it."""
    line = lines[position]
    for following in lines[position + 1 :]:
        if following.turn != line.turn:
            return following if following.speaker and following.speaker != line.speaker else None
    return None


def _from_action_bullet(line: Line, meeting: Meeting) -> list[FoundAction]:
    own = commitments(line, meeting)
    if own:
        return own
    return _from_marker(line.text, line, meeting)


def _from_marker(rest: str, line: Line, meeting: Meeting) -> list[FoundAction]:
    """'Action: Priya — send the deck by Friday', 'Send the deck (Priya)': owner from the label, if any."""
    owner = None
    trailing = _TRAILING_OWNER.search(rest)
    leading = _LEADING_OWNER.match(rest)
    if trailing and _is_person(trailing.group("a") or trailing.group("b"), meeting.people, False):
        owner, rest = trailing.group("a") or trailing.group("b"), rest[: trailing.start()]
    elif leading and _is_person(leading.group("name"), meeting.people, True):
        owner, rest = leading.group("name"), leading.group("rest")
    else:
        named = _NAMED.match(rest)
        if named and _is_person(named.group("name"), meeting.people, True):
            owner, rest = named.group("name"), named.group("rest")
    if len(tokens(rest)) < 2:
        return []
    return [_action(_owners(owner, meeting.people) if owner else None, rest, line, meeting)]


def _action(owner: str | None, rest: str, line: Line, meeting: Meeting) -> FoundAction:
    clause = _first_clause(rest)
    due = resolve_due(clause, meeting.date)
    if due is None:  # "If the review isn't started by the 10th, I'll escalate it": the sentence's deadline
        sentence_due = resolve_due(line.text, meeting.date)
        due = sentence_due if sentence_due is not None and sentence_due.deadline else None
    return FoundAction(owner, clean_task(clause, due), due.date if due else None, due.text if due else None, line)


def _first_clause(rest: str) -> str:
    """Up to the next commitment in the same sentence ('..., and I'll ...') or a clause break."""
    rest = re.split(r",?\s+and\s+(?:I|we)(?:['’]ll|\s+will)\s", rest)[0]
    words = rest.split()
    if len(words) > 12:
        head, tail = " ".join(words[:4]), " ".join(words[4:])
        rest = head + " " + _CLAUSE_BREAK.split(tail)[0]
    return rest.strip()


def clean_task(clause: str, due: DateMention | None) -> str:
    """The task without its due phrase and spoken filler, starting with a capital letter."""
    task = clause
    if due is not None and due.text in task:
        start = task.index(due.text)
        before = _DUE_PREP.sub("", task[:start])
        after = _DUE_TAIL.sub("", task[start + len(due.text) :])
        task = f"{before} {after}".strip()
    task = _TRAILING_FILLER.sub("", task.strip().rstrip(".!?,;: ")).strip().rstrip(",;:?")
    task = re.sub(r"\s+([,.:;])", r"\1", re.sub(r"\s{2,}", " ", task))
    words = task.split()
    if len(words) > MAX_TASK_WORDS:
        task = " ".join(words[:MAX_TASK_WORDS]).rstrip(",;:") + "…"
    return task[:1].upper() + task[1:]


def _verb(rest: str) -> str:
    match = re.match(r"[a-z]+", rest.lower())
    return match.group(0) if match else ""


def _is_action(rest: str, meeting_date: dt.date | None) -> bool:
    verb = _verb(rest)
    if not verb or verb in NON_ACTION_VERBS or len(tokens(rest)) < 2:
        return False
    if verb in IN_MEETING_VERBS or verb == "have" or _IN_MEETING_PHRASE.match(rest):
        return resolve_due(rest, meeting_date) is not None
    if len(tokens(rest.split(",")[0])) < 2:  # "My VP will ask, and…": no object, no task
        return False
    return not re.match(
        r"(?:tell you (?:what|something|this)|take (?:that|it) as|join (?:when|if)|ask (?:me|you|us)\b)",
        rest.lower(),
    )


def _is_strict_action(rest: str, meeting_date: dt.date | None) -> bool:
    """For 'we'll', 'I can' and 'let me': a deliverable verb and a concrete object, not 'that'."""
    verb = _verb(rest)
    if (verb not in ACTION_VERBS and verb != "have") or not _is_action(rest, meeting_date):
        return False
    if verb == "talk" and not re.match(r"talk (?:to|with)\b", rest.lower()):
        return False
    concrete = [t for t in tokens(rest) if t not in ("that", "it", "this", "thing")]
    return len(concrete) >= 2


def _strip_leading_words(name: str) -> str:
    """'So Ben' → 'Ben': a leading ordinary word is not part of a name."""
    words = name.split()
    while len(words) > 1 and words[0].lower() in _NOT_NAMES:
        words.pop(0)
    return " ".join(words)


def _is_person(name: str | None, people: People, sentence_start: bool) -> bool:
    if not name:
        return False
    words = name.replace(".", "").split()
    if any(w.lower() in _NOT_NAMES for w in words if w.lower() != "and"):
        return False
    if people.known(name.split(" and ")[0]):
        return True
    # Unknown capitalised words mid-sentence are names or teams ("Legal will review"); at the start of a
    # sentence they are usually ordinary words, so they need to be known participants.
    return not sentence_start or not people.names or words[0] in TEAM_NAMES


TEAM_NAMES = frozenset("Legal Finance Procurement Support Product Engineering Security IT Marketing Sales Ops".split())


def _owners(name: str, people: People) -> str:
    return " and ".join(people.canonical(part) for part in name.split(" and "))


def _dedupe(found: list[FoundAction]) -> list[FoundAction]:
    kept: list[FoundAction] = []
    for action in found:
        twin = next((k for k in kept if k.owner == action.owner and similar(k.task, action.task)), None)
        if twin is None:
            kept.append(action)
        elif twin.due is None and action.due is not None:
            twin.due, twin.due_phrase = action.due, action.due_phrase
    return kept


def similar(a: str, b: str) -> bool:
    ta, tb = set(tokens(a)), set(tokens(b))
    if not ta or not tb:
        return False
    return len(ta & tb) / min(len(ta), len(tb)) >= 0.8
