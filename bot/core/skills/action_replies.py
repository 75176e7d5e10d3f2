"""Action items made in a reply: a request, offer, proposal or instruction the next speaker accepts ("Felix, can
you send Tobias ten claims? By Friday?" / "Uh, sure. Yeah, I can do that."), a follow-on request ("And the work
order export too?" / "Yep, same time as the overtime numbers."), a promise to ask ("I can't promise that, but
I'll ask."), and a task handed to someone else ("I'll set up a call with your IT — actually, Tobias, can you take
that?"). The owner's own date in the reply wins over the one asked for ("Today?" / "Tomorrow, realistically.").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.core.skills.action_parts import (
    ACTION_VERBS,
    REQUEST,
    FoundAction,
    is_action,
    is_person,
    is_strict_action,
    is_vague,
    make_action,
    owners,
    set_due,
)
from bot.core.skills.dates import resolve_due
from bot.core.skills.meeting import Line, Meeting
from bot.core.text import tokens

Commitments = Callable[[Line, Meeting], list[FoundAction]]

_OFFER = re.compile(
    r"^(?:(?:so|and|okay),?\s+)?(?:do you want me to|want me to|shall I|should I)\s+(?P<rest>.+?)\?$", re.I
)
# "Ben can record a short video of the huddle." / "Do that.": a proposal for a named person, accepted.
_PROPOSED = re.compile(r"^(?:(?:so|and|maybe|then),?\s+)?(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+can\s+"
                       r"(?P<rest>[a-z].*)$")  # fmt: skip
_IMPERATIVE = re.compile(r"^(?:(?:but|and|so|also|then|just|please|oh),?\s+)*(?P<rest>(?P<verb>[a-z]+)\b.*)$", re.I)
ACCEPT = re.compile(
    r"^(?:yes|yeah|yep|yup|sure|absolutely|of course|definitely|will do|can do|on it|happy to|no problem|"
    r"okay|ok|got it|done|consider it done|noted|sounds good|perfect|great|do that|do it|please do|"
    r"i can do (?:that|it)|i['’]ll do (?:that|it)|that['’]s fine|fine|that works|works for me|i think so)\b",
    re.IGNORECASE,
)
# Spoken openers before the answer itself: "Uh, sure.", "Um, yeah, I can do that."
_FILLER = re.compile(r"^(?:(?:uh+|um+|erm|uhm|hmm+|mm+|oh|ah|well|so|right),?\s+)+", re.IGNORECASE)
# "Please include the deliverability person." / "I'll include them.": the same verb, pointing back.
_SAME_VERB = re.compile(
    r"^(?:I['’]ll|I will|we['’]ll|we will)\s+(?P<verb>[a-z]+)\s+(?:it|them|that|this|those)\b", re.I
)
# "I can't promise that, but I'll ask.", "Let me check.": a promise to find out, with no object of its own.
_WILL_ASK = re.compile(
    r"(?:^|[,;]\s*(?:but\s+)?|\bbut\s+)(?:I['’]ll|I will|let me|I can)\s+(?P<verb>ask|check|find out|look into it|"
    r"see what I can do)(?:\s+(?:around|internally|the team|for you))?\s*[.!]?$",
    re.I,
)
# "And the work order export too?": the same request again, for another thing.
_FOLLOW_ON = re.compile(
    r"^(?:(?:and|also|plus|oh|what about|how about),?\s+)+(?:what about\s+)?(?P<thing>(?:the|a|an|your|our|their|"
    r"those|that|this)\s+[^?]{3,80}?)(?:,?\s+(?:too|as well|also))?\s*\??$",
    re.I,
)
_SAME_TIME = re.compile(r"\b(?:same (?:time|day|date|deadline|as)|at the same time|together with|with the)\b", re.I)
# "…, actually, Tobias… can you take that?": the speaker hands the task just said to someone else.
_HANDOVER = re.compile(
    r"(?:^|[—–\-,;.…]\s*)(?:(?:actually|on second thought|wait|no|hmm|or)[,.…]*\s+)*(?P<name>[A-Z][a-z]+"
    r"(?:\s+[A-Z][a-z]+)?)[,.…]*\s+(?:can|could|would|will) you (?:please )?(?:take|own|do|handle|grab|pick up|"
    r"run with|drive|set up) (?:that|this|it|that one|this one)\b",
)
_OWN_TASK = re.compile(r"\b(?:I|we)(?:['’]ll| will| can)\s+(?!do (?:it|that)\b)\w+\s+(?!it\b|them\b|that\b)\w", re.I)
_FIRST_PERSON_START = re.compile(r"\bI(?:['’]ll| will| can)\s+(?P<rest>[a-z].*)")


def reply_to(position: int, lines: list[Line]) -> Line | None:
    """The first line of the next turn, when another speaker says it."""
    line = lines[position]
    for following in lines[position + 1 :]:
        if following.turn != line.turn:
            return following if following.speaker and following.speaker != line.speaker else None
    return None


def spoken(text: str) -> str:
    """The reply without its spoken opener ('Uh, sure.' → 'sure.')."""
    return _FILLER.sub("", text.strip())


def accepted_request(position: int, lines: list[Line], meeting: Meeting, commitments: Commitments) -> list[FoundAction]:
    """A request, offer, proposal or instruction that the next speaker accepts becomes an action, dated by
    the reply when the reply gives its own date."""
    reply = reply_to(position, lines)
    if reply is None:
        return []
    request = REQUEST.match(lines[position].text.strip())
    if request and _WILL_ASK.search(spoken(reply.text)) and not _SAME_VERB.match(spoken(reply.text)):
        return [_ask_about(reply, request.group("rest"), lines[position], meeting)]  # no date promised
    found = _accepted(position, lines, reply, meeting, commitments)
    for action in found:
        if action.owner == reply.speaker:
            _date_from_exchange(action, position, lines, reply, meeting)
    return found


def _accepted(
    position: int, lines: list[Line], reply: Line, meeting: Meeting, commitments: Commitments
) -> list[FoundAction]:
    line = lines[position]
    text = line.text.strip()
    answer = spoken(reply.text)
    imperative = _IMPERATIVE.match(text)
    same_verb = _SAME_VERB.match(answer)
    takes_it = bool(same_verb and imperative and same_verb.group("verb") == imperative.group("verb").lower())
    request = REQUEST.match(text)
    if not ACCEPT.match(answer) and not takes_it and not _counter_date(answer, meeting):
        return []
    turn = [ln for ln in lines[reply.index : reply.index + 4] if ln.turn == reply.turn]
    asked = (request or imperative or _OFFER.match(text) or _PROPOSED.match(text) or line).string
    if not takes_it and any(_answers(c, asked) for ln in turn for c in commitments(ln, meeting)):
        return []  # the reply makes its own, more specific commitment
    if request and is_action(request.group("rest"), meeting.date):
        return [make_action(reply.speaker or None, request.group("rest"), line, meeting)]
    offer = _OFFER.match(text)
    if offer and is_action(offer.group("rest"), meeting.date):
        return [make_action(line.speaker or None, offer.group("rest"), line, meeting)]
    proposed = _PROPOSED.match(text)
    if proposed and _proposal(proposed, line, meeting):
        return [make_action(owners(proposed.group("name"), meeting.people), proposed.group("rest"), line, meeting)]
    if imperative and _instruction(position, lines, imperative) and not _echo(answer, imperative.group("rest")):
        return [make_action(reply.speaker or None, imperative.group("rest"), line, meeting)]
    return []


def _answers(commitment: FoundAction, asked: str) -> bool:
    """Whether a commitment in the reply is the answer to what was asked ('Sure, I'll send it tomorrow'), not a
    task of its own said in the same turn ('Sure, happy to. I'll send the invite for Thursday.')."""
    own = set(tokens(commitment.task)) - set(tokens(commitment.task.split()[0]))
    return is_vague(commitment.task) or not own or bool(own & set(tokens(asked)))


def _counter_date(answer: str, meeting: Meeting) -> bool:
    """'Tomorrow, realistically.', 'End of next week?': a short reply that is only a date accepts with it."""
    due = resolve_due(answer, meeting.date)
    return due is not None and due.start <= 3 and len(answer.split()) <= 6


def _date_from_exchange(action: FoundAction, position: int, lines: list[Line], reply: Line, meeting: Meeting) -> None:
    """The date the owner gives in the reply ('Uh, tomorrow, realistically.'), else one the asker adds in a
    short line after the request ('By Friday?')."""
    own = [ln for ln in lines[reply.index : reply.index + 2] if ln.turn == reply.turn]
    own = own[:1] + [ln for ln in own[1:] if not _OWN_TASK.search(ln.text)]  # not the date of a task of its own
    for line in own:
        due = resolve_due(spoken(line.text), meeting.date)
        if due is not None and len(line.text.split()) <= 12:
            set_due(action, due)
            return
    if action.due is not None:
        return
    asked = [ln for ln in lines[position + 1 : position + 3] if ln.turn == lines[position].turn]
    for line in asked:
        due = resolve_due(line.text, meeting.date)
        if due is not None and len(line.text.split()) <= 6:
            set_due(action, due)
            return


def _ask_about(reply: Line, rest: str, line: Line, meeting: Meeting) -> FoundAction:
    """'Can you get the fix into June?' / 'I can't promise that, but I'll ask.': ask whether it can be done."""
    verb = _WILL_ASK.search(spoken(reply.text)).group("verb").lower()
    lead = "Ask" if verb in ("ask", "see what i can do") else "Check" if verb == "check" else "Find out"
    rest = re.sub(r"\b(?:us|me)\b", "them", rest)  # the asker's 'us' is whom the answer is for
    action = make_action(reply.speaker or None, rest, line, meeting)
    action.due = action.due_phrase = None
    task = action.task[:1].lower() + action.task[1:]
    asks = re.match(r"(?:ask|check with|find out)\b", task)  # "Can you ask your engineers to…?" / "I'll ask."
    action.task = action.task if asks else f"{lead} whether we can {task}"
    action.line = reply
    return action


def follow_on_request(
    position: int, lines: list[Line], meeting: Meeting, found: list[FoundAction]
) -> list[FoundAction]:
    """'And the work order export too?' after a request the same person took: the same task for another thing,
    owned by whoever accepts it, dated by the reply ('same time as the overtime numbers' takes that date)."""
    line = lines[position]
    match = _FOLLOW_ON.match(line.text.replace("…", "").strip())
    reply = reply_to(position, lines)
    if match is None or reply is None or not line.text.strip().endswith("?"):
        return []
    earlier = next((a for a in reversed(found) if a.owner == reply.speaker and a.line.index >= position - 6), None)
    answer = spoken(reply.text)
    if earlier is None or not (ACCEPT.match(answer) or _SAME_TIME.search(answer) or _points_back(answer)):
        return []
    verb = earlier.task.split()[0].lower()
    action = make_action(reply.speaker, f"{verb} {match.group('thing')}", line, meeting)
    due = resolve_due(answer, meeting.date)
    if due is not None:
        action.due, action.due_phrase = due.date, due.text
        if earlier.due is None and re.search(r"\b(?:those|them|both)\b", answer, re.I):
            earlier.due, earlier.due_phrase = due.date, due.text  # "I'll get those over tomorrow": both of them
    elif _SAME_TIME.search(answer):
        action.due, action.due_phrase, action.same_due_as = earlier.due, earlier.due_phrase, earlier
    return [action]


def _points_back(answer: str) -> bool:
    return bool(re.match(r"(?:I['’]ll|I will|I can)\s+\w+\s+(?:those|them|both|it|that)\b", answer, re.I))


def hand_over(line: Line, meeting: Meeting, found: list[FoundAction]) -> list[FoundAction]:
    """'I'll set up a call with your IT — actually, Tobias… can you take that?': the task goes to Tobias; the
    speaker's own item from the same turn, if one was made, becomes his."""
    match = _HANDOVER.search(line.text)
    if match is None or not is_person(match.group("name"), meeting.people, False):
        return []
    owner = owners(match.group("name"), meeting.people)
    mine = [a for a in found if a.owner == line.speaker and a.line.turn == line.turn and a.line.index <= line.index]
    if mine:
        mine[-1].owner = owner
        return []
    said = _FIRST_PERSON_START.search(line.text[: match.start()])
    if said is None or not is_action(said.group("rest"), meeting.date):
        return []
    return [make_action(owner, said.group("rest").rstrip(" —–-,;…"), line, meeting)]


def _proposal(proposed: re.Match[str], line: Line, meeting: Meeting) -> bool:
    name = proposed.group("name")
    return (
        name != line.speaker
        and is_person(name, meeting.people, False)
        and is_strict_action(proposed.group("rest"), meeting.date)
    )


def _instruction(position: int, lines: list[Line], imperative: re.Match[str]) -> bool:
    """An imperative that ends its turn ('Put it on the calendar for the week after next.')."""
    line = lines[position]
    after = [ln for ln in lines[position + 1 : position + 3] if ln.turn == line.turn]
    last_of_turn = len(after) <= 1 and not any(ln.text.endswith("?") for ln in after)
    text = line.text.strip()
    verb = imperative.group("verb").lower()
    return last_of_turn and not text.endswith("?") and len(text.split()) >= 3 and verb in ACTION_VERBS


def _echo(reply: str, instruction: str) -> bool:
    """'Put me down.' / 'Sure, put me down.': the reply says the same thing for itself; it takes no task."""
    body = ACCEPT.sub("", reply.strip()).strip(" ,.!").lower()
    return bool(body) and body == instruction.strip(" .!").lower()
