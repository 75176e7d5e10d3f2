"""`qbr ACCOUNT`: a QBR brief with health, metric trends, goal progress, wins, risks, an agenda,
discovery questions, open actions, innovation contribution and charts, every item cited or computed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from pydantic import BaseModel, Field

from bot.core.copilot import Copilot
from bot.core.errors import UserInputError
from bot.core.health.portfolio import account_health, health_inputs, load_config
from bot.core.health.score import AccountHealth, Band, Driver
from bot.core.knowledge.documents import Chunk
from bot.core.knowledge.metrics_text import label, show_metric
from bot.core.metrics.goals import GoalProgress
from bot.core.metrics.series import Series, ratio_series, trend, until
from bot.core.skills import charts
from bot.core.skills.common import Citation, GuardNote
from bot.core.skills.innovation import InnovationContribution, innovation_contribution
from bot.core.skills.qbr_text import agenda, discovery_questions, render_markdown
from bot.core.text import sentences, truncate

QUARTER_DAYS = 120  # notes this recent feed wins, risks and open actions
MAX_FINDINGS = 6
# Which way is good for the well-known metrics (outcome metrics take their goal's direction).
GOOD_DIRECTION = {"active_users": "up", "feature_adoption": "up", "nps": "up", "csat": "up", "open_tickets": "down",
                  "adoption": "up", "arr": "up", "ces": "down"}  # fmt: skip
_WIN_SECTION = re.compile(r"\bwins?\b|success|highlights?|value delivered", re.I)
_RISK_SECTION = re.compile(r"\brisks?\b|concerns?|blockers?|issues?", re.I)
_WIN_LINE = re.compile(r"^(?:adopted|win)\s*:", re.I)


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
        wins=_wins(series, health, recent), risks=_risks(health, recent),
        agenda=[], discovery_questions=[], open_actions=_open_actions(recent, as_of),
        innovation=innovation_contribution([c for c in inputs.chunks if not c.date or c.date <= as_of.isoformat()]),
    )  # fmt: skip
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


def _wins(series: dict[str, Series], health: AccountHealth, recent: list[Chunk]) -> list[Finding]:
    wins = [Finding(text=f"Goal met: {g.goal}. {g.status}", citations=[_metrics_cite(health, g.metric)])
            for g in health.goals if g.met]  # fmt: skip
    for tr in _metric_trends(series, health):
        if tr.good and tr.name in GOOD_DIRECTION and tr.name != "arr":
            wins.append(Finding(
                text=f"{tr.label.capitalize()} went {tr.trend} from {_show(tr, tr.previous)} on {tr.previous_date}"
                     f" to {_show(tr, tr.current)} on {tr.current_date}",
                citations=[_metrics_cite(health, tr.name)],
            ))  # fmt: skip
    wins += _quoted(recent, lambda c, s: bool(_WIN_SECTION.search(_section(c)) or _WIN_LINE.match(s)))
    return wins[:MAX_FINDINGS]


def _risks(health: AccountHealth, recent: list[Chunk]) -> list[Finding]:
    risks = [Finding(text=s.text, citations=s.citations) for s in health.signals]
    risks += _quoted(recent, lambda c, s: bool(_RISK_SECTION.search(_section(c))))
    return _dedupe(risks)[:MAX_FINDINGS]


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
                found.append(Finding(text=truncate(sentence, 300), citations=[_chunk_cite(sentence, chunk)]))
    return found


def _section(chunk: Chunk) -> str:
    """The innermost heading: "Renewal risk review > Summary" is a summary, not a risks section."""
    return chunk.section.split(" > ")[-1]


def _dedupe(findings: list[Finding]) -> list[Finding]:
    kept: list[Finding] = []
    for finding in findings:
        words = set(finding.text.lower().split())
        if all(len(words & set(k.text.lower().split())) < 0.6 * len(words) for k in kept):
            kept.append(finding)
    return kept


def _open_actions(recent: list[Chunk], as_of: dt.date) -> list[OpenAction]:
    """Commitments from recent notes and calls that are not yet due (or have no date)."""
    from bot.core.skills.actions import extract_actions
    from bot.core.skills.meeting import meetings_from_chunks

    actions = []
    for first, meeting in meetings_from_chunks(recent):
        for found in extract_actions(meeting):
            if found.due is None or found.due >= as_of:
                cite = Citation(source=first.source, quote=truncate(found.line.text, 300), date=first.date)
                actions.append(OpenAction(owner=found.owner, task=found.task,
                                          due=found.due.isoformat() if found.due else None, citation=cite))  # fmt: skip
    return actions[:10]


def _charts(name: str, series: dict[str, Series], health: AccountHealth, folder: Path) -> list[Path]:
    made = [
        charts.usage_chart(name, series.get("active_users", []), series.get("licensed_seats", []), folder),
        charts.satisfaction_chart(name, series.get("nps", []), series.get("csat", []), folder),
        charts.outcomes_chart(name, series, health.goals, folder),
    ]
    return [p for p in made if p is not None]


def _show(tr: MetricTrend, value: float | None) -> str:
    if value is None:
        return "-"
    return show_metric(tr.name, value)


def _metrics_cite(health: AccountHealth, metric: str | None) -> Citation:
    return Citation(source=f"accounts/{health.account}/metrics.csv", quote=f"{metric} by month", section=metric)


def _chunk_cite(sentence: str, chunk: Chunk) -> Citation:
    return Citation(source=chunk.source, quote=truncate(sentence, 300), chunk_id=chunk.id, date=chunk.date,
                    section=chunk.section or None)  # fmt: skip


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
