"""One item per commitment, with the date it was given: a commitment is often made once and dated, restated
or pointed at later ("I'll build a baseline." … "Then I'll send the baseline report in two weeks."; "I'll
test the import file. I can do that by the twentieth."; "Quick recap: Ben sends the card by Friday").
"""

from __future__ import annotations

import datetime as dt
import re

from bot.core.skills.action_objects import resolve_things
from bot.core.skills.action_parts import (
    LETS,
    PRONOUN_OBJECTS,
    REQUEST,
    FoundAction,
    clean_task,
    first_clause,
    is_vague,
    set_due,
    similar,
)
from bot.core.skills.dates import relative_day, resolve_due
from bot.core.skills.meeting import Line, Meeting, name_words
from bot.core.skills.pronouns import mentioned, resolve_people
from bot.core.text import tokens

REPLY_LINES = 4  # how far after a commitment a date said for it may come
RESTATE_LINES = 6  # how close a restatement of the same commitment is
EVENT_LINES = 15  # how far back 'the day after they arrive' may look for the arrival's date
_ACCEPT = re.compile(r"^(?:yes|yeah|yep|sure|of course|absolutely|that works|works|fine|okay|ok|great|perfect)\b", re.I)
_ASKS_WHEN = re.compile(r"\b(?:when|what date|which day|how soon|how long|timeline|eta)\b", re.I)
_POINTS_BACK = re.compile(r"\b(?:that|it|this|them|those)\b", re.I)
_POINTING = re.compile(r"\b(?:it|them|that|this|those|these|him|her)\b(?!\s+(?:is|was|the|a)\b)", re.I)
PRONOUN_OBJECT = re.compile(r"^(\w+)\s+(it|them|this|that)\b", re.I)  # "build it as a rule": a task that points
# "…and get you an ETA Monday": reporting back on the task just promised, not a task of its own.
_REPORT_BACK = re.compile(
    r"^(?:(?:get|give|send)(?: you| them| us| me)? (?:an? |the )?(?:eta|update|answer|status|date)\b|"
    r"(?:come|get|report) back\b|let (?:you|them|us) know\b)",
    re.I,
)
_DRAFTS = frozenset(tokens("draft first version cut copy update one something"))  # "share a draft"
# Things a reply promises without saying what they are: "have a fix in test", "get you an answer".
_PLACEHOLDERS = frozenset(tokens("fix answer something one first cut test proposal estimate quote look response "
                                 "solution have get"))  # fmt: skip
_FILLER = frozenset(tokens("anyway again two both first later soon directly"))
_DELIVERY_VERBS = frozenset("send share deliver circulate forward get have email post publish".split())
# Words for the thing delivered, which name no subject of their own ("the baseline report").
_GENERIC = frozenset(tokens("report reports doc document file files summary results deck draft write-up numbers "
                            "analysis update copy version details data"))  # fmt: skip


def tidy(found: list[FoundAction], meeting: Meeting, resolve: bool = True) -> list[FoundAction]:
    """Merges restatements into the first statement of each commitment, dates it from what was said after it,
    and (with `resolve`) replaces 'his'/'her'/'him' by whom they point at."""
    found = _merge_into_turn(found)
    found = _merge_vague([resolve_vague(action, meeting) for action in found])
    taken = {a.line.index for a in found}  # the lines a commitment was made on
    for action in found:
        if action.due is None or action.soft_due:
            if not _date_relative_day(action, meeting):
                _date_from_replies(action, taken, meeting)
        else:
            _redated_by_owner(action, taken, meeting)
    for action in found:  # "Yep, same time as the overtime numbers": that item's date, as it stands now
        if action.same_due_as is not None and action.same_due_as.due is not None:
            action.due, action.due_phrase = action.same_due_as.due, action.same_due_as.due_phrase
    found = _dedupe(drop_pointing_twins(_merge_restated(found)))
    for action in found:
        action.task = resolve_things(action.task, action.line, meeting.lines)
    if resolve and found:
        named = mentioned(meeting.lines, meeting.people)
        for action in found:
            action.task = resolve_people(action.task, action.line, meeting.lines, meeting.people, action.owner, named)
    return found


