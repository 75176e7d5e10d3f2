"""The building blocks of an action item: which verbs make one, who can own one, and how its task reads.

actions.py finds the commitments in a meeting, recaps.py the ones restated in a recap, action_merge.py puts
restatements together; all three build their items here, so an item reads the same wherever it was found.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.core.skills.dates import DateMention, embedded, resolve_due
from bot.core.skills.meeting import Line, Meeting, People
from bot.core.text import tokens

# Verbs that name a deliverable or a follow-up; "we'll", "I can" and "let me" count only with one of these.
ACTION_VERBS = frozenset(
    """add align arrange ask assign audit book brief bring build call chase check circle clean coach collect
    compile configure confirm connect coordinate create demo document draft email enable escalate estimate export
    extend file find finalize finish fix flag follow forward gather get grant host include introduce invite
    investigate line link loop map migrate move nudge open organize own ping plan post prepare price prioritize produce
    propose provide publish pull push put raise turn switch activate deploy install reach record recruit remind
    remove reply report request research reschedule review revise route run schedule scope send set share ship
    sign speak submit summarize survey sync talk test tell track train update upgrade upload validate verify work
    write""".split()
)
# Verbs that are about the meeting itself ("I'll share my screen"): an action only when a date comes with them.
IN_MEETING_VERBS = frozenset("show walk go present recap start take pick drop hand join finish remind explain".split())
# Phrases about the meeting itself; "share the deck" is a follow-up, "share my screen" is not.
_IN_MEETING_PHRASE = re.compile(
    r"(?:share (?:my|the|your) screen|pull (?:it |that |this )?up|go (?:through|over)|take (?:a look|notes)|"
    r"hand (?:it )?over to|drop off|ask (?:you |a few |some |the |my )?questions|talk about)\b",
    re.IGNORECASE,
)
NON_ACTION_VERBS = frozenset(
    """be say admit bet guess let keep see live stop need want like love hear know think leave wait hold miss
    try believe mean do jump mute repeat feel hope assume agree remember park shelve stay remain""".split()
)
VERBS = ACTION_VERBS | IN_MEETING_VERBS | NON_ACTION_VERBS | {"have", "make", "give", "get", "come", "let"}
NOT_NAMES = frozenset(
    """i it this that these those there they we you he she who what which when where why how everyone everybody
    someone somebody anyone nobody nothing everything something each both all one our your their his her its
    my yes no okay ok so and but or if then also just well now today tomorrow next last let here the a an
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
    september october november december team""".split()
)
TEAM_NAMES = frozenset("Legal Finance Procurement Support Product Engineering Security IT Marketing Sales Ops".split())
PRONOUN_OBJECTS = ("it", "them", "that", "this", "those", "these")
_CLAUSE_BREAK = re.compile(
    r",\s+so\b|,?\s+(?:and then|and we|and you|but|so that we|then we|and after that|, and I)\b|"
    r"(?:[;—–]|\s-\s)(?!\s*(?:sorry|actually|no|wait|I mean|make (?:that|it)|rather)\b)|"
    r",\s+(?:and\s+)?then\b"
)
# The next commitment in the same sentence starts a task of its own: "…, and I'll…", "… and Ben will…".
_NEXT_COMMITMENT = re.compile(
    r",?\s+(?:and|but|while)\s+(?=(?:I|we|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)(?:['’]ll|\s+will)\s)"
)
_TRAILING_FILLER = re.compile(
    r"(?:,?\s+(?:yes|yeah|okay|ok|right|then|as well|too|for you|for everyone|at the latest|latest|myself|"
    r"ourselves|personally|either way))+\s*[.!]?$",
    re.I,
)
_LEADING_FILLER = re.compile(r"^(?:(?:also|just|then|and|so|first|definitely|still),?\s+)+", re.I)
_DUE_PREP = re.compile(
    r"\s*(?:,\s*)?(?:\b(?:by|before|on|until|till|no later than|for|in|within|ahead of|at the latest|first thing|"
    r"starting|from|during)\s+)?(?:the\s+)?(?:(?:week|end|beginning|start|middle) of\s+)?(?:the\s+)?$",
    re.I,
)
# "Send the invite at ten for Thursday": a time of day said with the due date goes with it.
_TIME_OF_DAY = re.compile(
    r"\s*\b(?:at|around|by)\s+(?:\d{1,2}(?::\d{2})?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"noon|midday)(?:\s*(?:am|pm|a\.m\.|p\.m\.|o['’]clock|thirty|sharp))?\s*$",
    re.I,
)
_DUE_TAIL = re.compile(
    r"^\s*(?:morning|afternoon|evening|night|end of day|eod|at the latest|latest|at \d{1,2}(?::\d{2})?\s*(?:am|pm)?)\b",
    re.I,
)
MAX_TASK_WORDS = 22
# "Ben, can you own the card?", "Can you enroll them on Friday?" (the address is a capitalised name).
REQUEST = re.compile(
    r"^(?i:(?:so|and|also|okay|ok|great|then),?\s+)?(?:(?P<addr>[A-Z][a-z]+),\s+)?(?i:(?:and|also|so|then),?\s+)?"
    r"(?i:can|could|would|will)\s+you"
    r"(?:\s+(?:please|also|maybe))?\s+(?P<rest>[a-z].*?)\??$"
)
LETS = re.compile(
    r"^(?:(?:okay|ok|so|then|great|good|alright|yes|yeah|sure),?\s+)*let['’]s\s+(?P<rest>(?P<verb>[a-z]+).*)$", re.I
)


@dataclass
class FoundAction:
    """An action item with its evidence line; `owner` is None when nobody took it. `recap` marks one read
    from a recap ("Ben sends the card by Friday"), which dates or names an earlier item more often than not."""

    owner: str | None
    task: str
    due: dt.date | None
    due_phrase: str | None
    line: Line
    recap: bool = False
    soft_due: bool = False  # the date of an event the task mentions ("at the Monday stand-up"), not a deadline
    same_due_as: FoundAction | None = None  # "same time as the overtime numbers": that item's date, once final
    dates_earlier: bool = False  # "I'll get those over tomorrow": only a date for an earlier, undated promise


def make_action(owner: str | None, rest: str, line: Line, meeting: Meeting, prefix: str = "") -> FoundAction:
    """An item from the words after the verb's subject; `prefix` is what the sentence said before them."""
    clause = first_clause(rest)
    due = resolve_due(clause, meeting.date)
    if due is not None and embedded(clause, due):
        due = None  # "pilot it if it is ready by mid-May": the date of a condition, not a deadline
    if due is None:  # "If the review isn't started by the 10th, I'll escalate it": the sentence's deadline
        before = resolve_due(prefix, meeting.date) if prefix.strip() else None
        due = before if before is not None and before.deadline else None
    due_date, phrase = (due.date, due.text) if due else (None, None)
    return FoundAction(owner, clean_task(clause, due), due_date, phrase, line, soft_due=bool(due and due.modifier))


