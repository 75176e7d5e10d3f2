"""Reading the JSONL eval sets shipped in evals/datasets/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATASETS = Path(__file__).resolve().parent / "datasets"


def load_jsonl(name: str, folder: Path = DATASETS) -> list[dict[str, Any]]:
    """Every non-blank line of folder/name parsed as JSON; a bad line is an error naming it."""
    path = folder / name
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: {exc.msg}") from None
    return rows
