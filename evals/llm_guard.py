"""LLM suite: how often the grounding guard has to step in, per skill, on whatever engine is configured.

Every skill runs on a few cases from the eval sets. For each skill: how many answers the model wrote, how many fell
back to offline (and why), and in how many of the model's answers the guard removed or reverted something (the
intervention rate), with what it removed most often. On the offline engine the same run shows what the guard
flags in the offline composer's own output: its false positives. The deterministic suites are unaffected.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from bot.core.copilot import Copilot
from bot.core.llm.engine import choose_engine
from evals.datasets_io import load_jsonl

PER_SKILL = 3
SKILLS = ("ask", "plan", "reframe", "yes_and", "check_reply", "summarize", "qbr")


class SkillGuardFigures(BaseModel):
    runs: int
    model_answers: int = Field(description="answers the model wrote (not a fallback)")
    fallbacks: dict[str, int] = Field(default_factory=dict, description="fallback reason → count")
    interventions: int = Field(description="model answers in which the guard removed or reverted something")
    intervention_rate: float | None = Field(description="interventions / model answers")
    removed: int = Field(description="items removed or reverted in all model answers")
    flagged: int = Field(description="findings only flagged (the offline composer's own output)")
    reasons: dict[str, int] = Field(default_factory=dict, description="what the guard caught, by kind")
    seconds: float


class LlmGuardFigures(BaseModel):
    """What `eval llm` measures."""

    engine: str
    model: str
    skills: dict[str, SkillGuardFigures]

    def render(self) -> str:
        lines = [f"llm · guard interventions per skill · engine {self.engine} ({self.model})"]
        for name, f in self.skills.items():
            rate = "-" if f.intervention_rate is None else f"{f.intervention_rate:.0%}"
            fallbacks = ", ".join(f"{k} ×{v}" for k, v in f.fallbacks.items()) or "none"
            lines.append(
                f"  {name:<12} {f.model_answers}/{f.runs} by the model, guard stepped in {f.interventions}"
                f" ({rate}), {f.removed} removed/reverted, {f.flagged} flagged; fallbacks: {fallbacks};"
                f" {f.seconds:.0f}s"
            )
            if f.reasons:
                lines.append("               caught: " + ", ".join(f"{k} ×{v}" for k, v in f.reasons.items()))
        return "\n".join(lines)


def run(copilot: Copilot, per_skill: int = PER_SKILL, skills: tuple[str, ...] = SKILLS) -> LlmGuardFigures:
    """Run each skill on `per_skill` cases and count the guard's findings."""
    copilot.ensure_ingested()
    by_skill = {}
    with tempfile.TemporaryDirectory() as charts:
        for name in skills:
            started = time.monotonic()
            results = [call(copilot) for call in cases(name, Path(charts))[:per_skill]]
            by_skill[name] = figures(results, time.monotonic() - started)
    model = copilot.settings.model if choose_engine(copilot) == "openai" else "-"
    return LlmGuardFigures(engine=choose_engine(copilot), model=model, skills=by_skill)


def case_rows(skill: str) -> list[dict[str, Any]]:
    """The eval-set rows that exercise one skill (the judge suite reads the same ones)."""
    if skill == "ask":
        return [r for r in load_jsonl("retrieval.jsonl") if r.get("gold_sources")]
    if skill == "check_reply":
        return [r for r in load_jsonl("yes_but.jsonl") if r["label"] != "yes_and"]
    files = {"plan": "plans", "qbr": "plans", "reframe": "reframes", "yes_and": "feedback", "summarize": "summaries"}
    if skill not in files:
        raise ValueError(f"unknown skill {skill!r}")
    return load_jsonl(f"{files[skill]}.jsonl")


def cases(skill: str, out: Path) -> list[Callable[[Copilot], Any]]:
    """The calls that exercise one skill, from the eval sets."""
    from bot.core.skills import ask, plan, qbr, reframe, summarize, yes_and

    calls: dict[str, Callable[[Copilot, dict[str, Any]], Any]] = {
        "ask": lambda c, r: ask.ask(c, r["question"], account=r.get("account")),
        "plan": lambda c, r: plan.plan(c, r["account"], as_of=dt.date.fromisoformat(r["as_of"])),
        "qbr": lambda c, r: qbr.qbr(c, r["account"], out=out / r["id"], as_of=dt.date.fromisoformat(r["as_of"])),
        "reframe": lambda c, r: reframe.reframe(c, r["problem"], account=r.get("account")),
        "yes_and": lambda c, r: yes_and.respond(c, r["text"], account=r.get("account")),
        "check_reply": lambda c, r: yes_and.check_reply(c, r["text"]),
        "summarize": lambda c, r: summarize.summarize(c, r["text"], r["name"]),
    }
    rows = case_rows(skill)  # raises on an unknown skill
    call = calls[skill]
    return [lambda c, r=r: call(c, r) for r in rows]


def figures(results: list[Any], seconds: float) -> SkillGuardFigures:
    """Counts over one skill's results."""
    by_model = [r for r in results if r.engine == "openai"]
    fallbacks = Counter(
        r.engine.removeprefix("offline (fallback: ").rstrip(")")
        for r in results
        if r.engine.startswith("offline (fallback")
    )
    acted = [[n for n in r.guard if n.action != "flagged"] for r in by_model]
    reasons = Counter(_kind(n.reason) for r in results for n in r.guard)
    return SkillGuardFigures(
        runs=len(results),
        model_answers=len(by_model),
        fallbacks=dict(fallbacks),
        interventions=sum(1 for a in acted if a),
        intervention_rate=round(sum(1 for a in acted if a) / len(by_model), 3) if by_model else None,
        removed=sum(len(a) for a in acted),
        flagged=sum(1 for r in results for n in r.guard if n.action == "flagged"),
        reasons=dict(reasons.most_common()),
        seconds=round(seconds, 1),
    )


_KINDS = (
    ("name", "name"),
    ("date", "date"),
    ("number", "number"),
    ("quote not found", "citation quote"),
    ("was not retrieved", "citation source"),
    ("reads as", "blocking phrase"),
    ("How might we", "not a HMW question"),
    ("because", "statement without 'because'"),
    ("Yes, and", "no 'Yes, and' opening"),
    ("question", "not a question"),
    ("too short", "too short"),
    ("nothing grounded", "nothing grounded left"),
)


def _kind(reason: str) -> str:
    """What a guard finding was about, in a word or two."""
    return next((label for cue, label in _KINDS if cue in reason), reason)
