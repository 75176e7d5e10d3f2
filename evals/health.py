"""Health suite: hand-computed expected scores, bands, strong signals and missing inputs (edge cases
included: one month of data, missing NPS, zero seats), compared with what the formulas compute."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from bot.core.health.config import HealthConfig, load_health_config
from bot.core.health.score import AccountHealth, HealthInputs, score_account
from bot.core.knowledge.accounts import Account
from bot.core.knowledge.loaders import load_file
from evals.datasets_io import load_jsonl
from evals.metrics import mean

SCORE_TOLERANCE = 1  # points: the hand computations round once, the formulas once


class HealthFigures(BaseModel):
    cases: int
    score_agreement: float = Field(description=f"share of cases within ±{SCORE_TOLERANCE} point of the hand score")
    band_agreement: float
    signal_agreement: float = Field(description="share of cases whose strong risk signals match exactly")
    missing_agreement: float = Field(description="share of cases whose missing components match exactly")
    mean_abs_error: float
    misses: list[str] = Field(default_factory=list)

    def render(self) -> str:
        lines = [
            f"health · {self.cases} hand-computed cases",
            f"  score within ±{SCORE_TOLERANCE}: {self.score_agreement:.3f} (mean abs error {self.mean_abs_error:.2f})",
            f"  band {self.band_agreement:.3f} · strong signals {self.signal_agreement:.3f}"
            f" · missing inputs {self.missing_agreement:.3f}",
        ]
        return "\n".join(lines + [f"  miss: {m}" for m in self.misses])


def case_inputs(case: dict[str, Any]) -> HealthInputs:
    """Build the inputs of one eval case the way ingest would: notes go through the real loader."""
    slug = case["id"]
    account = Account(slug, case["profile"]["name"], (), case["profile"])
    series: dict[str, list[tuple[str, float]]] = {}
    for row in case["metrics"]:
        for name, value in row.items():
            if name != "date":
                series.setdefault(name, []).append((row["date"], float(value)))
    chunks = []
    for number, note in enumerate(case.get("notes", [])):
        text = f"---\ndate: {note['date']}\ntype: {note['type']}\n---\n## Notes\n{note['text']}\n"
        chunks += load_file(f"accounts/{slug}/notes/{number}.md", text.encode()).chunks
    return HealthInputs(account=account, series=series, chunks=chunks)


def run(rows: list[dict[str, Any]] | None = None, config: HealthConfig | None = None) -> HealthFigures:
    rows = rows if rows is not None else load_jsonl("health.jsonl")
    config = config or load_health_config()
    scores, bands, signals, missing, errors, misses = [], [], [], [], [], []
    for case in rows:
        health = score_account(case_inputs(case), config, dt.date.fromisoformat(case["as_of"]))
        expected = case["expected"]
        error = abs(health.score - expected["score"])
        errors.append(error)
        scores.append(1.0 if error <= SCORE_TOLERANCE else 0.0)
        bands.append(1.0 if health.band == expected["band"] else 0.0)
        got_signals = sorted(s.kind for s in health.signals)
        signals.append(1.0 if got_signals == sorted(expected["signals"]) else 0.0)
        got_missing = sorted(_missing(health))
        missing.append(1.0 if got_missing == sorted(expected["missing"]) else 0.0)
        misses += _misses(case, health, got_signals, got_missing)
    return HealthFigures(
        cases=len(rows), score_agreement=mean(scores), band_agreement=mean(bands), signal_agreement=mean(signals),
        missing_agreement=mean(missing), mean_abs_error=mean(errors), misses=misses,
    )  # fmt: skip


def _missing(health: AccountHealth) -> list[str]:
    return [c.name for c in health.components if c.score is None]


def _misses(case: dict, health: AccountHealth, got_signals: list[str], got_missing: list[str]) -> list[str]:
    expected, out = case["expected"], []
    if abs(health.score - expected["score"]) > SCORE_TOLERANCE or health.band != expected["band"]:
        out.append(f"{case['id']}: score {health.score} {health.band}, expected {expected['score']} {expected['band']}")
    if got_signals != sorted(expected["signals"]):
        out.append(f"{case['id']}: signals {got_signals}, expected {sorted(expected['signals'])}")
    if got_missing != sorted(expected["missing"]):
        out.append(f"{case['id']}: missing {got_missing}, expected {sorted(expected['missing'])}")
    return out
