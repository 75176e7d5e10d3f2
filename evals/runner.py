"""Runs eval suites, compares them with the committed baseline and writes a JSON report under --home."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from bot.core.copilot import Copilot
from bot.core.errors import UserInputError

BASELINE = Path(__file__).resolve().parent / "baseline.json"


def _retrieval(copilot: Copilot, data_dir: Path | None) -> BaseModel:
    from evals import retrieval

    return retrieval.run(copilot)


def _health(copilot: Copilot, data_dir: Path | None) -> BaseModel:
    from evals import health

    # The expected scores were computed by hand with the packaged default weights, not a user's edits.
    return health.run()


def _summarize(copilot: Copilot, data_dir: Path | None) -> BaseModel:
    from evals import summarize

    return summarize.run(copilot, data_dir)


def _yes_and(copilot: Copilot, data_dir: Path | None) -> BaseModel:
    from evals import yes_and

    return yes_and.run(copilot, data_dir)


def _plan(copilot: Copilot, data_dir: Path | None) -> BaseModel:
    from evals import skills

    return skills.run_plans(copilot)


def _reframe(copilot: Copilot, data_dir: Path | None) -> BaseModel:
    from evals import skills

    return skills.run_reframes(copilot)


def _llm(copilot: Copilot, data_dir: Path | None) -> BaseModel:
    from evals import llm_guard

    # Guard interventions per skill on the configured engine (on offline: the guard's false positives).
    return llm_guard.run(copilot)


def _judge(copilot: Copilot, data_dir: Path | None) -> BaseModel:
    from evals import judge

    # Optional: an LLM scores a few answers per skill next to a deterministic figure; skipped without a model.
    return judge.run(copilot)


def _router(copilot: Copilot, data_dir: Path | None) -> BaseModel:
    from evals import router

    return router.run(copilot)


SUITES: dict[str, Callable[[Copilot, Path | None], BaseModel]] = {
    "retrieval": _retrieval,
    "health": _health,
    "summarize": _summarize,
    "yes-and": _yes_and,
    "router": _router,
    "plan": _plan,
    "reframe": _reframe,
    "llm": _llm,
    "judge": _judge,
}


class EvalReport(BaseModel):
    suites: dict[str, dict[str, Any]] = Field(default_factory=dict)
    rendered: dict[str, str] = Field(default_factory=dict, exclude=True)
    regressions: list[str] = Field(default_factory=list)
    report_path: str | None = None

    def render(self) -> str:
        lines = [text for text in self.rendered.values()]
        if self.regressions:
            lines.append("regressions against evals/baseline.json:")
            lines += [f"  {r}" for r in self.regressions]
        if self.report_path:
            lines.append(f"report written to {self.report_path}")
        return "\n".join(lines)


def run_suites(copilot: Copilot, names: list[str], data_dir: Path | None = None) -> EvalReport:
    """Run the named suites (all when none are named)."""
    unknown = [n for n in names if n not in SUITES]
    if unknown:
        raise UserInputError(f"unknown eval suite(s): {', '.join(unknown)}; known: {', '.join(SUITES)}")
    report = EvalReport()
    for name in names or list(SUITES):
        figures = SUITES[name](copilot, data_dir)
        report.suites[name] = figures.model_dump()
        report.rendered[name] = figures.render()  # type: ignore[attr-defined]
    report.regressions = compare_with_baseline(report.suites, copilot.embedder.name)
    report.report_path = str(_write(copilot.settings.home, report))
    return report


def compare_with_baseline(
    suites: dict[str, dict[str, Any]], embedding_space: str, tolerance: float = 0.005
) -> list[str]:
    """Every baseline figure that the new run fell below (higher is better for every figure we keep).

    The baseline was measured with one embedding model; runs with another are not compared.
    """
    if not BASELINE.exists():
        return []
    baseline = json.loads(BASELINE.read_text())
    if baseline.get("embedding_space") != embedding_space:
        return []
    regressions = []
    for suite, figures in suites.items():
        for key, expected in _flatten(baseline.get(suite, {})).items():
            actual = _flatten(figures).get(key)
            if isinstance(actual, float | int) and actual < expected - tolerance:
                regressions.append(f"{suite}.{key}: {actual:.3f} < baseline {expected:.3f}")
    return regressions


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, float]:
    flat: dict[str, float] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        elif isinstance(value, float | int) and not isinstance(value, bool):
            flat[f"{prefix}{key}"] = float(value)
    return flat


def _write(home: Path, report: EvalReport) -> Path:
    folder = home / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = folder / f"eval-{stamp}.json"
    path.write_text(report.model_dump_json(indent=2), encoding="utf-8")
    return path
