"""The wins of a QBR brief, biggest first: goals met, outcome metrics moving toward their goal, wins the
account team wrote down (a "Wins" section, "Adopted: …", a launch, a customer's thanks), then the well-known
metrics that moved the good way by more than noise. Every win is computed or quoted."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.core.health.score import AccountHealth
from bot.core.knowledge.accounts import Account
from bot.core.knowledge.documents import Chunk
from bot.core.metrics.goals import GoalProgress, plain_label, sentence_case
from bot.core.metrics.series import Series, trend
from bot.core.skills import findings
from bot.core.skills.common import Citation, chunk_citation
from bot.core.text import sentences, truncate

if TYPE_CHECKING:
    from bot.core.skills.qbr import Finding, MetricTrend

MAX_WINS = 10
MAX_NOTED = 4  # wins quoted from the notes; the computed ones come first
# Smallest change worth calling a win: points for scores, share points for ratios, else 10% of the value.
MIN_CHANGE = {"nps": 5.0, "csat": 0.2, "ces": 0.3, "feature_adoption": 0.05, "adoption": 0.05}
MIN_RELATIVE_CHANGE = 0.10
MIN_COUNT_CHANGE = 3  # "open tickets went down from 2 to 1" is noise, whatever the share
MIN_GOAL_PROGRESS = 0.10  # a goal's metric moved at least a tenth of the way from baseline to target
# Sections that are not the customer's wins: plans, decisions and risks, and our own commercial position.
_NOT_WIN_SECTION = re.compile(
    r"action|next step|to-?do|follow[- ]?up|decision|risk|concern|agenda|commercial|pricing|deal|internal|"
    r"\bplan\b|timeline|milestone",
    re.I,
)
_THANKS = re.compile(
    r"\b(?:thank you for|appreciate[ds]?|much better|great job|well done|game[- ]changer|"
    r"(?:we|I) love (?:it|this|that))\b",
    re.I,
)


def wins(
    account: Account, health: AccountHealth, series: dict[str, Series], trends: list[MetricTrend],
    recent: list[Chunk], make: Callable[..., Finding],
) -> list[Finding]:  # fmt: skip
    """The brief's wins; `make(text, citations)` builds a Finding."""
    cite = _metrics_cite(health)
    found = [make(f"Goal met: {g.goal} ({_value(g)} on {g.current_date})", [cite(g.metric)]) for g in health.goals
             if g.met]  # fmt: skip
    moving = sorted(health.goals, key=lambda g: -(g.progress or 0))  # closest to its target first
    found += [make(text, [cite(g.metric)]) for g in moving if (text := _goal_progress(g, series))]
    noted, thanks = _noted_wins(account, recent, health.goals)
    found += dedupe([make(text, [c]) for text, c in noted + thanks[:1]], found)[: MAX_NOTED + 1]
    goal_metrics = {g.metric for g in health.goals}
    for tr in trends:
        if tr.good and tr.name not in goal_metrics and tr.name != "arr" and _worth_saying(tr):
            text = (f"{sentence_case(tr.label)} went {tr.trend} from {_show(tr, tr.previous)} on {tr.previous_date}"
                    f" to {_show(tr, tr.current)} on {tr.current_date}")  # fmt: skip
            found.append(make(text, [cite(tr.name)]))
    found += dedupe([make(text, [c]) for text, c in thanks], found)[:1]  # the customer's own words, once
    return found[:MAX_WINS]


def _value(goal: GoalProgress) -> str:
    return goal.show(goal.current)


def _goal_progress(goal: GoalProgress, series: dict[str, Series]) -> str | None:
    """'Duplicate complaints down from 280 (2026-08-01) to 82 (2026-11-01): 91% of the way to “…”' when an
    unmet goal's metric moved toward its target this quarter by more than noise."""
    if goal.met is not False or goal.metric is None or goal.progress is None or goal.target is None:
        return None
    values = series.get(goal.metric) or []
    tr = trend(values)
    if tr is None or tr.previous is None or goal.baseline is None or goal.target == goal.baseline:
        return None
    scale = goal.current / values[-1][1] if values[-1][1] else 1.0  # a 0–1 series shown as a percentage
    before = (tr.previous * scale - goal.baseline) / (goal.target - goal.baseline)
    if goal.progress - before < MIN_GOAL_PROGRESS or goal.progress <= 0:
        return None
    way = "down" if goal.target < goal.baseline else "up"
    return (f"{sentence_case(plain_label(goal.metric))} {way} from {goal.show(tr.previous * scale)} "
            f"({tr.previous_date}) to {goal.show(goal.current)} ({goal.current_date}): "
            f"{goal.progress * 100:.0f}% of the way to the goal “{goal.goal}”")  # fmt: skip