def set_due(action: FoundAction, due: DateMention) -> bool:
    """Dates `action` with `due` (its words, and whether it is only an event's date); True, for `return`."""
    action.due, action.due_phrase, action.soft_due = due.date, due.text, due.modifier
    return True


def first_clause(rest: str) -> str:
    """Up to the next commitment in the same sentence ('..., and I'll ...') or a clause break."""
    rest = _NEXT_COMMITMENT.split(rest)[0]
    words = rest.split()
    if len(words) > 12:
        head, tail = " ".join(words[:4]), " ".join(words[4:])
        rest = head + " " + _CLAUSE_BREAK.split(tail)[0]
    return rest.strip()


def clean_task(clause: str, due: DateMention | None) -> str:
    """The task without its due phrase and spoken filler, starting with a capital letter. A date that is part
    of a noun phrase names the thing ('in the Q2 2027 QBR', 'at the Monday stand-up') and stays."""
    task = clause
    if due is not None and due.text in task and not due.modifier:
        start = task.index(due.text)
        before = _TIME_OF_DAY.sub("", _DUE_PREP.sub("", task[:start]))
        after = _DUE_TAIL.sub("", task[start + len(due.text) :])
        task = f"{before} {after}".strip()
    task = _LEADING_FILLER.sub("", task.strip())
    task = _TRAILING_FILLER.sub("", task.rstrip('.!?,;: "”…')).strip().rstrip(",;:?…")
    task = re.sub(r"\s*\(\s*\)", "", task)  # "(by 5/8)" once its date is gone
    task = re.sub(r"\s+([,.:;])", r"\1", re.sub(r"\s{2,}", " ", task))
    words = task.split()
    if len(words) > MAX_TASK_WORDS:
        task = " ".join(words[:MAX_TASK_WORDS]).rstrip(",;:") + "…"
    return task[:1].upper() + task[1:]


def verb_of(rest: str) -> str:
    match = re.match(r"[a-z]+", rest.lower())
    return match.group(0) if match else ""


# "I'll talk to him", "I'll call her": a person said before is the object; pronouns.py names them.
_CONTACT = re.compile(
    r"(?:talk|speak|meet) (?:to|with) (?:him|her|them)\b|(?:call|email|ping|phone|text|nudge|chase|remind|ask) "
    r"(?:him|her)\b|(?:reach out|follow up|check in) (?:to|with) (?:him|her|them)\b|(?:introduce|connect) (?:me|us)\b",
    re.I,
)
# "I'll be there this Saturday", "I'll be on site for the cutover": being somewhere on a date is a commitment.
_PRESENCE = re.compile(r"be (?:there|on ?site|on the call|in the office|at (?:the|your|our) \w+)", re.I)


# "I'll have our integration team look at it": the work handed to a team is still the speaker's to deliver.
_DELEGATE = re.compile(
    r"(?:have|get) (?:our|my|the|your|a) (?:[\w-]+ ){0,2}(?:team|people|engineers?|developers?|devs|folks|group|"
    r"lead|support|ops|specialists?|experts?|architects?|admins?|colleagues?) (?:to )?[a-z]+ ",
    re.I,
)


