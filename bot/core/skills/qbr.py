"""`qbr ACCOUNT`: a QBR brief with health, metric trends, goal progress, wins, risks, an agenda,
discovery questions, open actions, innovation contribution and charts, every item cited or computed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel, Field

from bot.core.copilot import Copilot
from bot.core.errors import UserInputError
from bot.core.health.portfolio import account_health, health_inputs, load_config
from bot.core.health.score import AccountHealth, Band, Driver
from bot.core.knowledge.accounts import Account
from bot.core.knowledge.documents import Chunk
from bot.core.knowledge.metrics_text import label
from bot.core.metrics.goals import GoalProgress
from bot.core.metrics.series import Series, ratio_series, trend, until
from bot.core.skills import charts, findings, qbr_wins
from bot.core.skills.common import Citation, GuardNote, chunk_citation
from bot.core.skills.innovation import InnovationContribution, innovation_contribution
from bot.core.skills.open_actions import open_items
from bot.core.skills.plan import our_people
from bot.core.skills.qbr_text import agenda, discovery_questions, render_markdown
from bot.core.text import sentences, truncate

QUARTER_DAYS = 120  # notes this recent feed wins, risks and open actions
MAX_FINDINGS = 6
MAX_ACTIONS = 10
# Which way is good for the well-known metrics (outcome metrics take their goal's direction).
GOOD_DIRECTION = {"active_users": "up", "feature_adoption": "up", "nps": "up", "csat": "up", "open_tickets": "down",
                  "adoption": "up", "arr": "up", "ces": "down"}  # fmt: skip


class QbrHealth(BaseModel):
    score: int
    band: Band
    drivers: list[Driver]


class MetricTrend(BaseModel):
    """A metric's current value against the previous quarter's (three monthly rows earlier)."""

    name: str
    label: str
    current: float
    current_date: str
    previous: float | None = None
    previous_date: str | None = None
    trend: str = Field(description="up, down, flat, or new (no earlier value)")
    good: bool | None = Field(None, description="whether the trend goes the good way, when that is known")


class Finding(BaseModel):
    text: str
    citations: list[Citation] = Field(default_factory=list)


class OpenAction(BaseModel):
    owner: str | None
    task: str
    due: str | None = None
    citation: Citation
    side: str | None = Field(None, description='"us" or "customer"')
    context: str | None = Field(None, description="where it was agreed: the meeting's date and title")


class QbrBrief(BaseModel):
    """Everything a CSM needs to prepare a QBR; numbers are computed, text is quoted or templated."""

    account: str
    name: str
    as_of: str
    health: QbrHealth
    metrics: list[MetricTrend]
    goals: list[GoalProgress]
    wins: list[Finding]
    risks: list[Finding]
    agenda: list[str]
    discovery_questions: list[str]
    open_actions: list[OpenAction]
    innovation: InnovationContribution
    charts: list[str] = Field(default_factory=list, description="paths of the chart PNG files")
    markdown: str | None = Field(None, description="path of the Markdown brief that embeds the charts")
    citations: list[Citation] = Field(default_factory=list)
    engine: str = Field("offline", description='"offline", "openai", or "offline (fallback: <reason>)"')
    guard: list[GuardNote] = Field(default_factory=list, description="what the grounding guard removed or flagged")


def qbr(copilot: Copilot, account: str, out: Path | None = None, as_of: dt.date | None = None) -> QbrBrief:
    """Prepare the QBR brief for one account and write its charts and Markdown to `out`."""
    copilot.ensure_ingested()
    target = copilot.resolve_account(account)
    as_of = as_of or dt.date.today()
    inputs = health_inputs(copilot, target)
    if not inputs.series and not inputs.chunks:
        raise UserInputError(f"{target.name} has no metrics or notes to prepare a QBR from.")
    health = account_health(copilot, target, as_of, load_config(copilot))
    series = {m: until(v, as_of.isoformat()) for m, v in inputs.series.items()}
    series = {m: v for m, v in series.items() if v}
    recent = [c for c in inputs.chunks if _within(c.date, as_of, QUARTER_DAYS)]
    brief = QbrBrief(
        account=target.slug, name=target.name, as_of=as_of.isoformat(),
        health=QbrHealth(score=health.score, band=health.band, drivers=health.drivers),
        metrics=_metric_trends(series, health), goals=health.goals,
        wins=[], risks=_risks(health, recent), agenda=[], discovery_questions=[],
        open_actions=_open_actions(target, recent, as_of, our_people(target, copilot)),
        innovation=innovation_contribution([c for c in inputs.chunks if not c.date or c.date <= as_of.isoformat()]),
    )  # fmt: skip
    brief.wins = qbr_wins.wins(target, health, series, brief.metrics, recent, _finding)
    brief.agenda = agenda(target, brief)
    brief.discovery_questions = discovery_questions(target, brief, health)
    brief.citations = _all_citations(brief)
    from bot.core.llm.drafts import qbr as llm_qbr

    brief = llm_qbr.run(copilot, brief)
    folder = out or copilot.settings.home / "qbr" / f"{target.slug}-{as_of.isoformat()}"
    brief.charts = [str(p) for p in _charts(target.name, series, health, folder)]
    brief.markdown = str(render_markdown(brief, folder))
    return brief


def _within(date: str | None, as_of: dt.date, days: int) -> bool:
    return date is not None and (as_of - dt.timedelta(days=days)).isoformat() <= date <= as_of.isoformat()


def _adoption(series: dict[str, Series]) -> Series:
    return ratio_series(series.get("active_users", []), series.get("licensed_seats", []))


def _metric_trends(series: dict[str, Series], health: AccountHealth) -> list[MetricTrend]:
    goal_direction = {g.metric: ("down" if (g.target or 0) < (g.baseline or 0) else "up") for g in health.goals
                      if g.metric and g.target is not None and g.baseline is not None}  # fmt: skip
    named = {**series, **({"adoption": _adoption(series)} if _adoption(series) else {})}
    trends = []
    for metric, values in named.items():
        tr = trend(values)
        good_way = GOOD_DIRECTION.get(metric) or goal_direction.get(metric)
        good = None if tr.direction in ("new", "flat") or good_way is None else tr.direction == good_way
        trends.append(MetricTrend(
            name=metric, label=label(metric), current=round(tr.current, 4), current_date=tr.current_date,
            previous=None if tr.previous is None else round(tr.previous, 4), previous_date=tr.previous_date,
            trend=tr.direction, good=good,
        ))  # fmt: skip
    return trends


def _finding(text: str, citations: list[Citation]) -> Finding:
    return Finding(text=text, citations=citations)


def _risks(health: AccountHealth, recent: list[Chunk]) -> list[Finding]:
    """Computed signals first, then the risks the notes list; a note that restates a computed signal (an
    older "renewal within five months, goals unmet") gives way to the signal's current numbers."""
    risks = [Finding(text=s.text, citations=s.citations) for s in health.signals]
    kinds = {s.kind for s in health.signals}
    noted = _quoted(recent, lambda c, s: bool(findings.RISK_SECTION.search(_section(c))))
    # Signals are distinct by construction (their templated wording overlaps); only quotes are deduplicated.
    risks += qbr_wins.dedupe([f for f in noted if not findings.restates(f.text, kinds)], risks)
    return risks[:MAX_FINDINGS]