def _merge_into_turn(found: list[FoundAction]) -> list[FoundAction]:
    """'I can pull the list for Eastside. I'll get it to you by next Tuesday.': in the same turn, a vague
    follow-up dates the commitment just before it."""
    kept: list[FoundAction] = []
    for action in found:
        previous = kept[-1] if kept else None
        same_turn = previous is not None and previous.line.turn == action.line.turn and previous.owner == action.owner
        if same_turn and is_vague(action.task) and not action.recap and action.line.index - previous.line.index <= 2:
            if previous.due is None and action.due is not None:
                previous.due, previous.due_phrase = action.due, action.due_phrase
            continue
        kept.append(action)
    return kept


def resolve_vague(action: FoundAction, meeting: Meeting) -> FoundAction:
    """'I'll send it by Friday' after 'can you send the agreement?', 'I'll have a fix in test by July first'
    after 'can you look at adding closed accounts to the export?': the task takes the request's words."""
    if action.recap:
        return action
    if not is_vague(action.task):
        return _answer_to_request(action, meeting) or action
    verb = action.task.lower().split()[0]
    earlier = meeting.lines[max(0, action.line.index - 6) : action.line.index]
    vague = rf"(?:{'|'.join(PRONOUN_OBJECTS)})\s*(?:[.,!?]|$)"
    for line in reversed(earlier):
        match = re.search(rf"\b{re.escape(verb)}\s+(?!{vague})(.+)", line.text, re.IGNORECASE)
        if match and verb not in ("have", "get"):
            return _retask(action, f"{verb} {match.group(1)}", meeting)
        request = REQUEST.match(line.text.strip()) or LETS.match(line.text.strip())
        if (request and line.speaker != action.line.speaker and _asked_of(line, action, meeting)) or (
            request and LETS.match(line.text.strip())
        ):
            return _retask(action, request.group("rest"), meeting)
    return action


def _asked_of(line: Line, action: FoundAction, meeting: Meeting) -> bool:
    """Whether the request on `line` was answered by the action's owner (the next turn is theirs)."""
    after = next((ln for ln in meeting.lines[line.index + 1 :] if ln.turn != line.turn), None)
    return after is not None and _said_by(action.owner, after.speaker)


def _answer_to_request(action: FoundAction, meeting: Meeting) -> FoundAction | None:
    """A commitment that names only a generic thing ('have a fix in test') in answer to a request just made of
    its owner: the request says what the thing is."""
    if set(tokens(action.task)) - _GENERIC - _PLACEHOLDERS or len(action.task.split()) > 6:
        return None
    before = meeting.lines[max(0, action.line.index - 2) : action.line.index]
    earlier = [ln for ln in before if ln.turn != action.line.turn]
    request = REQUEST.match(earlier[-1].text.strip()) if earlier else None
    if request is None or earlier[-1].speaker == action.line.speaker:
        return None
    return _retask(action, request.group("rest"), meeting)


def _retask(action: FoundAction, text: str, meeting: Meeting) -> FoundAction:
    clause = first_clause(text)
    due = resolve_due(clause, meeting.date)
    task = clean_task(clause, due)
    if action.due is None and due is not None:
        return FoundAction(action.owner, task, due.date, due.text, action.line)
    return FoundAction(action.owner, task, action.due, action.due_phrase, action.line)


def _merge_vague(found: list[FoundAction]) -> list[FoundAction]:
    """A still-vague follow-up ('I'll get it to you by the 22nd', 'could you share a draft by the 9th?', '…and
    get you an ETA Monday') dates the owner's previous action instead of standing as an item."""
    kept: list[FoundAction] = []
    for action in found:
        previous = next((k for k in reversed(kept) if k.owner == action.owner), None)
        close = previous is not None and action.line.index - previous.line.index <= 8
        asked = action.line.speaker != action.owner and _draft_of_it(action.task)  # "Could you share a draft by…?"
        same_turn = previous is not None and previous.line.turn == action.line.turn
        reports = same_turn and bool(_REPORT_BACK.match(action.task))  # "…and get you an ETA Monday"
        if action.dates_earlier:
            if close and previous is not None and previous.due is None:
                previous.due, previous.due_phrase = action.due, action.due_phrase
            continue
        if (is_vague(action.task) or asked or reports) and close and previous is not None:
            if action.due is not None:
                previous.due, previous.due_phrase = action.due, action.due_phrase
            continue
        kept.append(action)
    return kept


