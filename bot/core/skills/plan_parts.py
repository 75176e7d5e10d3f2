"""The parts of a success plan that are mined or derived: challenges, milestones, actions and risks."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from bot.core.health.score import AccountHealth
from bot.core.knowledge.accounts import Account
from bot.core.knowledge.documents import Chunk
from bot.core.metrics.goals import GoalProgress, plain_label, sentence_case
from bot.core.skills import findings
from bot.core.skills.common import Citation, chunk_citation
from bot.core.skills.date_patterns import MONTHS
from bot.core.skills.meeting import meetings_from_chunks
from bot.core.skills.open_actions import OpenItem
from bot.core.skills.playbooks import Playbooks, Step
from bot.core.text import sentences, truncate

if TYPE_CHECKING:
    from bot.core.skills.plan import Milestone, PlanAction, PlanRisk

RECENT_DAYS = 180
CHALLENGE_DAYS = 120  # older concerns have usually been answered or overtaken
# Risk-cue weight a line needs outside the note's own "Risks" list; one more in a call, where people often
# recount a problem already solved ("a member would be at the grocery store, the card gets declined…").
MIN_CHALLENGE_SCORE = 3
MAX_CHALLENGES = 5
PER_MEETING = 2
_PLAN_SECTION = re.compile(r"\bplan\b|milestones?|timeline|roadmap", re.I)
_ACTION_SECTION = re.compile(r"action|next step|to-?do|follow[- ]?up|owner|task", re.I)
MAX_RISKS = 8
MIN_SHARED_WITH_DECISION = 2
NO_PLAY = "No play in the playbooks covers this signal yet; agree a mitigation and an owner with the team."
ACTIONS_PER_STEP = 2
_MONTHS = {m: i for i, m in enumerate(MONTHS, start=1)}
_BY_MONTH = re.compile(r"\bby (?:the end of )?(" + "|".join(_MONTHS) + r")\s+(\d{4})\b", re.I)
_NOT_VERBS = set(
    """a an the this that these those it its they we you he she i if when while most many some every each our
    their in on at for with often usually never always there here what why how who which after before by""".split()
)
# Playbooks (by a word of their title) that apply only when one of these signals is present.
SIGNAL_PLAYBOOKS = {"champion": {"champion_departure", "sponsor_departure"}}
SEVERITY = {"champion_departure": "high", "sponsor_departure": "high", "renewal_goals_unmet": "high",
            "negative_sentiment": "medium", "unanswered_executive": "medium", "falling_active_users": "medium",
            "rising_tickets": "medium", "falling_nps": "medium"}  # fmt: skip
# The situation each computed signal is, in the words playbooks use for it: finds the play written for it.
SIGNAL_HINTS = {"champion_departure": "champion leaving", "sponsor_departure": "sponsor leaving",
                "renewal_goals_unmet": "renewal close with unmet goals", "falling_active_users": "falling active users",
                "rising_tickets": "rising tickets", "falling_nps": "falling NPS detractors",
                "negative_sentiment": "escalation", "unanswered_executive": "sponsor executive silent"}  # fmt: skip


def _recent(chunks: list[Chunk], as_of: dt.date, days: int = RECENT_DAYS) -> list[Chunk]:
    start = (as_of - dt.timedelta(days=days)).isoformat()
    return [c for c in chunks if c.date and start <= c.date <= as_of.isoformat()]


def challenges(
    chunks: list[Chunk], as_of: dt.date, goals: list[GoalProgress] = (), skip: set[str] = frozenset(),
    signals: set[str] = frozenset(),
) -> list[tuple[str, Citation]]:  # fmt: skip
    """The strongest concerns raised in the last months of notes and calls, newest first. Wins are not
    challenges (a pilot result, an "Adopted: …" line), nor numbers restated from the metrics, nor the
    sentences in `skip` (quoted by a computed signal already), nor an older restatement of a computed signal
    of a kind in `signals` (the signal has today's numbers)."""
    from bot.core.skills.signals import extract_risks

    found: list[tuple[str, Citation]] = []
    quoted = {_key(q) for q in skip}
    for first, meeting in meetings_from_chunks(_recent(chunks, as_of, CHALLENGE_DAYS)):
        floor = MIN_CHALLENGE_SCORE + (meeting.kind == "transcript")
        kept = [r for r in extract_risks(meeting) if _is_challenge(r, meeting.lines, goals, floor)]
        # The note's own "Risks" list first: the account team wrote it down as a risk.
        kept.sort(key=lambda r: (not findings.RISK_SECTION.search(r.line.section), -r.score))
        for risk in kept[:PER_MEETING]:
            text = truncate(risk.text, 280)
            if _key(risk.text) in quoted or any(_key(text) == _key(seen) for seen, _ in found):
                continue
            if findings.restates(risk.text, signals):
                continue
            found.append((text, Citation(source=first.source, quote=truncate(risk.quote, 280), date=first.date,
                                         section=risk.line.section or None)))  # fmt: skip
        if len(found) >= MAX_CHALLENGES:
            break
    return found[:MAX_CHALLENGES]


def _key(text: str) -> str:
    return " ".join(text.split())[:60]


def _is_challenge(risk, lines: list, goals: list[GoalProgress], floor: int = MIN_CHALLENGE_SCORE) -> bool:
    """A concern that is not a win, not a restated number, and strong enough (or on the note's risk list)."""
    line = risk.line
    listed = bool(findings.RISK_SECTION.search(line.section))
    if (risk.score < floor and not listed) or findings.is_data(line.section) or risk.text.endswith("?"):
        return False
    lead = next((ln.text for ln in reversed(lines[: line.index]) if ln.turn == line.turn), "")
    return findings.read(risk.text, line.section, lead, goals) != "win"


def relevant_steps(account: Account, health: AccountHealth, books: Playbooks) -> list[Step]:
    """Timed steps of the stage's playbooks, the renewal checkpoints when a renewal date is known, and
    playbooks that only apply on a signal (champion change) only when that signal is present."""
    stage = account.profile.get("stage")
    steps = books.steps(stage)
    if health.renewal_date and stage != "renewal":
        steps += books.steps("renewal")
    kinds = {s.kind for s in health.signals}
    kept = []
    for step in steps:
        needed = next((need for word, need in SIGNAL_PLAYBOOKS.items() if word in step.chunk.title.lower()), None)
        if needed is None or needed & kinds:
            kept.append(step)
    if kinds & SIGNAL_PLAYBOOKS["champion"] and not any("champion" in s.chunk.title.lower() for s in kept):
        kept = [s for c in books.chunks if "champion" in c.title.lower() for s in books.steps(c.doc_type)
                if "champion" in s.chunk.title.lower()][:4] + kept  # fmt: skip
    unique: dict[tuple[str, str], Step] = {}
    for step in kept:
        unique.setdefault((step.chunk.source, step.section), step)
    return list(unique.values())


def milestones(
    account: Account, health: AccountHealth, books: Playbooks, as_of: dt.date
) -> tuple[list[Milestone], list[Citation]]:
    """Stage steps from the stage's playbook, renewal checkpoints, and one milestone per unmet goal."""
    from bot.core.skills.plan import Milestone

    items: list[Milestone] = []
    cites: list[Citation] = []
    renewal = dt.date.fromisoformat(health.renewal_date) if health.renewal_date else None
    steps = relevant_steps(account, health, books)
    for step in steps:
        if step.before_renewal:
            if renewal is None:
                continue
            due = renewal - dt.timedelta(days=step.days)
            if renewal < as_of:
                continue  # the renewal itself is behind us: these checkpoints belong to the next term
        else:
            due = as_of + dt.timedelta(days=step.days)
        said = sentences(step.chunk.text)
        measure = truncate(said[0], 200) if said else step.section
        if due < as_of:  # a checkpoint we should already have held: say so rather than drop it
            measure = f"Overdue (its date has passed): confirm it was done. {measure}"
        items.append(Milestone(name=f"{step.chunk.title}: {step.section}", due=due.isoformat(), measure=measure))
        cites.append(chunk_citation(said[0] if said else step.section, step.chunk))
    for goal in health.goals:
        if goal.met is False:
            due = _goal_due(goal.goal, renewal)
            measure = (
                f"{sentence_case(plain_label(goal.metric))} from {goal.show(goal.current)} ({goal.current_date})"
                f" to {goal.show(goal.target)}"
            )
            items.append(Milestone(name=f"Goal: {goal.goal}", due=due, measure=measure))
    items.sort(key=lambda m: m.due or "9999")
    return items, cites


def plan_milestones(chunks: list[Chunk], as_of: dt.date) -> tuple[list[Milestone], list[Citation]]:
    """Dated steps of the plans the account team wrote in recent notes ("Save plan", "Onboarding plan for the
    Southwest"): "Land Quick Intake across East Campus by 2026-12-15 (…)" is a milestone due 2026-12-15."""
    from bot.core.skills.dates import resolve_due
    from bot.core.skills.plan import Milestone

    items: list[Milestone] = []
    cites: list[Citation] = []
    for first, meeting in meetings_from_chunks(_recent(chunks, as_of, CHALLENGE_DAYS)):
        for line in meeting.lines:
            if not _PLAN_SECTION.search(line.section) or _ACTION_SECTION.search(line.section):
                continue  # action items are actions, not milestones
            due = resolve_due(line.text, meeting.date)
            if due is None or due.date < as_of or any(m.measure == line.text for m in items):
                continue
            name = f"{line.section}: {_head(line.text, meeting.date)}"
            items.append(Milestone(name=name, due=due.date.isoformat(), measure=truncate(line.text, 240)))
            cites.append(Citation(source=first.source, quote=truncate(line.quote, 300), date=first.date,
                                  section=line.section))  # fmt: skip
    return items, cites


def _head(text: str, meeting_date: dt.date | None) -> str:
    """What a plan step is, without its dates and owners: a short label before a colon ("Ticket burn-down"),
    else the words before the first date ("Dispatcher training")."""
    from bot.core.skills.dates import find_dates

    label, _, rest = text.partition(":")
    if rest and len(label) <= 40 and len(label.split()) > 1:
        return label
    text = rest.strip() if rest and len(label.split()) == 1 else text
    dates = find_dates(text, meeting_date) if meeting_date else []
    head = text[: min(d.start for d in dates)] if dates else text
    head = re.sub(r"[\s,;(]*(?:\b(?:by|on|before|from|until|in|to)\s*)*$", "", head, flags=re.I)
    return truncate(head or text, 90)


def _goal_due(goal: str, renewal: dt.date | None) -> str | None:
    """'… by June 2027' → the end of that month; otherwise 30 days before renewal, so it counts there."""
    if match := _BY_MONTH.search(goal):
        month, year = _MONTHS[match.group(1).lower()], int(match.group(2))
        first_next = dt.date(year + (month == 12), month % 12 + 1, 1)
        return (first_next - dt.timedelta(days=1)).isoformat()
    return (renewal - dt.timedelta(days=30)).isoformat() if renewal else None


def playbook_actions(
    account: Account, health: AccountHealth, books: Playbooks, as_of: dt.date
) -> list[tuple[PlanAction, Citation]]:
    """What we own: the first steps of each timed section of the stage's playbook (and of the champion
    change playbook when a champion or sponsor is leaving)."""
    from bot.core.skills.plan import PlanAction

    steps = relevant_steps(account, health, books)
    out: list[tuple[PlanAction, Citation]] = []
    seen: set[str] = set()
    for step in steps:
        if step.before_renewal or step.section in seen:
            continue
        seen.add(step.section)
        due = (as_of + dt.timedelta(days=step.days)).isoformat()
        for sentence in [s for s in sentences(step.chunk.text) if _imperative(s)][:ACTIONS_PER_STEP]:
            action = PlanAction(action=truncate(sentence, 240), owner="us", due=due)
            out.append((action, chunk_citation(sentence, step.chunk)))
    return out


def _imperative(sentence: str) -> bool:
    """Playbook steps are written as instructions; explanations ("Most are glad to…") are not actions."""
    first = sentence.split(maxsplit=1)[0].lower().strip("\"“'(") if sentence.split() else ""
    return first.isalpha() and first not in _NOT_VERBS and not sentence.endswith("?")


def commitments(items: list[OpenItem]) -> list[tuple[PlanAction, Citation]]:
    """Open commitments from the notes, on our side or the customer's, with the person who owns each."""
    from bot.core.skills.plan import PlanAction

    out = []
    for i in items:
        due = i.due.isoformat() if i.due else None
        out.append((PlanAction(action=i.task, owner=i.side, due=due, who=i.owner, context=i.context), i.citation))
    return out


def risks(
    health: AccountHealth, found_challenges: list[tuple[str, Citation]], books: Playbooks,
    chunks: list[Chunk] | None = None,
) -> list[tuple[PlanRisk, Citation | None]]:  # fmt: skip
    """Strong signals, each with the play written for it, then the top challenges that a play or a decision
    in the notes answers (a challenge nothing answers stays a challenge: a made-up mitigation helps nobody)."""
    from bot.core.skills.plan import PlanRisk

    out: list[tuple[PlanRisk, Citation | None]] = []
    used: set[str] = set()
    for signal in health.signals:
        found = books.mitigation(signal.text, SIGNAL_HINTS.get(signal.kind, ""))
        mitigation, cite = found if found else (NO_PLAY, None)
        used.add(mitigation)
        out.append((PlanRisk(risk=signal.text, mitigation=mitigation, severity=SEVERITY.get(signal.kind, "medium")),
                    cite))  # fmt: skip
    for text, cite in found_challenges:
        found = books.mitigation(text) or agreed_mitigation(text, cite.date, chunks or [])
        if found is None or found[0] in used or len(out) >= MAX_RISKS:
            continue  # nothing fits, or the same play already answers a signal: the same risk in other words
        used.add(found[0])
        out.append((PlanRisk(risk=text, mitigation=found[0], severity=_challenge_severity(text)), found[1]))
    return out


def agreed_mitigation(risk: str, since: str | None, chunks: list[Chunk]) -> tuple[str, Citation] | None:
    """When no play fits, what the account team and the customer decided about it since it was raised
    ("Agreed since it was raised: All Black Friday segments as snapshots."), if a decision shares its words; the
    citation carries the date."""
    from bot.core.skills.decisions import extract_decisions

    wanted = _words(risk)
    best, best_shared = None, MIN_SHARED_WITH_DECISION - 1
    later = [c for c in chunks if c.date and (since is None or c.date >= since)]
    for first, meeting in meetings_from_chunks(later):
        for decision in extract_decisions(meeting):
            shared = len(wanted & _words(decision.text))
            if shared > best_shared:
                best, best_shared = (decision, first), shared
    if best is None:
        return None
    decision, first = best  # the decision reworded from a recap list; the citation quotes its line as said
    return f"Agreed since it was raised: {decision.text}", Citation(
        source=first.source, quote=truncate(decision.line.quote, 300), date=first.date
    )


def _words(text: str) -> set[str]:
    from bot.core.text import tokens

    return {t for t in tokens(text) if not t[0].isdigit() and len(t) > 2}


def _challenge_severity(text: str) -> str:
    from bot.core.skills.signals import risk_score

    score, churn = risk_score(text)
    return "medium" if churn or score >= 4 else "low"
