"""How an answer was made, in words for the person reading it: an LLM fallback, the grounding guard's edits.
The CLI prints these on standard error; the Slack bot shows them under the answer's title."""

from __future__ import annotations

from pydantic import BaseModel

FALLBACK_PREFIX = "offline (fallback: "


def how_answered(result: BaseModel) -> list[str]:
    """One sentence when the answer fell back to offline, one when the guard removed or flagged something."""
    notes = []
    engine = getattr(result, "engine", "offline") or "offline"
    if engine.startswith(FALLBACK_PREFIX):
        reason = engine.removeprefix(FALLBACK_PREFIX).removesuffix(")")
        notes.append(f"Answered offline: the language model failed ({reason}).")
    findings = getattr(result, "guard", None) or []
    acted = [n for n in findings if n.action != "flagged"]
    if acted:
        notes.append(f"The grounding guard removed or reverted {len(acted)} unsupported item(s).")
    elif findings:
        notes.append(f"The grounding guard flagged {len(findings)} item(s) it could not trace to a source.")
    return notes
