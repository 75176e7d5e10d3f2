"""The templated parts of a QBR brief (agenda, discovery questions) and its Markdown rendering.

Templates are filled only with facts from the profile, the computed metrics and the notes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bot.core.health.score import AccountHealth
from bot.core.knowledge.accounts import Account
from bot.core.knowledge.metrics_text import RATIO_METRICS, show_metric
from bot.core.metrics.goals import GoalProgress, metric_unit, plain_label, sentence_case
from bot.core.skills.people import label
from bot.core.text import truncate

if TYPE_CHECKING:
    from bot.core.skills.qbr import QbrBrief


CHART_TITLES = {"usage_vs_seats": "Active users vs licensed seats", "satisfaction": "NPS and CSAT by month",
                "outcomes": "Outcome metrics against their goals"}  # fmt: skip


def _people(account: Account, *types: str) -> list[str]:
    return [str(p["name"]) for p in account.profile.get("stakeholders") or []
            if isinstance(p, dict) and p.get("type") in types and p.get("name")]  # fmt: skip


def agenda(account: Account, brief: QbrBrief) -> list[str]:
    """A 60–75 minute agenda built around the customer's goals, not our product."""
    hosts = _people(account, "sponsor", "champion", "decision_maker")
    items = [f"Welcome and what {account.name} wants from today (5 min)" + (f": {', '.join(hosts)}" if hosts else "")]
    if brief.goals:
        items.append(f"Progress on your business goals (15 min): {goal_tally(brief.goals)}")
    if brief.wins:
        items.append(f"Wins since last quarter (10 min): {truncate(brief.wins[0].text, 90)}")
    adoption = next((m for m in brief.metrics if m.name == "adoption"), None)
    trend_bits = [f"health {brief.health.score} ({brief.health.band})"]
    if adoption:
        trend_bits.append(f"seat adoption {adoption.current:.0%}")
    items.append(f"Health and usage trends (10 min): {', '.join(trend_bits)}")
    if brief.risks:
        items.append(f"Risks and the plan to address them together (10 min): {truncate(brief.risks[0].text, 90)}")
    focus = _focus(account, brief)
    items.append(f"Co-creation (15 min): how might we {focus}?")
    if brief.innovation.ideas:
        items.append(f"Ideas we are exploring together (5 min): {brief.innovation.adopted} of "
                     f"{brief.innovation.raised} adopted so far")  # fmt: skip
    items.append("Next steps, owners and dates (5 min)")
    return items


def goal_tally(goals: list[GoalProgress]) -> str:
    """'1 of 3 goals met', or '0 of 2 measurable goals met; 1 has no metric yet' when the data does not
    measure every goal (so it reads the same as the health drivers' count of unmet goals)."""
    measured = [g for g in goals if g.measured]
    met = sum(1 for g in measured if g.met)
    unmeasured = len(goals) - len(measured)
    if not unmeasured:
        return f"{met} of {len(goals)} goal{'s' if len(goals) != 1 else ''} met"
    text = f"{met} of {len(measured)} measurable goal{'s' if len(measured) != 1 else ''} met"
    return text + f"; {unmeasured} {'has' if unmeasured == 1 else 'have'} no metric yet"


def _focus(account: Account, brief: QbrBrief) -> str:
    unmet = next((g for g in brief.goals if g.met is False), None)
    if unmet:
        return unmet.goal[0].lower() + unmet.goal[1:].rstrip(".")
    users = account.profile.get("end_users")
    return f"make the next quarter easier for {persona(users, 'your users')}" if users else "build on this quarter"


def persona(text: str | None, fallback: str) -> str:
    """A short name for the people a profile describes (bot.core.skills.people.label): "About 11,000 students in
    grades 6-12 and their families" → "about 11,000 students in grades 6-12 and their families"."""
    return label(text, fallback)


