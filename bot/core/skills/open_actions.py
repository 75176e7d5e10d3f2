"""Commitments that are still open, for a success plan and a QBR brief.

Action items come from the notes and calls (actions.py). Open means: made by a person we know, not past its
due date, not reported done in a later note, and, when it has no date, made in the latest round of meetings
(an undated promise from months ago has been done, dropped or overtaken). A task that only points at what
was said before ("build it as a journey entry rule") is replaced by the same owner's specific task, or given
its referent."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from bot.core.knowledge.accounts import Account
from bot.core.knowledge.documents import Chunk
from bot.core.skills.action_merge import PRONOUN_OBJECT, drop_pointing_twins
from bot.core.skills.actions import TEAM_NAMES, FoundAction, extract_actions, similar
from bot.core.skills.common import Citation
from bot.core.skills.meeting import Meeting, People, meetings_from_chunks
from bot.core.skills.pronouns import mentioned, resolve_people
from bot.core.text import tokens, truncate

WINDOW_DAYS = 180  # commitments older than this are history
UNDATED_DAYS = 30  # an undated commitment counts when made this close to the latest meeting
_ATTENDEES = re.compile(r"^Attendees:\s*(.+?)\.?$", re.M)
_SPEAKER = re.compile(r"^([A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){0,3}):\s", re.M)
_POINTING = frozenset({"it", "them", "this", "that", "me", "us", "you", "him", "her"})
_REFERENT = re.compile(
    r"^(?:the|this|that|our|your)\s+(?P<thing>(?:[\w\-]+\s+){0,3}[\w\-]+)\s+(?:is|are|was|will|would|should|needs?)\b",
    re.I,
)
_IRREGULAR_PAST = {"send": "sent", "write": "wrote|written", "build": "built", "hold": "held", "make": "made",
                   "get": "got|gotten", "give": "gave|given", "bring": "brought", "run": "ran", "meet": "met",
                   "lead": "led", "find": "found", "take": "took|taken", "choose": "chose|chosen", "set": "set",
                   "put": "put", "do": "did|done", "pay": "paid", "buy": "bought", "teach": "taught",
                   "speak": "spoke|spoken", "tell": "told", "sell": "sold", "begin": "began|begun"}  # fmt: skip
_DONE = r"done|completed?|finished|delivered|in place|went live|live|arrived|sent|shipped|held"


@dataclass
class OpenItem:
    """One open commitment: who owns it (full names), on which side, the task, its due date and source."""

    owner: str
    side: Literal["us", "customer"]
    task: str
    due: dt.date | None
    citation: Citation
    context: str  # the meeting it was made in: "2026-11-06 Lumen Black Friday readiness …"


def our_people(account: Account, all_chunks: list[Chunk], csms: list[str]) -> set[str]:
    """People on our side: the CSMs, attendees of the account's internal notes (no customer stakeholder
    attended), and anyone who meets more than one account (customers do not meet each other's vendors' staff)."""
    customers = People(stakeholders(account))  # 'Maya' is Maya Castellanos; 'Dr. Greene' is Dr. Marcus Greene
    ours = {c for c in csms if c}
    by_account: dict[str, set[str]] = {}
    for chunk in all_chunks:
        people = _people_in(chunk)
        if chunk.account and people:
            by_account.setdefault(chunk.account, set()).update(people)
        if chunk.account == account.slug and chunk.kind == "note" and people and not any(map(customers.known, people)):
            ours |= people
    counts: dict[str, int] = {}
    for people in by_account.values():
        for person in people:
            counts[person] = counts.get(person, 0) + 1
    ours |= {p for p, n in counts.items() if n > 1 and not customers.known(p)}
    return ours


def open_items(account: Account, chunks: list[Chunk], as_of: dt.date, ours: set[str]) -> list[OpenItem]:
    """The account's open commitments as of `as_of`, newest meeting first."""
    start = (as_of - dt.timedelta(days=WINDOW_DAYS)).isoformat()
    dated = [c for c in chunks if c.date and start <= c.date <= as_of.isoformat()]
    meetings = list(meetings_from_chunks(dated))
    if not meetings:
        return []
    newest = max(m.date for _, m in meetings if m.date) if any(m.date for _, m in meetings) else None
    customer_names = stakeholders(account)
    known = People()
    for name in [*customer_names, *ours, *(p for c in dated for p in _people_in(c))]:
        known.add(name)
    our_side, customers = People(list(ours)), People(customer_names)
    items: list[OpenItem] = []
    for first, meeting in meetings:
        named: People | None = None  # the meeting's mentioned people, once a task needs them
        for found in _specific(extract_actions(meeting, resolve_pronouns=False)):
            owner = _owner(found.owner, known)
            if owner is None or not _still_open(found, meeting, newest, as_of, dated):
                continue
            side = "us" if all(our_side.known(part) for part in owner.split(" and ")) else "customer"
            if any(customers.known(part) for part in owner.split(" and ")):
                side = "customer"
            if named is None:
                named = mentioned(meeting.lines, known)
            items.append(OpenItem(owner=owner, side=side, task=_resolve(found, meeting, known, named), due=found.due,
                                  citation=Citation(source=first.source, quote=truncate(found.line.quote, 300),
                                                    date=first.date),
                                  context=_context(first, meeting)))  # fmt: skip
    return _unique(items)


