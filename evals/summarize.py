"""Summarize suite: action items (owner + task keywords), decisions and risks against hand-written gold on
CSM call transcripts, due-date accuracy, and ROUGE on public meeting benchmarks against a TextRank baseline.

Two gold sets: summaries.jsonl, which the extractors were tuned on, and summaries_heldout.jsonl, written without
looking at the summarizer's output and never tuned on. The held-out set reports figures only, never its misses:
once someone fixes the extractors against its misses it stops being held out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from bot.core.copilot import Copilot
from bot.core.skills.meeting import name_words
from bot.core.skills.summarize import ActionItem, SummaryResult, summarize
from bot.core.text import tokens
from evals.datasets_io import load_jsonl
from evals.metrics import mean
from evals.summary_benchmarks import BenchmarkFigures, run_benchmarks

TUNING_SET, HELDOUT_SET = "summaries.jsonl", "summaries_heldout.jsonl"
KEYWORD_SHARE = 0.5  # an action matches when the owner matches and half the gold task keywords appear
FUZZY_SHARE = 0.5  # a decision or risk matches when half of the gold statement's content words appear
REPO_ROOT = Path(__file__).resolve().parents[1]


class ItemScores(BaseModel):
    gold: int
    predicted: int
    matched: int
    precision: float
    recall: float
    f1: float

    def line(self, name: str) -> str:
        return (f"  {name:<13} P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}"
                f"  ({self.matched} matched of {self.gold} gold, {self.predicted} predicted)")  # fmt: skip


class SetScores(BaseModel):
    """One gold set's figures: action items, due dates, decisions and risks."""

    meetings: int
    action_items: ItemScores
    due_accuracy: float = Field(description="share of matched action items whose due date equals the gold one")
    decisions: ItemScores
    risks: ItemScores

    def score_lines(self) -> list[str]:
        return [
            self.action_items.line("action items"),
            f"  {'due dates':<13} {self.due_accuracy:.3f} of matched action items",
            self.decisions.line("decisions"),
            self.risks.line("risks"),
        ]


class SummarizeFigures(SetScores):
    """What `eval summarize` measures; the top-level scores and `misses` are the tuning set's."""

    benchmarks: list[BenchmarkFigures] = Field(default_factory=list)
    skipped: list[str] = Field(default_factory=list, description="benchmarks not run, and why")
    misses: list[str] = Field(default_factory=list)
    heldout: SetScores | None = Field(
        None, description="the same scores on summaries_heldout.jsonl, never tuned on; None when not run"
    )

    def render(self) -> str:
        lines = [f"summarize · {self.meetings} CSM meetings (evals/datasets/{TUNING_SET})"]
        lines += self.score_lines()
        for bench in self.benchmarks:
            lines.append(f"  {bench.dataset}: {bench.meetings} meetings, {bench.references} references,"
                         " ROUGE-1/2/L F1, same word budget as each reference")  # fmt: skip
            lines.append(f"    ours      {bench.ours.line()}")
            lines.append(
                f"    TextRank  {bench.textrank.line()}" + ("" if bench.beats_baseline else "  (ours not ahead)")
            )
        lines += [f"  skipped: {s}" for s in self.skipped]
        lines += [f"  miss: {m}" for m in self.misses]
        if self.heldout:
            lines.append(f"summarize held-out · {self.heldout.meetings} CSM meetings, never tuned on"
                         f" (evals/datasets/{HELDOUT_SET}, misses not shown)")  # fmt: skip
            lines += self.heldout.score_lines()
        return "\n".join(lines)


def run(
    copilot: Copilot,
    data_dir: Path | None = None,
    rows: list[dict[str, Any]] | None = None,
    max_meetings: int | None = None,
    heldout_rows: list[dict[str, Any]] | None = None,
) -> SummarizeFigures:
    """Score the offline summarizer on the tuning set, the held-out set (`heldout_rows=[]` skips it), then on
    the public benchmarks found in data_dir."""
    rows = rows if rows is not None else load_jsonl(TUNING_SET)
    heldout_rows = heldout_rows if heldout_rows is not None else load_jsonl(HELDOUT_SET)
    tuned, misses = score_set(copilot, rows)
    heldout = score_set(copilot, heldout_rows)[0] if heldout_rows else None
    benchmarks, skipped = _benchmarks(data_dir, max_meetings)
    return SummarizeFigures(**dict(tuned), benchmarks=benchmarks, skipped=skipped, misses=misses, heldout=heldout)


