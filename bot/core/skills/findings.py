"""Whether a sentence of the notes reports progress (a win) or a problem (a challenge).

Wins are not challenges: "median intake time fell from 16.2 to 11.8 minutes" is good news when the goal is to
cut intake time, even though "fell" is a risk cue elsewhere. A movement ("X fell from A to B") is judged by the
direction the account's goals give X, else by what the words say is good (tickets down, NPS up)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from bot.core.metrics.goals import GoalProgress
from bot.core.text import tokens

Reading = Literal["win", "challenge", "neutral"]

WIN_LEAD = re.compile(r"^(?:adopted|wins?|resolved|fixed|launched|shipped|live|milestone|achieved)\s*:", re.I)
WIN_SECTION = re.compile(r"\bwins?\b|success(?:es)?\b|highlights?|value delivered|what went well|achievements?", re.I)
# A notes section that lists risks (the QBR brief's noted risks, a success plan's challenges).
RISK_SECTION = re.compile(r"\brisks?\b|concerns?|blockers?|issues?", re.I)
# Where a note reports what happened (a launch stated there is news; in "What we heard" it is background).
NEWS_SECTION = re.compile(r"summary|update|status|outcome|results?|progress|news", re.I)
DATA_SECTION = re.compile(r"\bmetrics?\b|\bkpis?\b|\bnumbers\b|scorecard", re.I)
ACHIEVED = re.compile(
    r"\b(?:went live|launched|shipped|rolled out|published|deployed|approved|completed|adopted|exceeded)\b",
    re.I,
)
_NUMBER = r"-?\d[\d.,]*"
_MOVE = re.compile(
    rf"(?P<subject>(?:[\w%\-’']+\s+){{1,6}}?)(?:has\s+|have\s+)?(?P<verb>fell|fallen|dropped|declined|decreased|"
    rf"went down|came down|rose|risen|grew|grown|increased|went up|climbed|improved)\s+(?:\w+\s+){{0,3}}?from\s+"
    rf"(?:about\s+|roughly\s+|around\s+)?(?P<a>{_NUMBER})\D{{0,30}}?\s+to\s+(?:about\s+|roughly\s+|around\s+)?"
    rf"(?P<b>{_NUMBER})",
    re.I,
)
# Words that say which way is good when no goal names the thing that moved.
_DOWN_WORDS = """tickets complaints time minutes hours days errors paper calls churn cost losses backlog escalations
    duplicates delays wait unsubscribes timeouts defects incidents detractors"""
_UP_WORDS = """active adoption nps csat satisfaction rating revenue usage users logins resolution retention activity
    submission opens promoters engagement"""
DOWN_GOOD = frozenset(tokens(_DOWN_WORDS))
UP_GOOD = frozenset(tokens(_UP_WORDS))
_GOAL_VERBS = frozenset(tokens("reduce cut lower raise increase improve reach lift grow from to by under below above"))


def movements(sentence: str, goals: Iterable[GoalProgress] = ()) -> list[bool | None]:
    """For each "X fell/rose from A to B" in the sentence: True when it went the good way, False when it went
    the bad way, None when it is not known which way is good for X."""
    goals = list(goals)
    out = []
    for match in _MOVE.finditer(sentence):
        a, b = _number(match.group("a")), _number(match.group("b"))
        if a is None or b is None or a == b:
            continue
        good_way = good_direction(match.group("subject"), goals)
        out.append(None if good_way is None else (b > a) == (good_way == "up"))
    return out


def about_goal(sentence: str, goals: Iterable[GoalProgress]) -> bool:
    """Whether a number that moves in the sentence is one a goal names (two words in common)."""
    goals = list(goals)
    for match in _MOVE.finditer(sentence):
        words = set(tokens(match.group("subject").replace("-", " ")))
        if any(len(words & (set(tokens(g.goal.replace("-", " "))) - _GOAL_VERBS)) > 1 for g in goals):
            return True
    return False


def good_direction(subject: str, goals: Iterable[GoalProgress] = ()) -> Literal["up", "down"] | None:
    """Which way is good for the thing a sentence talks about: its goal's direction when a goal shares two
    words with it, else what the words say."""
    words = set(tokens(subject.replace("-", " ")))
    if re.search(r"\bon[- ]time\b", subject, re.I):  # "on-time charting": up is good, though "time" is not
        words = (words - {"time"}) | {"activity"}
    best, shared = None, 1
    for goal in goals:
        if goal.target is None or goal.baseline is None or goal.target == goal.baseline:
            continue
        overlap = len(words & (set(tokens(goal.goal.replace("-", " "))) - _GOAL_VERBS))
        if overlap > shared:
            best, shared = ("down" if goal.target < goal.baseline else "up"), overlap
    if best:
        return best
    if words & DOWN_GOOD:
        return "down"
    return "up" if words & UP_GOOD else None


def read(sentence: str, section: str = "", lead: str = "", goals: Iterable[GoalProgress] = ()) -> Reading:
    """'win' for progress, 'challenge' for a movement the wrong way, else 'neutral' (risk cues decide then).

    `lead` is the sentence before it in the same paragraph ("Adopted: Quick Intake." before the pilot result)."""
    moved = movements(sentence, goals)
    if any(m is False for m in moved):
        return "challenge"
    if moved and all(m is True for m in moved):
        return "win"
    if WIN_LEAD.match(sentence) or WIN_LEAD.match(lead) or WIN_SECTION.search(section):
        return "win"
    return "neutral"


# What a note says when it restates a computed signal: every pattern of the signal's kind matches.
RESTATES = {
    "renewal_goals_unmet": (re.compile(r"\brenewal\b", re.I), re.compile(r"\b(?:unmet|not met|goals?)\b", re.I)),
    "falling_nps": (re.compile(r"\bNPS\b"), re.compile(r"\b(?:fell|fall|falling|dropped|down)\b", re.I)),
    "rising_tickets": (re.compile(r"\btickets?\b", re.I), re.compile(r"\b(?:rose|rising|up|grew)\b", re.I)),
    "falling_active_users": (re.compile(r"\bactive\b", re.I), re.compile(r"\b(?:fell|falling|dropped|down)\b", re.I)),
}


def restates(sentence: str, kinds: Iterable[str]) -> bool:
    """Whether a note's sentence restates a computed signal of one of these kinds ("renewal within five
    months; goals unmet"): the signal says it with today's numbers."""
    return any(all(rx.search(sentence) for rx in RESTATES[kind]) for kind in kinds if kind in RESTATES)


def is_data(section: str) -> bool:
    """A 'Metrics reviewed' section restates numbers the metrics table already computes."""
    return bool(DATA_SECTION.search(section))


def _number(text: str) -> float | None:
    try:
        return float(text.rstrip(".,").replace(",", ""))
    except ValueError:
        return None