def _noted_wins(
    account: Account, chunks: list[Chunk], goals: list[GoalProgress]
) -> tuple[list[tuple[str, Citation]], list[tuple[str, Citation]]]:
    """Wins the notes record, newest first (a wins section, "Adopted: …", a result that moved the good way, a
    launch), and a customer stakeholder's thanks in a call."""
    customers = {str(p.get("name")) for p in account.profile.get("stakeholders") or [] if isinstance(p, dict)}
    measured = [g for g in goals if g.measured]
    found: list[tuple[str, Citation]] = []
    thanks: list[tuple[str, Citation]] = []
    for chunk in sorted(chunks, key=lambda c: c.date or "", reverse=True):
        section = chunk.section.split(" > ")[-1]
        if chunk.kind == "transcript":
            thanks += [(f"{who}: “{s}”", chunk_citation(s, chunk)) for who, s in _thanks(chunk, customers)]
            continue
        if chunk.kind != "note" or _NOT_WIN_SECTION.search(section) or findings.is_data(section):
            continue
        said = [s for s in sentences(chunk.text) if not s.startswith("Attendees:")]
        for index, sentence in enumerate(said):
            lead = said[index - 1] if index else ""
            if findings.WIN_LEAD.match(lead) and len(lead) < 40:
                continue  # taken with its short lead-in below
            if not _is_win(sentence, section, lead, measured):
                continue
            if len(sentence) < 40 and index + 1 < len(said):  # "Adopted: Quick Intake." takes the result with it
                sentence = f"{sentence} {said[index + 1]}"
            if len(sentence) > 25:
                found.append((truncate(sentence, 300), chunk_citation(sentence, chunk)))
    return found, thanks


def _is_win(sentence: str, section: str, lead: str, measured: list[GoalProgress]) -> bool:
    """A win the notes state; a number that moved on a goal the metrics measure is left to the computed win."""
    from bot.core.skills.signals import risk_score

    if findings.WIN_LEAD.match(sentence) or findings.WIN_LEAD.match(lead) or findings.WIN_SECTION.search(section):
        return True
    reading = findings.read(sentence, section, lead, measured)
    if reading == "win":
        return not findings.about_goal(sentence, measured)
    launched = bool(findings.ACHIEVED.search(sentence)) and bool(findings.NEWS_SECTION.search(section))
    return reading == "neutral" and launched and risk_score(sentence)[0] == 0


def _thanks(chunk: Chunk, customers: set[str]) -> list[tuple[str, str]]:
    """A customer's own words of thanks or praise ("That's a much better answer than the one I got in May.")."""
    from bot.core.skills.signals import risk_score

    out = []
    first_names = {n.replace("Dr. ", "").split()[0] for n in customers if n}
    for line in chunk.text.splitlines():
        speaker, _, said = line.partition(": ")
        if speaker not in customers:
            continue
        for sentence in sentences(said):
            to_colleague = sentence.split(",", 1)[0] in first_names  # "Tom, thank you for doing this."
            if (
                _THANKS.search(sentence)
                and len(sentence.split()) >= 6
                and risk_score(sentence)[0] == 0
                and not to_colleague
            ):
                out.append((speaker, sentence))
    return out


def _worth_saying(tr: MetricTrend) -> bool:
    """More than noise: NPS +5 points, CSAT +0.2, a ratio +5 points, anything else 10%."""
    if tr.previous is None:
        return False
    change = abs(tr.current - tr.previous)
    if tr.name in MIN_CHANGE:
        return change >= MIN_CHANGE[tr.name] - 1e-9
    return bool(tr.previous) and change / abs(tr.previous) >= MIN_RELATIVE_CHANGE and change >= MIN_COUNT_CHANGE


def _show(tr: MetricTrend, value: float | None) -> str:
    from bot.core.knowledge.metrics_text import show_metric

    return "-" if value is None else show_metric(tr.name, value)


def _metrics_cite(health: AccountHealth) -> Callable[[str | None], Citation]:
    def cite(metric: str | None) -> Citation:
        return Citation(source=f"accounts/{health.account}/metrics.csv", quote=f"{metric} by month", section=metric)

    return cite


def dedupe(found: list[Finding], earlier: list[Finding]) -> list[Finding]:
    """Quoted wins or risks that say what an earlier one says (most of their words in common) are left out."""
    kept: list[Finding] = []
    for finding in found:
        words = set(finding.text.lower().split())
        if all(len(words & set(k.text.lower().split())) < 0.6 * len(words) for k in [*earlier, *kept]):
            kept.append(finding)
    return kept
