"""LLM-as-judge (optional): with a model configured, the model scores a few answers per skill on two 1–5 scales
(grounded in the sources the answer cites; useful to a CSM for the task), printed next to a deterministic figure
of the same answers, never instead of one. Without a model the suite says it was skipped.

The answers judged are those of the configured engine (the model's own, or the offline composer's after a
fallback), so the judge sees exactly what a CSM would. A verdict the judge cannot give in valid JSON is counted
as unscored, with the reason; it never becomes a score.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field

from bot.core.copilot import Copilot
from bot.core.llm import prompts
from bot.core.llm.client import LLMError
from bot.core.llm.engine import OutputProblem, choose_engine, output_format, read_draft
from evals.llm_guard import case_rows
from evals.metrics import mentions
from evals.skills import persona_share

PER_SKILL = 3
NEEDS = "set OPENAI_API_KEY or OPENAI_BASE_URL"
QUOTES_SHOWN = 8


class Verdict(BaseModel):
    """The judge's scores for one answer."""

    grounded: int = Field(ge=1, le=5, description="1 to 5: how well the sources support every claim")
    useful: int = Field(ge=1, le=5, description="1 to 5: how usable the answer is for the task as it stands")
    reason: str = Field(description="one sentence on what lowered a score", max_length=400)


class SkillJudgement(BaseModel):
    cases: int
    scored: int
    grounded: float | None = Field(description="mean judge score, 1–5")
    useful: float | None = Field(description="mean judge score, 1–5")
    unscored: dict[str, int] = Field(default_factory=dict, description="why a verdict could not be read → count")
    deterministic: str = Field(description="the deterministic figure of the same answers, for comparison")
    deterministic_value: float | None = None


class JudgeFigures(BaseModel):
    """What `eval judge` measures."""

    engine: str
    model: str
    skipped: str | None = None
    skills: dict[str, SkillJudgement] = Field(default_factory=dict)

    def render(self) -> str:
        if self.skipped:
            return f"judge · skipped: {self.skipped}"
        lines = [f"judge · LLM-as-judge on the configured engine's answers · judge model {self.model}"]
        for name, s in self.skills.items():
            scores = "no verdict" if s.scored == 0 else f"grounded {s.grounded:.2f} · useful {s.useful:.2f}"
            unscored = ", ".join(f"{k} ×{v}" for k, v in s.unscored.items())
            lines.append(f"  {name:<10} {s.scored}/{s.cases} judged: {scores}; next to: {s.deterministic}"
                         + (f"; unscored: {unscored}" if unscored else ""))  # fmt: skip
        return "\n".join(lines)


@dataclass
class Case:
    """One answer to judge: what it was for, what was asked, what it says, what it cites, and its own figure."""

    task: str
    request: str
    answer: str
    sources: str
    figure: float | None = None


def run(copilot: Copilot, per_skill: int = PER_SKILL) -> JudgeFigures:
    """Judge `per_skill` answers of each skill; skipped when no model is configured."""
    engine = choose_engine(copilot)
    if engine != "openai":
        return JudgeFigures(engine=engine, model="-", skipped=f"no LLM configured ({NEEDS})")
    copilot.ensure_ingested()
    skills = {name: judge_skill(copilot, make(copilot, per_skill), label) for name, (make, label) in CASES.items()}
    return JudgeFigures(engine=engine, model=copilot.settings.model, skills=skills)


def judge_skill(copilot: Copilot, cases: list[Case], label: str) -> SkillJudgement:
    verdicts: list[Verdict] = []
    unscored: Counter[str] = Counter()
    for case in cases:
        try:
            verdicts.append(verdict(copilot, case))
        except (OutputProblem, LLMError) as exc:
            unscored[getattr(exc, "reason", str(exc))] += 1
    figures = [c.figure for c in cases if c.figure is not None]
    value = round(statistics.fmean(figures), 3) if figures else None
    return SkillJudgement(
        cases=len(cases),
        scored=len(verdicts),
        grounded=round(statistics.fmean(v.grounded for v in verdicts), 2) if verdicts else None,
        useful=round(statistics.fmean(v.useful for v in verdicts), 2) if verdicts else None,
        unscored=dict(unscored),
        deterministic=f"{label} {value:.3f}" if value is not None else label,
        deterministic_value=value,
    )


