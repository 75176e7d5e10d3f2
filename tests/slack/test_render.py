"""Per-skill renderers: the core's models as Docs."""

import datetime as dt

from pydantic import BaseModel

from bot.core.health.portfolio import portfolio_health
from bot.core.skills.plan import plan
from bot.slack.blocks import doc_blocks
from bot.slack.render import render_health, render_plan, render_reframe, render_unclear, renewal_countdown
from bot.slack.skills import SkillRequest


def test_renewal_countdown_reads_naturally():
    assert renewal_countdown(1, "2026-01-11") == "renews in 1 day (2026-01-11)"
    assert renewal_countdown(0, "2026-01-10") == "renews today (2026-01-10)"
    assert renewal_countdown(-3, "2026-01-07") == "renewal date passed 3 days ago (2026-01-07)"
    assert renewal_countdown(None, None) == "no renewal date on file"


def test_a_plan_renders_every_contract_section_with_its_citations(copilot):
    doc = render_plan(plan(copilot, "acme", as_of=dt.date(2026, 1, 10)))
    headings = [s.heading for s in doc.sections if s.lines]
    assert doc.title == "Success plan: Acme Clinics" and doc.account == "acme-clinics"
    assert {"Stakeholders", "Milestones", "Success metrics", "Actions", "Risks"} <= set(headings)
    assert any("Priya Nair" in line for s in doc.sections for line in s.lines)
    assert doc.citations and len(doc_blocks(doc)) <= 50


def test_a_plan_action_names_who_acts_and_where_it_was_agreed():
    action = {"action": "Send the guide", "owner": "us", "who": "Jordan Reyes", "due": "2025-11-10",
              "context": "2025-11-03 Weekly call"}  # fmt: skip
    doc = render_plan(_Plan(account="acme", actions=[action]))
    (line,) = next(s.lines for s in doc.sections if s.heading == "Actions")
    assert line == "us (Jordan Reyes): Send the guide — due 2025-11-10 — from 2025-11-03 Weekly call"


class _Plan(BaseModel):  # the parts of DESIGN.md's plan contract this test needs
    account: str
    actions: list[dict]


class _Reframe(BaseModel):  # DESIGN.md's reframe contract
    statement: str
    persona: str
    need: str
    insight: str
    root_cause: str
    how_might_we: list[str]
    citations: list[dict]


def test_a_reframe_renders_by_the_contract_fields():
    result = _Reframe(
        statement="Night nurses need a faster triage form",
        persona="night-shift nurses",
        need="finish triage in under a minute",
        insight="they skip fields under pressure",
        root_cause="process",
        how_might_we=["How might we cut triage to one screen?"],
        citations=[{"source": "accounts/acme/notes/x.md", "quote": "q"}],
    )
    doc = render_reframe(result)
    text = str(doc_blocks(doc))
    assert "Night nurses need a faster triage form" in text and "Root cause: process" in text
    assert "How might we cut triage to one screen?" in text and doc.citations[0]["source"] == "accounts/acme/notes/x.md"


def test_health_renders_at_risk_first_with_countdowns(copilot):
    doc = render_health(portfolio_health(copilot, dt.date(2026, 1, 10)))
    rows = doc.sections[0].lines
    assert "Acme Clinics" in rows[0] and "Orbit Freight" in rows[1]
    assert "renews in 50 days (2026-03-01)" in rows[0]


def test_unclear_explains_and_hints_at_the_likely_skill():
    request = SkillRequest(
        "unclear",
        reason="this looks like a summarize request, but there is no text to work on",
        alternatives=("summarize",),
    )
    lines = render_unclear(request).sections[0].lines
    assert lines[0].startswith("I'm not sure what you need: this looks like a summarize request")
    assert lines[1] == "Did you want a summary?" and "share the transcript file" in lines[2]