def score_set(copilot: Copilot, rows: list[dict[str, Any]]) -> tuple[SetScores, list[str]]:
    """Summarize every row and score it against its gold; also names the gold items nothing matched."""
    counts = {k: [0, 0, 0] for k in ("action_items", "decisions", "risks")}  # gold, predicted, matched
    due_hits: list[float] = []
    misses: list[str] = []
    for row in rows:
        result = summarize(copilot, row["text"], row["name"])
        gold = row["gold"]
        pairs = match_actions(gold["action_items"], result.action_items)
        _count(counts["action_items"], len(gold["action_items"]), len(result.action_items), len(pairs))
        due_hits += [1.0 if result.action_items[p].due == gold["action_items"][g].get("due") else 0.0 for g, p in pairs]
        misses += [f"{row['id']} action: {a['owner']} {' '.join(a['keywords'])}"
                   for i, a in enumerate(gold["action_items"]) if i not in dict(pairs)]  # fmt: skip
        for kind in ("decisions", "risks"):
            matched = match_statements(gold[kind], getattr(result, kind))
            _count(counts[kind], len(gold[kind]), len(getattr(result, kind)), len(matched))
            misses += [f"{row['id']} {kind[:-1]}: {g}" for i, g in enumerate(gold[kind]) if i not in dict(matched)]
    scores = SetScores(
        meetings=len(rows),
        action_items=_scores(*counts["action_items"]),
        due_accuracy=mean(due_hits),
        decisions=_scores(*counts["decisions"]),
        risks=_scores(*counts["risks"]),
    )
    return scores, misses


def default_data_dir() -> Path:
    """../shared/datasets beside the repository, where the public benchmark files live."""
    return REPO_ROOT.parent / "shared" / "datasets"


def _benchmarks(data_dir: Path | None, max_meetings: int | None) -> tuple[list[BenchmarkFigures], list[str]]:
    folder = data_dir or default_data_dir()
    if not folder.is_dir():
        return [], [f"data dir not found: {folder}; public benchmarks skipped (pass --data-dir)"]
    return run_benchmarks(folder, max_meetings)


def match_actions(gold: list[dict[str, Any]], predicted: list[ActionItem]) -> list[tuple[int, int]]:
    """(gold index, predicted index) pairs: owner matches and enough task keywords appear; one-to-one."""
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    for g, item in enumerate(gold):
        wanted = set(tokens(" ".join(item["keywords"])))
        best, best_share = None, 0.0
        for p, action in enumerate(predicted):
            if p in used or not owner_matches(item.get("owner"), action.owner):
                continue
            share = len(wanted & set(tokens(action.task))) / max(1, len(wanted))
            if share >= KEYWORD_SHARE and share > best_share:
                best, best_share = p, share
        if best is not None:
            used.add(best)
            pairs.append((g, best))
    return pairs


def owner_matches(gold: str | None, predicted: str | None) -> bool:
    if not gold or not predicted:
        return not gold and not predicted
    first = gold.split()[0].lower()
    return first in name_words(predicted)


def match_statements(gold: list[str], predicted: list[str]) -> list[tuple[int, int]]:
    """Fuzzy one-to-one matches: the share of a gold statement's content words found in the prediction."""
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    for g, statement in enumerate(gold):
        wanted = set(tokens(statement))
        shares = [(len(wanted & set(tokens(p))) / max(1, len(wanted)), i) for i, p in enumerate(predicted)]
        candidates = [(s, i) for s, i in shares if i not in used and s >= FUZZY_SHARE]
        if candidates:
            _, best = max(candidates)
            used.add(best)
            pairs.append((g, best))
    return pairs


def _count(totals: list[int], gold: int, predicted: int, matched: int) -> None:
    totals[0] += gold
    totals[1] += predicted
    totals[2] += matched


def _scores(gold: int, predicted: int, matched: int) -> ItemScores:
    precision = matched / predicted if predicted else 0.0
    recall = matched / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return ItemScores(gold=gold, predicted=predicted, matched=matched, precision=round(precision, 4),
                      recall=round(recall, 4), f1=round(f1, 4))  # fmt: skip


__all__ = ["SetScores", "SummarizeFigures", "SummaryResult", "run", "score_set"]