def is_action(rest: str, meeting_date: dt.date | None) -> bool:
    verb = verb_of(rest)
    if _CONTACT.match(rest) or _DELEGATE.match(rest):
        return True
    if _PRESENCE.match(rest):
        return resolve_due(rest, meeting_date) is not None
    if not verb or verb in NON_ACTION_VERBS or len(tokens(rest)) < 2:
        return False
    if verb in IN_MEETING_VERBS or verb == "have" or _IN_MEETING_PHRASE.match(rest):
        return resolve_due(rest, meeting_date) is not None
    if len(tokens(rest.split(",")[0])) < 2:  # "My VP will ask, and…": no object, no task
        return False
    # "…questions we'll bring to Harborview": a delivery verb with no object names no task
    return not re.match(
        r"(?:tell you (?:what|something|this)|take (?:that|it) as|join (?:when|if)|ask (?:me|you|us)\b|"
        r"(?:bring|send|share|give|forward|take|put|get) (?:to|with|for|over|along)\b)",
        rest.lower(),
    )


def is_strict_action(rest: str, meeting_date: dt.date | None) -> bool:
    """For 'we'll', 'I can' and 'let me': a deliverable verb and a concrete object, not 'that'."""
    verb = verb_of(rest)
    if (verb not in ACTION_VERBS and verb != "have") or not is_action(rest, meeting_date):
        return False
    if verb == "talk" and not re.match(r"talk (?:to|with)\b", rest.lower()):
        return False
    concrete = [t for t in tokens(rest) if t not in ("that", "it", "this", "thing")]
    return len(concrete) >= 2


def is_vague(task: str) -> bool:
    """'Send it', 'Get it to you', 'Get those over to you', 'Have a draft': a task that only points at something
    said before."""
    words = _DELIVERY_TAIL.sub("", task.lower()).split()
    if not 1 < len(words) <= 4:
        return False
    return words[1] in PRONOUN_OBJECTS or (words[0] in ("have", "get") and words[1] in ("a", "an", "the", "it", "that"))


_DELIVERY_TAIL = re.compile(r"(?:\s+(?:over|across|back|along|through|out))?(?:\s+to (?:you|me|us|them|everyone|"
                            r"both of you|you all))?\s*[.!]?$")  # fmt: skip


def strip_leading_words(name: str) -> str:
    """'So Ben' → 'Ben': a leading ordinary word is not part of a name."""
    words = name.split()
    while len(words) > 1 and words[0].lower() in NOT_NAMES:
        words.pop(0)
    return " ".join(words)


def is_person(name: str | None, people: People, sentence_start: bool) -> bool:
    """Whether `name` can own an action: a participant, or a name or team the meeting mentions. A verb is
    never an owner, however it is capitalised ('Call to review…', 'Invite Gwen to speak…')."""
    if not name:
        return False
    words = name.replace(".", "").split()
    if any(w.lower() in NOT_NAMES for w in words if w.lower() != "and"):
        return False
    if people.known(name.split(" and ")[0]):
        return True
    if words[0].lower() in VERBS or base_verb(words[0].lower()) in ACTION_VERBS:
        return False
    # Unknown capitalised words mid-sentence are names or teams ("Legal will review"); at the start of a
    # sentence they are usually ordinary words, so they need to be known participants.
    return not sentence_start or not people.names or words[0] in TEAM_NAMES


# Capitalised words that open a sentence and name a thing, not a person: "Training will…", "Reporting will…".
_NOUN_ENDING = re.compile(r"(?:ing|tion|sion|ment|ness|ity|ance|ence|ship|ics|ism|ure|age|ery|ogy|ware|ings)$")


def looks_like_name(name: str) -> bool:
    """'Raj', 'Rosa Diaz': one or two capitalised words that are no ordinary word, verb, team or thing."""
    words = name.split()
    return 0 < len(words) <= 2 and all(
        w[:1].isupper() and w[1:].islower() and w.isalpha() and len(w) >= 3 and w.lower() not in NOT_NAMES
        and w.lower() not in VERBS and base_verb(w.lower()) not in VERBS and w not in TEAM_NAMES
        and not _NOUN_ENDING.search(w.lower())
        for w in words
    )  # fmt: skip


def owners(name: str, people: People) -> str:
    return " and ".join(people.canonical(part) for part in name.split(" and "))


def base_verb(word: str) -> str:
    """'sends' → 'send', 'dry-runs' → 'dry-run', 'carries' → 'carry', 'has' → 'have': a present-tense verb's
    base form (the word itself when it does not end in -s)."""
    word = word.lower()
    if word == "has":
        return "have"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("shes", "ches", "xes", "sses", "zes", "oes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def similar(a: str, b: str) -> bool:
    ta, tb = set(tokens(a)), set(tokens(b))
    if not ta or not tb:
        return False
    return len(ta & tb) / min(len(ta), len(tb)) >= 0.8
