"""What a terminal user should know about how an answer was made (see bot.core.provenance), on standard error."""

from __future__ import annotations

import sys

from pydantic import BaseModel

from bot.core.provenance import how_answered


def engine_notes(result: BaseModel) -> list[str]:
    """The provenance sentences as terminal notes; the JSON output carries the details."""
    notes = [f"note: {line}" for line in how_answered(result)]
    return [f"{n[:-1]}; --json lists them" if "guard" in n else n for n in notes]


def print_engine_notes(result: BaseModel) -> None:
    """The notes, on standard error: standard output stays exactly the answer (or its JSON)."""
    for line in engine_notes(result):
        print(line, file=sys.stderr)
