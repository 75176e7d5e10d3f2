"""Retrieval suite: hit@1, hit@5 and MRR for hybrid, dense-only and BM25-only, plus answer fact coverage."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from bot.core.copilot import Copilot
from bot.core.skills.ask import ask, target_account
from evals.datasets_io import load_jsonl
from evals.metrics import hit_at, mean, mentions, reciprocal_rank

MODES = ("hybrid", "dense", "lexical")
K = 5


class ModeFigures(BaseModel):
    hit_at_1: float
    hit_at_5: float
    mrr: float


class RetrievalFigures(BaseModel):
    """What `eval retrieval` measures; `misses` lists the questions hybrid got wrong, with reasons."""

    questions: int
    modes: dict[str, ModeFigures]
    account_resolution: float = Field(description="share of questions whose account was resolved right")
    answer_fact_share: float = Field(description="mean share of gold facts the hybrid answer mentions")
    answers_with_all_facts: float
    answered: float = Field(1.0, description="share of answerable questions not answered 'not found'")
    abstention: float | None = Field(None, description="share of unanswerable questions answered 'not found'")
    misses: list[str] = Field(default_factory=list)

    def render(self) -> str:
        lines = [f"retrieval · {self.questions} questions", f"  {'mode':<8} hit@1  hit@5  MRR"]
        for mode, f in self.modes.items():
            lines.append(f"  {mode:<8} {f.hit_at_1:.3f}  {f.hit_at_5:.3f}  {f.mrr:.3f}")
        lines.append(f"  account resolution {self.account_resolution:.3f}")
        lines.append(
            f"  answers: gold facts mentioned {self.answer_fact_share:.3f}"
            f" (all facts: {self.answers_with_all_facts:.3f}) · answered, not 'not found': {self.answered:.3f}"
        )
        if self.abstention is not None:
            lines.append(f"  unanswerable questions answered 'not found': {self.abstention:.3f}")
        lines += [f"  miss: {m}" for m in self.misses]
        return "\n".join(lines)


def run(copilot: Copilot, rows: list[dict[str, Any]] | None = None) -> RetrievalFigures:
    """Run every question of retrieval.jsonl through the three retrieval modes and through `ask`."""
    rows = rows if rows is not None else load_jsonl("retrieval.jsonl")
    copilot.ensure_ingested()
    answerable = [r for r in rows if r.get("answerable", True)]
    unanswerable = [r for r in rows if not r.get("answerable", True)]
    per_mode: dict[str, dict[str, list[float]]] = {m: {"h1": [], "h5": [], "rr": []} for m in MODES}
    resolved, fact_shares, found, misses = [], [], [], []
    for row in answerable:
        target = target_account(copilot, row["question"], None)
        slug = target.slug if target else None
        resolved.append(1.0 if slug == row.get("account") else 0.0)
        for mode in MODES:
            hits = copilot.retriever.search(row["question"], K, slug, mode=mode)
            sources = [h.chunk.source for h in hits]
            per_mode[mode]["h1"].append(hit_at(sources, row["gold_sources"], 1).value)
            per_mode[mode]["h5"].append(hit_at(sources, row["gold_sources"], K).value)
            per_mode[mode]["rr"].append(reciprocal_rank(sources, row["gold_sources"]).value)
            if mode == "hybrid" and per_mode[mode]["h5"][-1] == 0:
                misses.append(f"{row['id']} retrieval: {hit_at(sources, row['gold_sources'], K).reason}")
        result = ask(copilot, row["question"])
        share = mentions(result.answer, row.get("facts", []))
        fact_shares.append(share.value)
        found.append(1.0 if result.found else 0.0)
        if not result.found:
            misses.append(f"{row['id']} answered 'not found'")
        elif share.value < 1:
            misses.append(f"{row['id']} answer: {share.reason}")
    abstained = [0.0 if ask(copilot, r["question"]).found else 1.0 for r in unanswerable]
    misses += [
        f"{r['id']} answered an unanswerable question" for r, a in zip(unanswerable, abstained, strict=True) if not a
    ]
    return RetrievalFigures(
        questions=len(rows),
        modes={
            m: ModeFigures(hit_at_1=mean(v["h1"]), hit_at_5=mean(v["h5"]), mrr=mean(v["rr"]))
            for m, v in per_mode.items()
        },
        account_resolution=mean(resolved),
        answer_fact_share=mean(fact_shares),
        answers_with_all_facts=mean([1.0 if s == 1 else 0.0 for s in fact_shares]),
        answered=mean(found) if found else 1.0,
        abstention=mean(abstained) if abstained else None,
        misses=misses,
    )
