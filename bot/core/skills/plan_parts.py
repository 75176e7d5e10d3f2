"""The parts of a success plan that are mined or derived: challenges, milestones, actions and risks."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from bot.core.health.score import AccountHealth
from bot.core.knowledge.accounts import Account
from bot.core.knowledge.documents import Chunk
from bot.core.knowledge.metrics_text import label
from bot.core.metrics.goals import unit_suffix
from bot.core.skills.common import Citation
from bot.core.skills.meeting import meetings_from_chunks
from bot.core.skills.playbooks import Playbooks, Step
from bot.core.text import sentences, truncate

if TYPE_CHECKING:
    from bot.core.skills.plan import Milestone, PlanAction, PlanRisk

RECENT_DAYS = 180
MAX_CHALLENGES = 5
ACTIONS_PER_STEP = 2
_MONTH_NAMES = "january february march april may june july august september october november december"
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES.split(), start=1)}
_BY_MONTH = re.compile(r"\bby (?:the end of )?(" + "|".join(_MONTHS) + r")\s+(\d{4})\b", re.I)
_WIN_LEAD = re.compile(r"^(?:adopted|win|resolved|fixed)\s*:", re.I)
_NOT_VERBS = set(
    """a an the this that these those it its they we you he she i if when while most many some every each our
    their in on at for with often usually never always there here what why how who which after before by""".split()
)
# Playbooks (by a word of their title) that apply only when one of these signals is present.
SIGNAL_PLAYBOOKS = {"champion": {"champion_departure", "sponsor_departure"}}
SEVERITY = {"champion_departure": "high", "sponsor_departure": "high", "renewal_goals_unmet": "high",
            "negative_sentiment": "medium", "unanswered_executive": "medium", "falling_active_users": "medium",
            "rising_tickets": "medium", "falling_nps": "medium"}  # fmt: skip


def _recent(chunks: list[Chunk], as_of: dt.date) -> list[Chunk]:
    start = (as_of - dt.timedelta(days=RECENT_DAYS)).isoformat()
    return [c for c in chunks if c.date and start <= c.date <= as_of.isoformat()]


def _cite(sentence: str, chunk: Chunk) -> Citation:
    return Citation(source=chunk.source, quote=truncate(sentence, 300), chunk_id=chunk.id, date=chunk.date,
                    section=chunk.section or None)  # fmt: skip


def challenges(chunks: list[Chunk], as_of: dt.date) -> list[tuple[str, Citation]]:
    """The strongest concerns raised in the last six months of notes and calls, newest first."""
    from bot.core.skills.signals import extract_risks

    found: list[tuple[str, Citation]] = []
    for first, meeting in meetings_from_chunks(_recent(chunks, as_of)):
        for risk in sorted(extract_risks(meeting), key=lambda r: -r.score)[:2]:
            text = truncate(risk.text, 280)
            if _WIN_LEAD.match(text):  # "Adopted: …" reports progress, not a challenge
                continue
            if all(text[:60] != seen[:60] for seen, _ in found):
                found.append((text, Citation(source=first.source, quote=text, date=first.date,
                                             section=risk.line.section or None)))  # fmt: skip
        if len(found) >= MAX_CHALLENGES:
            break
    return found[:MAX_CHALLENGES]


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
            if due < as_of:
                continue  # a checkpoint already behind us is not a milestone any more
        else:
            due = as_of + dt.timedelta(days=step.days)
        said = sentences(step.chunk.text)
        measure = truncate(said[0], 200) if said else step.section
        items.append(Milestone(name=f"{step.chunk.title}: {step.section}", due=due.isoformat(), measure=measure))
        cites.append(_cite(said[0] if said else step.section, step.chunk))
    for goal in health.goals:
        if goal.met is False:
            due = _goal_due(goal.goal, renewal)
            unit = unit_suffix("%" if goal.metric in ("adoption",) or (goal.metric or "").endswith("_pct") else None)
            measure = (
                f"{label(goal.metric or '')}: from {goal.current:.4g}{unit} ({goal.current_date})"
                f" to {goal.target:.4g}{unit}"
            )
            items.append(Milestone(name=f"Goal: {goal.goal}", due=due, measure=measure))
    items.sort(key=lambda m: m.due or "9999")
    return items, cites


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
            out.append((PlanAction(action=truncate(sentence, 240), owner="us", due=due), _cite(sentence, step.chunk)))
    return out


def _imperative(sentence: str) -> bool:
    """Playbook steps are written as instructions; explanations ("Most are glad to…") are not actions."""
    first = sentence.split(maxsplit=1)[0].lower().strip("\"“'(") if sentence.split() else ""
    return first.isalpha() and first not in _NOT_VERBS and not sentence.endswith("?")


def commitments(account: Account, chunks: list[Chunk], as_of: dt.date) -> list[tuple[PlanAction, Citation]]:
    """Open commitments from recent notes: owned by the customer when a stakeholder made them, else by us."""
    from bot.core.skills.actions import extract_actions
    from bot.core.skills.plan import PlanAction

    customer_words = {w.lower() for p in account.profile.get("stakeholders") or [] if isinstance(p, dict)
                      for w in str(p.get("name", "")).replace(".", " ").split() if len(w) > 2}  # fmt: skip
    out: list[tuple[PlanAction, Citation]] = []
    for first, meeting in meetings_from_chunks(_recent(chunks, as_of)):
        for found in extract_actions(meeting):
            if found.owner is None or (found.due is not None and found.due < as_of):
                continue
            owner_words = {w.lower() for w in found.owner.replace(".", " ").split()}
            side = "customer" if owner_words & customer_words else "us"
            action = PlanAction(action=found.task, owner=side, due=found.due.isoformat() if found.due else None,
                                who=found.owner)  # fmt: skip
            out.append((action, Citation(source=first.source, quote=truncate(found.line.text, 300), date=first.date)))
    return out


def risks(
    health: AccountHealth, found_challenges: list[tuple[str, Citation]], books: Playbooks
) -> list[tuple[PlanRisk, Citation | None]]:
    """Strong signals and the top challenges, each with the playbook mitigation that fits it best."""
    from bot.core.skills.plan import PlanRisk

    candidates = [(s.text, SEVERITY.get(s.kind, "medium")) for s in health.signals]
    candidates += [(text, "low") for text, _ in found_challenges[:2]]
    out: list[tuple[PlanRisk, Citation | None]] = []
    for text, severity in candidates:
        found = books.mitigation(text)
        mitigation, cite = found if found else ("No matching play in the playbooks; agree one with the team.", None)
        out.append((PlanRisk(risk=text, mitigation=mitigation, severity=severity), cite))
    return out
