"""Router suite: share of requests routed to the right skill and account."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from bot.core.copilot import Copilot
from bot.core.router import route
from evals.datasets_io import load_jsonl
from evals.metrics import mean


class RouterFigures(BaseModel):
    requests: int
    skill_accuracy: float
    account_accuracy: float
    per_skill: dict[str, float]
    misses: list[str]

    def render(self) -> str:
        lines = [
            f"router · {self.requests} requests",
            f"  skill {self.skill_accuracy:.3f} · account {self.account_accuracy:.3f}",
        ]
        lines.append("  per skill: " + ", ".join(f"{k} {v:.2f}" for k, v in sorted(self.per_skill.items())))
        return "\n".join(lines + [f"  miss: {m}" for m in self.misses])


def run(copilot: Copilot, rows: list[dict[str, Any]] | None = None) -> RouterFigures:
    rows = rows if rows is not None else load_jsonl("intents.jsonl")
    copilot.ensure_ingested()
    skills, accounts, misses = [], [], []
    by_skill: dict[str, list[float]] = {}
    for row in rows:
        got = route(copilot, row["text"])
        right = got.skill == row["skill"]
        skills.append(1.0 if right else 0.0)
        by_skill.setdefault(row["skill"], []).append(1.0 if right else 0.0)
        accounts.append(1.0 if got.account == row["account"] else 0.0)
        if not right or got.account != row["account"]:
            misses.append(
                f"{row['id']}: {got.skill}/{got.account}, expected {row['skill']}/{row['account']} ({got.reason})"
            )
    return RouterFigures(requests=len(rows), skill_accuracy=mean(skills), account_accuracy=mean(accounts),
                         per_skill={k: mean(v) for k, v in by_skill.items()}, misses=misses)  # fmt: skip
