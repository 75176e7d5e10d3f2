"""What a terminal user should know about how an answer was made: an LLM fallback, the guard's edits."""

from __future__ import annotations

import sys

from pydantic import BaseModel


def engine_notes(result: BaseModel) -> list[str]:
    """One line when the answer fell back to offline, one when the guard removed or flagged something."""
    notes = []
    engine = getattr(result, "engine", "offline")
    if engine.startswith("offline (fallback"):
        reason = engine.removeprefix("offline (fallback: ").rstrip(")")
        notes.append(f"note: answered offline; the LLM failed ({reason})")
    findings = getattr(result, "guard", [])
    acted = [n for n in findings if n.action != "flagged"]
    if acted:
        notes.append(
            f"note: the grounding guard removed or reverted {len(acted)} unsupported item(s); --json lists them"
        )
    elif findings:
        notes.append(f"note: the grounding guard flagged {len(findings)} item(s); --json lists them")
    return notes


def print_engine_notes(result: BaseModel) -> None:
    """The notes, on standard error: standard output stays exactly the answer (or its JSON)."""
    for line in engine_notes(result):
        print(line, file=sys.stderr)
