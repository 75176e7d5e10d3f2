"""Plan and reframe suites: facts each output must contain, and a check that the plan's text invents no
person, date or number (everything quoted must appear in the account's files or the playbooks)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import BaseModel, Field

from bot.core.copilot import Copilot
from bot.core.skills.plan import PlanResult, plan
from bot.core.skills.reframe import reframe
from evals.datasets_io import load_jsonl
from evals.metrics import mean, mentions

_PERSON = re.compile(r"\b(?:Dr\.\s)?[A-Z][a-z]+(?:\s[A-Z][a-z]+)+\b")
_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?")


class PlanFigures(BaseModel):
    plans: int
    fact_share: float = Field(description="share of required facts present, over all plans")
    plans_with_all_facts: float
    invented: int = Field(description="people, dates and numbers in quoted text found in no source")
    forbidden: int = Field(0, description="texts a plan must not say (stale actions, wins as risks…) that it says")
    severity_share: float = Field(1.0, description="share of the expected risk counts by severity that are met")
    single_play_mitigations: float = Field(1.0, description="share of mitigations that are one play, not a list")
    misses: list[str] = Field(default_factory=list)

    def render(self) -> str:
        lines = [f"plan · {self.plans} accounts",
                 f"  required facts present {self.fact_share:.3f} (plans with all: {self.plans_with_all_facts:.3f})",
                 f"  invented people/dates/numbers in quoted text: {self.invented}",
                 f"  forbidden texts present: {self.forbidden} · risk severities as expected {self.severity_share:.3f}"
                 f" · one play per mitigation {self.single_play_mitigations:.3f}"]  # fmt: skip
        return "\n".join(lines + [f"  miss: {m}" for m in self.misses])


class ReframeFigures(BaseModel):
    cases: int
    persona: float
    insight: float
    grounded_insight: float = Field(description="share of insights cited to the expected account (or 'unknown')")
    hmw_at_least_3: float
    statement: float = Field(0.0, description="share of statements that open with the persona and give a 'because'")
    root_cause: float = Field(0.0, description="share of expected root causes matched (cases that name one)")
    root_cause_cases: int = 0
    misses: list[str] = Field(default_factory=list)

    def render(self) -> str:
        lines = [f"reframe · {self.cases} problems",
                 f"  persona {self.persona:.3f} · insight {self.insight:.3f} · grounded {self.grounded_insight:.3f}"
                 f" · ≥3 how-might-we {self.hmw_at_least_3:.3f}",
                 f"  statement opens with the persona and says why {self.statement:.3f}"
                 f" · root cause {self.root_cause:.3f} ({self.root_cause_cases} cases)"]  # fmt: skip
        return "\n".join(lines + [f"  miss: {m}" for m in self.misses])


def run_plans(copilot: Copilot, rows: list[dict[str, Any]] | None = None) -> PlanFigures:
    rows = rows if rows is not None else load_jsonl("plans.jsonl")
    copilot.ensure_ingested()
    shares, invented, misses, forbidden, severities, single = [], 0, [], 0, [], []
    for row in rows:
        result = plan(copilot, row["account"], dt.date.fromisoformat(row["as_of"]))
        text = result.model_dump_json()
        score = mentions(text, row["must_contain"])
        shares.append(score.value)
        if score.value < 1:
            misses.append(f"{row['id']}: {score.reason}")
        found = _invented(copilot, result)
        invented += len(found)
        misses += [f"{row['id']}: not in any source: {f}" for f in found]
        said = [f for f in row.get("must_not_contain", []) if f.lower() in _prose(result).lower()]
        forbidden += len(said)
        misses += [f"{row['id']}: must not say: {f}" for f in said]
        for severity, count in (row.get("risk_severities") or {}).items():
            got = sum(1 for r in result.risks if r.severity == severity)
            severities.append(1.0 if got >= count else 0.0)
            if got < count:
                misses.append(f"{row['id']}: {got} {severity} risks, expected at least {count}")
        single += [1.0 if r.mitigation.count("Mitigation:") <= 1 and " - " not in r.mitigation else 0.0
                   for r in result.risks]  # fmt: skip
    return PlanFigures(plans=len(rows), fact_share=mean(shares),
                       plans_with_all_facts=mean([1.0 if s == 1 else 0.0 for s in shares]), invented=invented,
                       forbidden=forbidden, severity_share=mean(severities) if severities else 1.0,
                       single_play_mitigations=mean(single) if single else 1.0, misses=misses)  # fmt: skip


def _prose(result: PlanResult) -> str:
    """What a plan says in words (not its citations): where stale, misplaced or context-less text would show."""
    parts = [*result.current_state.challenges, *(m.measure for m in result.milestones)]
    parts += [f"{m.name}: {m.current} / {m.target}" for m in result.success_metrics]
    parts += [a.action for a in result.actions] + [f"{r.risk} {r.mitigation}" for r in result.risks]
    return "\n".join(parts)


def _invented(copilot: Copilot, result: PlanResult) -> list[str]:
    """Names, dates and numbers in the quoted (non-computed) text of a plan that no source contains."""
    sources = " ".join(c.text for c in copilot.db.all_chunks() if c.account == result.account or c.kind == "playbook")
    quoted = [
        *result.current_state.challenges,
        *(a.action for a in result.actions),
        *(a.who or "" for a in result.actions),
        *(r.mitigation for r in result.risks),
        *(m.measure for m in result.milestones if not m.name.startswith("Goal:")),
    ]
    flat = " ".join(sources.split())
    found = []
    for text in quoted:
        # A capitalised pair may start with a verb ("Call Jasmine"): a name is invented only when its last
        # word (the surname or the name itself) is in no source.
        found += [m for m in _PERSON.findall(text) if m.split()[-1] not in flat]
        found += [m for m in _DATE.findall(text) if m not in flat]
        found += [m for m in _NUMBER.findall(_DATE.sub(" ", text)) if m not in flat]
    return sorted(set(found))


def run_reframes(copilot: Copilot, rows: list[dict[str, Any]] | None = None) -> ReframeFigures:
    rows = rows if rows is not None else load_jsonl("reframes.jsonl")
    copilot.ensure_ingested()
    persona, insight, grounded, hmw, statement, causes, misses = [], [], [], [], [], [], []
    for row in rows:
        result = reframe(copilot, row["problem"], row["account"])
        persona.append(persona_share(result.persona, row))
        insight.append(mentions(result.insight, row["insight_contains"]).value)
        expected = row["insight_source"]
        ok = (
            (not result.citations)
            if expected is None
            else bool(result.citations) and all(c.source.startswith(expected) for c in result.citations)
        )
        grounded.append(1.0 if ok else 0.0)
        hmw.append(1.0 if len(result.how_might_we) >= 3 else 0.0)
        opens = result.statement.lower().startswith(result.persona.lower()) and " because " in result.statement
        statement.append(1.0 if opens else 0.0)
        if row.get("root_cause"):
            causes.append(1.0 if result.root_cause == row["root_cause"] else 0.0)
        if persona[-1] < 1 or insight[-1] < 1 or not ok or not opens or (row.get("root_cause") and causes[-1] < 1):
            misses.append(f"{row['id']}: persona {result.persona!r}, insight {result.insight[:80]!r}, "
                          f"root cause {result.root_cause}")  # fmt: skip
    return ReframeFigures(cases=len(rows), persona=mean(persona), insight=mean(insight),
                          grounded_insight=mean(grounded), hmw_at_least_3=mean(hmw), statement=mean(statement),
                          root_cause=mean(causes), root_cause_cases=len(causes), misses=misses)  # fmt: skip


def persona_share(persona: str, row: dict[str, Any]) -> float:
    """Share of the case's persona facts in `persona`; 0 when it names a group the case rules out (the
    dispatchers, for a problem about drivers)."""
    if any(w.lower() in persona.lower() for w in row.get("persona_not", [])):
        return 0.0
    return mentions(persona, row["persona_contains"]).value