def _unique(items: list[OpenItem]) -> list[OpenItem]:
    """One item per commitment: the same owner, verb and due date (or much the same words) is the same task
    written down twice (in the discussion and again under "Action items")."""
    kept: list[OpenItem] = []
    for item in items:
        verb = item.task.split()[0].lower()
        if not any(
            k.owner == item.owner
            and ((k.due == item.due and k.due and k.task.split()[0].lower() == verb) or similar(k.task, item.task))
            for k in kept
        ):
            kept.append(item)
    return kept


def stakeholders(account: Account) -> list[str]:
    """The names of the account's stakeholders, from its profile."""
    return [str(p["name"]) for p in account.profile.get("stakeholders") or [] if isinstance(p, dict) and p.get("name")]


def _people_in(chunk: Chunk) -> set[str]:
    """Attendees of a note (its 'Attendees:' line) or the speakers of a transcript chunk."""
    if chunk.kind == "note":
        match = _ATTENDEES.search(chunk.text)
        return {p.strip() for p in match.group(1).split(",") if p.strip()} if match else set()
    if chunk.kind == "transcript":
        return set(_SPEAKER.findall(chunk.text))
    return set()


def _owner(owner: str | None, known: People) -> str | None:
    """The owner's full names, or None when a part of it is not a person we know ('Call to review…')."""
    if not owner:
        return None
    parts = []
    for part in owner.split(" and "):
        if part.strip() in TEAM_NAMES:
            parts.append(part.strip())
        elif known.known(part):
            parts.append(known.canonical(part))
        else:
            return None
    return " and ".join(parts)


def _specific(found: list[FoundAction]) -> list[FoundAction]:
    """Drops a task that only points back when its owner made a specific one (actions.py does that already),
    a task too bare to act on, and a check made on the spot."""
    return [a for a in drop_pointing_twins(found) if not _bare(a.task) and not _in_meeting(a)]


def _bare(task: str) -> bool:
    """'Put me down', 'Check with her anyway': too short to act on once the conversation is over."""
    words = task.lower().split()
    return len(words) <= 4 and bool(set(words[1:]) & _POINTING)


def _in_meeting(action: FoundAction) -> bool:
    """'Let me check on the third question. What would…?' is done on the spot, not a follow-up."""
    return action.due is None and action.line.text.lower().startswith("let me ") and not action.line.section


def _still_open(found: FoundAction, meeting: Meeting, newest: dt.date | None, as_of: dt.date, chunks) -> bool:
    if found.due is not None and found.due < as_of:
        return False
    if found.due is None and newest and meeting.date and (newest - meeting.date).days > UNDATED_DAYS:
        return False
    return not (meeting.date and _reported_done(found.task, meeting.date, chunks))


def _reported_done(task: str, since: dt.date, chunks: list[Chunk]) -> bool:
    """A later note says it happened: the task's verb in the past tense with most of its words."""
    words = task.split()
    if not words:
        return False
    verb = words[0].lower()
    past = _IRREGULAR_PAST.get(verb, rf"{verb}e?d|{verb[:-1]}ied" if verb.endswith("y") else rf"{verb}e?d")
    past_rx = re.compile(rf"\b(?:{past}|{_DONE})\b", re.I)
    wanted = {t for t in tokens(" ".join(words[1:])) if not t.isdigit()}
    if len(wanted) < 2:
        return False
    for chunk in chunks:
        if not chunk.date or chunk.date <= since.isoformat():
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", chunk.text):
            shared = wanted & set(tokens(sentence))
            if len(shared) >= max(2, (len(wanted) + 1) // 2) and past_rx.search(sentence):
                return True
    return False


def _resolve(found: FoundAction, meeting: Meeting, known: People, named: People) -> str:
    """'Ask his assistant for a slot' → 'Ask Victor Huang's assistant for a slot' when one person other than
    the speaker was named just before (pronouns.py); 'Build it as a rule' → 'Build the six-hour suppression as
    a rule' when the sentence before names the thing; `named` is `mentioned(meeting.lines, known)`."""
    task = resolve_people(found.task, found.line, meeting.lines, known, found.owner, named)
    earlier = [ln for ln in meeting.lines[max(0, found.line.index - 6) : found.line.index]]
    pointing = PRONOUN_OBJECT.match(task)
    if pointing and earlier and earlier[-1].turn == found.line.turn:
        referent = _REFERENT.match(earlier[-1].text)
        if referent:
            task = f"{pointing.group(1)} the {referent.group('thing')}{task[pointing.end() :]}"
    return task


def _context(first: Chunk, meeting: Meeting) -> str:
    """'2026-11-06 Lumen Black Friday readiness and segment builder review': the file's own title."""
    title = re.sub(r"^\s*\d{4}-\d{2}-\d{2}\s*", "", first.title or meeting.title or "").strip()
    return " ".join(p for p in (first.date or "", title) if p)