def _quoted(chunks: list[Chunk], keep) -> list[Finding]:
    """Sentences of recent notes that `keep(chunk, sentence)` selects; a short lead-in ("Adopted: Quick
    Intake.") takes the next sentence with it."""
    found = []
    for chunk in sorted(chunks, key=lambda c: c.date or "", reverse=True):
        if chunk.kind != "note":
            continue
        said = [s for s in sentences(chunk.text) if not s.startswith("Attendees:")]
        for index, sentence in enumerate(said):
            if not keep(chunk, sentence):
                continue
            if len(sentence) < 40 and index + 1 < len(said):
                sentence = f"{sentence} {said[index + 1]}"
            if len(sentence) > 25:
                found.append(Finding(text=truncate(sentence, 300), citations=[chunk_citation(sentence, chunk)]))
    return found


def _section(chunk: Chunk) -> str:
    """The innermost heading: "Renewal risk review > Summary" is a summary, not a risks section."""
    return chunk.section.split(" > ")[-1]


def _open_actions(account: Account, recent: list[Chunk], as_of: dt.date, ours: set[str]) -> list[OpenAction]:
    """Commitments from recent notes and calls that are still open (see open_actions.py)."""
    items = open_items(account, recent, as_of, ours)
    return [OpenAction(owner=i.owner, task=i.task, due=i.due.isoformat() if i.due else None, citation=i.citation,
                       side=i.side, context=i.context) for i in items][:MAX_ACTIONS]  # fmt: skip


def _charts(name: str, series: dict[str, Series], health: AccountHealth, folder: Path) -> list[Path]:
    made = [
        charts.usage_chart(name, series.get("active_users", []), series.get("licensed_seats", []), folder),
        charts.satisfaction_chart(name, series.get("nps", []), series.get("csat", []), folder),
        charts.outcomes_chart(name, series, health.goals, folder),
    ]
    return [p for p in made if p is not None]


def _all_citations(brief: QbrBrief) -> list[Citation]:
    seen, out = set(), []
    groups = [d.citations for d in brief.health.drivers] + [f.citations for f in brief.wins + brief.risks]
    groups += [[a.citation] for a in brief.open_actions] + [i.evidence for i in brief.innovation.ideas]
    for group in groups:
        for citation in group:
            key = (citation.source, citation.quote)
            if key not in seen:
                seen.add(key)
                out.append(citation)
    return out
