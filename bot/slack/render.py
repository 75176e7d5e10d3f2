"""One pure function per skill: the core's output model → a `Doc` (see blocks.py). No Slack calls here.

Plan and reframe results are read through `model_dump()` by the field names of DESIGN.md's JSON contract, so
these renderers do not depend on those modules' classes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from bot.core.knowledge.metrics_text import show_metric
from bot.slack.blocks import Doc, Section

BAND_EMOJI = {"red": ":red_circle:", "yellow": ":large_yellow_circle:", "green": ":large_green_circle:"}
VERDICTS = {
    "yes_and": "Yes, and: nothing in it closes the conversation.",
    "yes_but": "Yes, but: it acknowledges, then blocks.",
    "no": "No: it blocks without acknowledging first.",
}
SKILL_NAMES = {
    "ask": "a question",
    "plan": "a success plan",
    "qbr": "a QBR brief",
    "health": "portfolio health",
    "reframe": "a problem reframe",
    "yes-and": "“Yes, and…” replies",
    "check-reply": "a reply check",
    "summarize": "a summary",
}
HINTS = {
    "summarize": "Paste the notes after “summarize:”, or share the transcript file (.txt, .vtt, .srt, .md) with me.",
    "plan": "Name the account, e.g. “draft a success plan for Acme”.",
    "qbr": "Name the account, e.g. “prep a QBR for Acme”.",
    "reframe": "Put the problem after a colon, e.g. “reframe: nurses skip the triage form”.",
    "yes-and": "Put the customer's words after a colon, e.g. “yes-and this: …”.",
    "check-reply": "Put your draft after a colon, e.g. “check my reply: …”.",
    "any": "Try naming the account, or start with a command word, e.g. “qbr Acme” or “summarize: …”.",
}


def citations_of(result: Any) -> list[dict]:
    """Citations as plain dicts, whatever model carried them."""
    items = result.get("citations", []) if isinstance(result, dict) else getattr(result, "citations", [])
    return [c.model_dump() if isinstance(c, BaseModel) else dict(c) for c in items or []]


def renewal_countdown(days: int | None, date: str | None) -> str:
    if days is None:
        return "no renewal date on file"
    if days == 0:
        return f"renews today ({date})"
    if days < 0:
        return f"renewal date passed {-days} days ago ({date})"
    return f"renews in {days} day{'s' if days != 1 else ''} ({date})"


def render_ask(result: Any) -> Doc:
    title = "Answer" + (f" · {result.account}" if result.account else "")
    return Doc(
        title=title,
        sections=[Section(lines=[result.answer])],
        citations=citations_of(result),
        retrieved=list(result.retrieved),
        account=result.account,
    )


def render_plan(result: BaseModel) -> Doc:
    p = result.model_dump()
    profile, state = p.get("customer_profile") or {}, p.get("current_state") or {}
    sections = [
        Section(
            "Stakeholders",
            [_join(s.get("name"), s.get("role"), s.get("type")) for s in profile.get("stakeholders", [])],
            "bullets",
        ),
        Section("Business goals", list(profile.get("business_goals", [])), "bullets"),
        Section("Key use cases", list(profile.get("key_use_cases", [])), "bullets"),
        Section("Usage", list(state.get("usage", [])), "bullets"),
        Section("Adoption", list(state.get("adoption", [])), "bullets"),
        Section("Challenges", list(state.get("challenges", [])), "bullets"),
        Section(
            "Milestones",
            [
                _join(m.get("name"), m.get("due") and f"due {m['due']}", m.get("measure"))
                for m in p.get("milestones", [])
            ],
            "bullets",
        ),
        Section("Success metrics", [_metric_line(m) for m in p.get("success_metrics", [])], "bullets"),
        Section(
            "Actions",
            [
                _join(
                    f"{_owner(a)}: {a.get('action')}",
                    a.get("due") and f"due {a['due']}",
                    a.get("context") and f"from {a['context']}",
                )
                for a in p.get("actions", [])
            ],
            "bullets",
        ),
        Section(
            "Risks",
            [
                _join(
                    f"{r.get('severity', '')}: {r.get('risk')}".lstrip(": "),
                    r.get("mitigation") and f"mitigation: {r['mitigation']}",
                )
                for r in p.get("risks", [])
            ],
            "bullets",
        ),
    ]
    account = p.get("account") if isinstance(p.get("account"), str) else None
    note = f"Journey stage: {p.get('journey_stage') or 'unknown'}"
    return Doc(
        title=f"Success plan: {p.get('name') or account}",
        note=note,
        sections=sections,
        citations=citations_of(p),
        account=account,
    )


def _owner(action: dict) -> str:
    """Who acts: "us (Maya Castellanos)", "customer (Priya Natarajan)", or the side alone."""
    side, who = action.get("owner"), action.get("who")
    return f"{side} ({who})" if who else str(side)


def render_reframe(result: BaseModel) -> Doc:
    r = result.model_dump()
    sections = [
        Section("Problem statement", [r.get("statement", "")]),
        Section(
            None,
            [
                f"Who: {r.get('persona', '')}",
                f"Needs: {r.get('need', '')}",
                f"Insight: {r.get('insight', '')}",
                f"Root cause: {r.get('root_cause', '')}",
            ],
            "bullets",
        ),
        Section("How might we…", list(r.get("how_might_we", [])), "bullets"),
    ]
    return Doc(title="Reframed as a human-centric problem", sections=sections, citations=citations_of(r))


def render_qbr(brief: Any) -> Doc:
    health = brief.health
    metrics = [
        f"{m.label}: {show_metric(m.name, m.current)} ({m.current_date}), {m.trend}"
        + ("" if m.previous is None else f" from {show_metric(m.name, m.previous)} ({m.previous_date})")
        for m in brief.metrics
    ]
    actions = [
        f"{a.owner or 'unassigned'}: {a.task}" + (f" (due {a.due})" if a.due else "") for a in brief.open_actions
    ]
    sections = [
        Section("Health drivers", [("+ " if d.effect == "positive" else "− ") + d.text for d in health.drivers]),
        Section("Metrics (current vs three months earlier)", metrics, "bullets"),
        Section("Goals", [f"{g.goal}: {g.status}" for g in brief.goals], "bullets"),
        Section("Wins", [w.text for w in brief.wins], "bullets"),
        Section("Risks", [r.text for r in brief.risks], "bullets"),
        Section("Agenda", list(brief.agenda), "numbered"),
        Section("Discovery questions", list(brief.discovery_questions), "bullets"),
        Section("Open actions", actions, "bullets"),
    ]
    note = f"{BAND_EMOJI.get(health.band, '')} Health {health.score} ({health.band}) · as of {brief.as_of}".strip()
    return Doc(
        title=f"QBR brief: {brief.name}",
        note=note,
        sections=sections,
        citations=citations_of(brief),
        files=[Path(c) for c in brief.charts],
        account=brief.account,
    )


def render_health(report: Any) -> Doc:
    rows = [
        f"{BAND_EMOJI.get(r.band, r.band)} {r.name}: {r.score} · {renewal_countdown(r.days_to_renewal, r.renewal_date)}"
        + (f" · {r.drivers[0].text}" if r.drivers else "")
        for r in report.accounts
    ]
    warnings = [f"{w.account}: {w.reason}" for w in report.early_warnings] or ["none"]
    return Doc(
        title=f"Portfolio health on {report.as_of}",
        note="At-risk accounts first.",
        sections=[
            Section("Accounts", rows),
            Section(f"Early warnings (vs {report.compared_with})", warnings, "bullets"),
        ],
    )


def render_yes_and(result: Any) -> Doc:
    sections = [
        Section("Replies", list(result.responses), "numbered"),
        Section("Discovery questions", list(result.questions), "bullets"),
    ]
    title = "“Yes, and…” replies" + (f" · {result.account}" if result.account else "")
    return Doc(title=title, sections=sections, citations=citations_of(result), account=result.account)


def render_check(checked: Any) -> Doc:
    sections = [Section(None, [VERDICTS.get(checked.verdict, checked.verdict)])]
    if checked.flags:
        sections.append(Section("Phrases that block", [f"“{f}”" for f in checked.flags], "bullets"))
    heading = "Draft (no change needed)" if checked.verdict == "yes_and" else "Suggested rewrite"
    sections.append(Section(heading, [checked.rewrite]))
    return Doc(title="Reply check", sections=sections)


def render_summary(result: Any) -> Doc:
    actions = [
        f"{a.owner or 'unassigned'}: {a.task}" + (f" (due {a.due})" if a.due else "") for a in result.action_items
    ]
    sections = [
        Section("Summary", list(result.summary), "bullets"),
        Section("Decisions", list(result.decisions) or ["none found"], "bullets"),
        Section("Action items", actions or ["none found"], "bullets"),
        Section("Risks", list(result.risks) or ["none found"], "bullets"),
        Section("Follow-up email draft", result.follow_up_email.splitlines(), "code"),
    ]
    if result.filed_as:
        sections.append(Section(None, [f"Filed as {result.filed_as} and ingested."]))
    note = " · ".join(p for p in (result.meeting_date, result.account, f"sentiment: {result.sentiment}") if p)
    return Doc(
        title=f"Summary: {result.title}",
        note=note,
        sections=sections,
        citations=citations_of(result),
        account=result.account,
    )


def render_help(_: Any = None) -> Doc:
    commands = [
        "/csm ask <question> — a cited answer from your notes, transcripts, metrics and playbooks",
        "/csm plan <account> — a success plan draft",
        "/csm qbr <account> — a QBR brief with metric charts",
        "/csm health — your accounts by health band, at-risk first",
        "/csm reframe <problem> — a human-centric problem statement",
        "/csm yes-and <customer feedback> — “Yes, and…” replies",
        "/csm summarize <notes> — summary, decisions, action items, follow-up email",
    ]
    elsewhere = [
        "Mention me in a channel: I answer in the thread and follow up there without a new mention.",
        "DM me anything, or share a call transcript (.txt, .vtt, .srt, .md) with me to get it summarized.",
        "On any message (⋯ › More actions): Summarize thread, Reframe this, Yes-and this, Check my reply.",
        "Answers to /csm and shortcuts are private to you; use “Share to channel” to post one.",
    ]
    return Doc(
        title="What I can do",
        sections=[Section("Commands", commands, "bullets"), Section("Elsewhere in Slack", elsewhere, "bullets")],
    )


def render_unclear(route: Any) -> Doc:
    alternatives = [a for a in getattr(route, "alternatives", []) if a in SKILL_NAMES]
    lines = [f"I'm not sure what you need: {route.reason}."]
    if alternatives:
        lines.append("Did you want " + " or ".join(SKILL_NAMES[a] for a in alternatives) + "?")
    lines.append(HINTS.get(alternatives[0]) if alternatives and alternatives[0] in HINTS else HINTS["any"])
    help_doc = render_help()
    return Doc(title="Could you say a bit more?", sections=[Section(None, lines), *help_doc.sections])


def _join(*parts: Any) -> str:
    return " — ".join(str(p) for p in parts if p)


def _metric_line(metric: dict) -> str:
    figures = " → ".join(str(metric[k]) for k in ("current", "target") if metric.get(k) is not None)
    return _join(f"{metric.get('name')} ({metric.get('category')})", figures)