def _draft_of_it(task: str) -> bool:
    """'Share a draft', 'Send a first version': asked for what its owner just promised, named no further."""
    named = set(tokens(" ".join(task.split()[1:])))
    return bool(named) and named <= _DRAFTS


def _date_relative_day(action: FoundAction, meeting: Meeting) -> bool:
    """'The first drill is on the twentieth. I'll share the report the day after.': the day after that date;
    'the day after they arrive' counts from the date said for the arrival."""
    found = relative_day(action.task)
    if found is None or meeting.date is None or action.line.text.lower().startswith(("if ", "when ")):
        return False
    anchor = _event_date(found.event, action, meeting) if found.event else _date_before(found.phrase, action, meeting)
    if anchor is None:
        return False
    action.due, action.due_phrase, action.soft_due = anchor + dt.timedelta(days=found.offset), found.phrase, False
    action.task = clean_task(re.sub(rf",?\s*{re.escape(found.phrase)}", "", action.task, count=1), None)
    return True


def _date_before(phrase: str, action: FoundAction, meeting: Meeting) -> dt.date | None:
    """The date said earlier in the same clause, else in the sentence before."""
    text = action.line.text
    before = re.split(r"[,;]", text[: text.find(phrase)])[-1] if phrase in text else ""
    previous = meeting.lines[action.line.index - 1].text if action.line.index > 0 else ""
    mention = resolve_due(before, meeting.date) or resolve_due(previous, meeting.date)
    return mention.date if mention else None


def _event_date(event: str, action: FoundAction, meeting: Meeting) -> dt.date | None:
    """The date of the nearest earlier sentence that names the event ('The last twenty arrive on the 24th')."""
    stem = tokens(event)
    for line in reversed(meeting.lines[max(0, action.line.index - EVENT_LINES) : action.line.index + 1]):
        if stem and stem[0] in tokens(line.text) and relative_day(line.text) is None:
            mention = resolve_due(line.text, meeting.date)
            if mention is not None:
                return mention.date
    return None


def _date_from_replies(action: FoundAction, taken: set[int], meeting: Meeting) -> bool:
    """A date given for a commitment just after it: by its owner ('I can do that by the twentieth.', 'How does
    next Thursday look?'), or asked for by someone else and accepted ('Could you share a draft by October
    ninth?' / 'October ninth works.'). Another commitment (a line in `taken`; only lines after the action's
    own are read), or someone moving on to another subject, ends it."""
    lines = meeting.lines
    for line in lines[action.line.index + 1 : action.line.index + 1 + REPLY_LINES]:
        if line.index in taken or line.text.lower().startswith("if "):
            return False
        by_owner = _said_by(action.owner, line.speaker)
        due = resolve_due(line.text, meeting.date)
        if due is None:
            follows_up = _POINTS_BACK.search(line.text) and not line.text.endswith("?")  # "Please send it to Anke."
            if not by_owner and not _ASKS_WHEN.search(line.text) and not _ACCEPT.match(line.text) and not follows_up:
                return False
            continue
        if by_owner and (len(line.text.split()) <= 10 or _POINTS_BACK.search(line.text)):
            return set_due(action, due)
        reply = lines[line.index + 1] if line.index + 1 < len(lines) else None
        agreed = reply is not None and reply.index not in taken and _said_by(action.owner, reply.speaker)
        agreed = agreed and bool(_ACCEPT.match(reply.text) or resolve_due(reply.text, meeting.date))
        return set_due(action, due) if not by_owner and line.text.endswith("?") and agreed else False
    return False


def _redated_by_owner(action: FoundAction, taken: set[int], meeting: Meeting) -> None:
    """'I'll add it by Thursday.' / 'Sorry, Wednesday would be better.' / 'Wednesday, then.': the owner's short
    answer with another date moves the item to it; another commitment (a line in `taken`) ends the search."""
    for line in meeting.lines[action.line.index + 1 : action.line.index + 1 + REPLY_LINES]:
        if line.index in taken:
            return
        if not _said_by(action.owner, line.speaker):
            continue
        words = _ACCEPT.sub("", line.text).strip(" ,.!")
        due = resolve_due(words, meeting.date)
        if due is not None and due.start <= 2 and len(words.split()) <= 4 and due.date != action.due:
            set_due(action, due)
        return


def _said_by(owner: str | None, speaker: str) -> bool:
    return bool(owner and speaker) and name_words(speaker) <= name_words(owner or "")