def verdict(copilot: Copilot, case: Case) -> Verdict:
    """The judge model's verdict on one answer (OutputProblem when it cannot give a valid one)."""
    values = {"task": case.task, "request": case.request, "sources": case.sources or "(none cited)",
              "answer": case.answer, "format": output_format(Verdict)}  # fmt: skip
    reply = copilot.llm.complete(prompts.render("judge", values), Verdict.model_json_schema(), "Verdict")
    return read_draft(reply.text, Verdict)  # type: ignore[return-value]


def _quotes(result: Any) -> str:
    cited = getattr(result, "citations", [])[:QUOTES_SHOWN]
    return "\n".join(f"- {c.source}: “{c.quote}”" for c in cited)


def _ask_cases(copilot: Copilot, limit: int) -> list[Case]:
    from bot.core.skills.ask import ask

    cases = []
    for row in case_rows("ask")[:limit]:
        result = ask(copilot, row["question"], account=row.get("account"))
        figure = mentions(result.answer, row.get("facts", [])).value
        cases.append(Case("answer the CSM's question with cited facts", row["question"], result.answer,
                          _quotes(result), figure))  # fmt: skip
    return cases


def _reframe_cases(copilot: Copilot, limit: int) -> list[Case]:
    from bot.core.skills.reframe import reframe

    cases = []
    for row in case_rows("reframe")[:limit]:
        r = reframe(copilot, row["problem"], account=row.get("account"))
        answer = "\n".join([r.statement, f"Persona: {r.persona}", f"Insight: {r.insight}",
                            f"Root cause: {r.root_cause}", *r.how_might_we])  # fmt: skip
        figure = persona_share(r.persona, row)
        cases.append(Case("reframe the problem as a human-centric problem statement with How might we questions",
                          row["problem"], answer, _quotes(r), figure))  # fmt: skip
    return cases


def _yes_and_cases(copilot: Copilot, limit: int) -> list[Case]:
    from bot.core.skills.yes_and import respond

    cases = []
    for row in case_rows("yes_and")[:limit]:
        r = respond(copilot, row["text"], account=row.get("account"))
        blocked = [x for x in r.responses if any(w in x.lower() for w in ("but ", "however", "unfortunately"))]
        cases.append(Case("suggest 'Yes, and…' replies to the customer's feedback, promising nothing",
                          row["text"], "\n".join(r.responses + r.questions), _quotes(r),
                          1.0 - len(blocked) / max(len(r.responses), 1)))  # fmt: skip
    return cases


def _summarize_cases(copilot: Copilot, limit: int) -> list[Case]:
    from bot.core.skills.summarize import summarize

    cases = []
    for row in case_rows("summarize")[:limit]:
        r = summarize(copilot, row["text"], row["name"])
        items = [f"{a.owner}: {a.task}" for a in r.action_items]
        gold = sorted({g["owner"] for g in row["gold"].get("action_items", [])})
        answer = "\n".join(["Summary:", *r.summary, "Decisions:", *r.decisions, "Action items:", *items])
        cases.append(Case("summarize the meeting: summary, decisions, action items with owners",
                          row["text"][:6000], answer, "(the request is the transcript itself)",
                          mentions(" ".join(items), gold).value if gold else None))  # fmt: skip
    return cases


CASES: dict[str, tuple[Callable[[Copilot, int], list[Case]], str]] = {
    "ask": (_ask_cases, "gold facts mentioned"),
    "reframe": (_reframe_cases, "persona as expected"),
    "yes_and": (_yes_and_cases, "replies with no blocking word"),
    "summarize": (_summarize_cases, "gold owners named"),
}