def discovery_questions(account: Account, brief: QbrBrief, health: AccountHealth) -> list[str]:
    """Empathize-stage questions about the people behind the numbers."""
    profile = account.profile
    users = persona(profile.get("end_users"), "your users")
    questions = []
    use_cases = profile.get("use_cases") or []
    if use_cases:
        questions.append(f"What gets in the way for {users} when they work on {str(use_cases[0]).lower()} today?")
    worst = next((m for m in brief.metrics if m.good is False and m.previous is not None), None)
    if worst:
        questions.append(
            f"{sentence_case(worst.label)} went {worst.trend} since {worst.previous_date}: what are people "
            "experiencing day to day that the numbers don't show?"
        )
    unmet = next((g for g in brief.goals if g.met is False), None)
    theirs = profile.get("customers_customers")
    if unmet and theirs:
        questions.append(f"What would reaching “{unmet.goal}” change for {persona(theirs, 'your customers')}?")
    elif unmet:
        questions.append(f"What is standing between you and “{unmet.goal}”, in your team's words?")
    if any(s.kind in ("champion_departure", "sponsor_departure") for s in health.signals):
        leaving = ", ".join(_people(account, "champion")) or "your champion"
        questions.append(f"As {leaving} moves on, who else should we learn from, and what matters most to them?")
    questions.append("Where do today's workarounds still fall short, and who feels that most?")
    questions.append("Looking at next quarter, what would success look like in your own words?")
    return questions


def render_markdown(brief: QbrBrief, folder: Path) -> Path:
    """Write the brief as Markdown next to its charts (embedded by relative path)."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"# QBR brief: {brief.name}", "", f"Prepared {brief.as_of}. Health **{brief.health.score}** "
             f"({brief.health.band}).", "", "## Health drivers", ""]  # fmt: skip
    lines += [f"- {'▲' if d.effect == 'positive' else '▼'} {d.text}{_refs(d.citations)}" for d in brief.health.drivers]
    lines += ["", "## Metric trends (current vs three months earlier)", "",
              "| metric | three months earlier | current | trend |", "|---|---|---|---|"]  # fmt: skip
    for m in brief.metrics:
        previous = "" if m.previous is None else f"{_num(m.name, m.previous)} ({m.previous_date})"
        mark = {True: " (good)", False: " (bad)"}.get(m.good, "")
        unit = metric_unit(m.name)
        name = sentence_case(plain_label(m.name)) + (f" ({unit})" if unit else "")
        lines.append(f"| {name} | {previous} | {_num(m.name, m.current)} ({m.current_date}) | {m.trend}{mark} |")
    lines += ["", f"## Business goals ({goal_tally(brief.goals)})" if brief.goals else "## Business goals", ""]
    lines += [f"- **{g.goal}**: {g.status}" for g in brief.goals]
    for title, findings in (("Wins", brief.wins), ("Risks", brief.risks)):
        lines += ["", f"## {title}", ""] + ([f"- {f.text}{_refs(f.citations)}" for f in findings] or ["- none found"])
    lines += ["", "## Proposed agenda", ""] + [f"{i}. {item}" for i, item in enumerate(brief.agenda, start=1)]
    lines += ["", "## Discovery questions", ""] + [f"- {q}" for q in brief.discovery_questions]
    lines += ["", "## Open actions", ""]
    lines += [_action_line(a) for a in brief.open_actions] or ["- none open"]
    lines += ["", f"## Innovation contribution ({brief.innovation.adopted} of {brief.innovation.raised} ideas adopted)",
              ""]  # fmt: skip
    lines += [f"- {'adopted' if i.adopted else 'open'}: {i.idea}" for i in brief.innovation.ideas]
    lines += ["", "## Charts", ""] + [f"![{CHART_TITLES.get(Path(c).stem, Path(c).stem.replace('_', ' '))}]"
                                      f"({Path(c).name})" for c in brief.charts]  # fmt: skip
    lines += ["", "## Sources", ""] + [f"{n}. `{c.source}` — {c.quote}" for n, c in enumerate(brief.citations, 1)]
    path = folder / f"qbr-{brief.account}.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _action_line(action) -> str:
    """'- **Tara Singh** (customer): Build … — due 2026-11-13 · from 2026-11-06 Black Friday readiness'."""
    side = {"us": " (us)", "customer": " (customer)"}.get(action.side or "", "")
    tail = [f"due {action.due}" if action.due else "no date", f"from {action.context}" if action.context else ""]
    return f"- **{action.owner or 'unassigned'}**{side}: {action.task} — {' · '.join(t for t in tail if t)}"


def _refs(citations) -> str:
    return f" ({', '.join(sorted({c.source.rsplit('/', 1)[-1] for c in citations}))})" if citations else ""


def _num(metric: str, value: float) -> str:
    """Shares as percentages (as everywhere else in the brief), counts with thousands separators."""
    if metric in RATIO_METRICS:
        return show_metric(metric, value)
    return f"{value:.4g}" if abs(value) < 10 else f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