def _merge_restated(found: list[FoundAction]) -> list[FoundAction]:
    """A restatement of a commitment gives it a date (and, from a recap, better words for one that only
    pointed: 'Link those two' → 'Link the SMS campaigns'); it is not an item of its own."""
    kept: list[FoundAction] = []
    for action in found:
        twin = _twin(action, kept)
        if twin is None:
            kept.append(action)
            continue
        if action.recap and _points_back(twin.task) and not _points_back(action.task):
            twin.task = action.task
        for other in (k for k in kept if k.owner == action.owner and (k is twin or _same_task(k, action))):
            if (other.due is None or other.soft_due) and action.due is not None and not action.soft_due:
                other.due, other.due_phrase, other.soft_due = action.due, action.due_phrase, False
    return kept


def _same_task(one: FoundAction, other: FoundAction) -> bool:
    return similar(one.task, other.task) and len(_objects(one) & _objects(other)) >= 2


def _twin(action: FoundAction, kept: list[FoundAction]) -> FoundAction | None:
    """The earlier item `action` restates: the same owner, and the same verb or object words close by; a
    recap may restate any earlier item."""
    best, best_score = None, 0
    for earlier in kept:
        if earlier.owner != action.owner or not (
            action.recap or action.line.index - earlier.line.index <= RESTATE_LINES
        ):
            continue
        score = _restates(action, earlier)
        if score > best_score:
            best, best_score = earlier, score
    return best


def _restates(action: FoundAction, earlier: FoundAction) -> int:
    """How strongly `action` restates `earlier` (0: not at all)."""
    verb, earlier_verb = _verb(action.task), _verb(earlier.task)
    shared = _objects(action) & _objects(earlier)
    same_due = action.due is not None and action.due == earlier.due
    if similar(action.task, earlier.task):
        return 10
    if action.recap:
        if verb == earlier_verb and (shared or same_due or _points_back(earlier.task)):
            return 5 + len(shared)
        return len(shared) if shared and (same_due or action.due is None or earlier.due is None) else 0
    if len(shared) >= 2 and len(shared) >= 0.5 * min(len(_objects(action)), len(_objects(earlier))):
        return len(shared)
    if same_due and shared:
        return len(shared)
    delivered = _objects(action) - _GENERIC
    if earlier.due is None and verb in _DELIVERY_VERBS and delivered and delivered <= _objects(earlier):
        return len(delivered)  # "I'll build a baseline." … "I'll send the baseline report in two weeks."
    return 0


def _points_back(task: str) -> bool:
    """'Check with her anyway', 'Link those two': the task says what to do to something named before."""
    words = task.split()
    return bool(_POINTING.search(task)) and len(set(tokens(" ".join(words[1:]))) - _FILLER) <= 1


def _verb(task: str) -> str:
    return task.split()[0].lower() if task.split() else ""


def _objects(action: FoundAction) -> set[str]:
    """The task's content words without its verb and its owner's name."""
    words = action.task.split()
    return set(tokens(" ".join(words[1:]))) - set(tokens(action.owner or ""))


def drop_pointing_twins(found: list[FoundAction]) -> list[FoundAction]:
    """Drops a task that only points back ('build it as a journey entry rule') when its owner made a specific
    one with the same verb in the same meeting ('build the suppression rule and dry-run it')."""
    kept = []
    for action in found:
        verb = _verb(action.task)
        pointing = PRONOUN_OBJECT.match(action.task)
        twins = [
            other for other in found
            if pointing and other is not action and other.owner == action.owner
            and other.task.lower().startswith(verb + " ") and not PRONOUN_OBJECT.match(other.task)
        ]  # fmt: skip
        if not twins:
            kept.append(action)
        elif twins[0].due is None and action.due is not None:  # "Please send it to Anke." / "Will do, today."
            twins[0].due, twins[0].due_phrase = action.due, action.due_phrase
    return kept


def _dedupe(found: list[FoundAction]) -> list[FoundAction]:
    kept: list[FoundAction] = []
    for action in found:
        twin = next((k for k in kept if k.owner == action.owner and similar(k.task, action.task)), None)
        if twin is None:
            kept.append(action)
        elif twin.due is None and action.due is not None:
            twin.due, twin.due_phrase = action.due, action.due_phrase
    return kept
