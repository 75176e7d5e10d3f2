"""What a task's 'it' or 'there' stands for, so the item reads on its own after the call: "Schedule it, after
Tobias has the analysis" after "We need a review session with the finance team" is scheduling the review
session; "I'll be there this Saturday" answering "Will someone be on site for the cutover weekend?" is being on
site for the cutover weekend; "Could you introduce me?" after "I'd like to meet Marta" is an introduction to
Marta. pronouns.py does the same for people ('his assistant', 'talk to him').
"""

from __future__ import annotations

import datetime as dt
import re

from bot.core.skills.dates import find_dates
from bot.core.skills.meeting import Line

LOOK_BACK = 6  # sentences
_ANY_DAY = dt.date(2000, 1, 3)  # a date is cut from a place phrase whatever the meeting date
_EVENTS = (
    "session|call|meeting|workshop|review|demo|training|kickoff|kick-off|walkthrough|sync|check-in|visit|webinar|"
    "huddle|ride-along|offsite|presentation|briefing|retro|retrospective|interview|onboarding|pilot|test|drill"
)
_DELIVERABLES = (
    "report|list|deck|file|spec|export|numbers|data|summary|doc|document|sample|template|invite|invitation|proposal|"
    "quote|plan|draft|recap|notes|agenda|link|contract|form|analysis|dashboard|slides|figures|extract|logs?|"
    "checklist|schedule|calendar"
)
_SCHEDULING = frozenset("schedule book plan arrange organize organise reschedule move cancel host run set".split())
_DELIVERING = frozenset("send share forward email circulate post upload publish attach".split())
_POINTER = re.compile(r"^(?P<verb>[A-Za-z]+)(?P<up> up)? (?P<pronoun>it|that|this|one)\b", re.I)
_DETERMINER = r"(?:a|an|the|our|your|their|that|this|one more|another)"


def _phrase(nouns: str) -> re.Pattern[str]:
    return re.compile(
        rf"\b{_DETERMINER}\s+(?P<body>(?:[\w'’-]+\s+){{0,3}}(?:{nouns})s?(?:\s+(?:with|for|on|about|of)\s+"
        rf"(?:the\s+|our\s+|your\s+|their\s+)?[\w'’-]+(?:\s+(?!(?:and|but|so|to|before|after|by|on|next|this)\b)"
        rf"[\w'’-]+){{0,2}})?)\b",
        re.I,
    )


_EVENT = _phrase(_EVENTS)
_DELIVERABLE = _phrase(_DELIVERABLES)
# "Will someone from your side be on site for the cutover weekend?": where 'there' is.
_WHERE = re.compile(r"\bbe (?P<where>(?:on ?site|onsite|at|in|on|for) [^?!.;]{3,60})", re.I)
_INTRODUCE = re.compile(r"^(?:introduce|connect) (?:me|us)\s*$", re.I)
_TO_MEET = re.compile(
    r"\b(?:meet|meeting|introduce (?:me|us) to|talk to|speak with|speak to|connect with|get to know)\s+"
    r"(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
)


def resolve_things(task: str, line: Line, lines: list[Line]) -> str:
    """`task` with a pointing 'it', a bare 'there' or a bare 'introduce me' spelled out from the sentences just
    before, when one of them names the thing (or the place, or the person) clearly."""
    earlier = lines[max(0, line.index - LOOK_BACK) : line.index + 1]
    if task.lower() == "be there":
        return _there(task, line, earlier)
    if _INTRODUCE.match(task):
        person = next((m.group("name") for ln in reversed(earlier) for m in _TO_MEET.finditer(ln.text)), None)
        return f"{task} to {person}" if person else task
    match = _POINTER.match(task)
    if match is None:
        return task
    verb = match.group("verb").lower()
    pattern = _EVENT if verb in _SCHEDULING else _DELIVERABLE if verb in _DELIVERING else None
    if pattern is None:
        return task
    for sentence in reversed(earlier[:-1]):
        found = list(pattern.finditer(sentence.text))
        if found:
            thing = f"the {found[-1].group('body')}"
            return task[: match.start("pronoun")] + thing + task[match.end("pronoun") :]
    return task


def _there(task: str, line: Line, earlier: list[Line]) -> str:
    for sentence in reversed(earlier[:-1]):
        match = _WHERE.search(sentence.text) if sentence.speaker != line.speaker else None
        if match:
            where = match.group("where")
            dates = find_dates(where, _ANY_DAY)
            where = where[: dates[0].start] if dates else where
            return "Be " + re.sub(r"(?:\s+(?:on|by|at|in|for|this|next|the))+\s*$", "", where.strip(" ,"))
    return task
