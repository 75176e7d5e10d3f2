"""`summarize` on the LLM: the model writes the summary bullets (each with a supporting quote) and the follow-up
email. Kept as extracted: title, date, participants, decisions, action items (owner, task, due date), risks,
sentiment and the citations of decisions, action items and risks."""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from bot.core.guard import Evidence, facts_of
from bot.core.llm.context import Source, defang, from_chunks
from bot.core.llm.engine import SkillTask, run_skill
from bot.core.skills.common import Citation, profile_chunks
from bot.core.skills.extractive import rank_sentences
from bot.core.skills.followup import Audience
from bot.core.skills.meeting import Line, Meeting
from bot.core.skills.summarize import SummaryResult
from bot.core.text import truncate

if TYPE_CHECKING:
    from bot.core.copilot import Copilot

PROSE = ("summary[]", "follow_up_email")
SEGMENT_CHARS = 700


class Bullet(BaseModel):
    """One summary bullet and the words of the meeting behind it."""

    text: str = Field(description="one sentence about what was discussed")
    quote: str = Field(description="words copied exactly from the meeting that support it")


class SummaryDraft(BaseModel):
    """A meeting summary and the follow-up email."""

    summary: list[Bullet] = Field(min_length=3, max_length=8)
    follow_up_email: str = Field(description="the follow-up email to the customer, plain text")


def task(copilot: Copilot, result: SummaryResult, meeting: Meeting, audience: Audience) -> SkillTask[SummaryResult]:
    """The LLM step for `summarize`: the meeting in runs of lines as sources, what was extracted as facts."""
    name = PurePath(meeting.source).name
    whole = Source(id="S0", source=name, text="\n".join(_turns(meeting)), date=result.meeting_date)
    extra = from_chunks(profile_chunks(copilot, result.account)) if result.account else []
    return SkillTask(
        skill="summarize",
        offline=result,
        draft=SummaryDraft,
        merge=lambda r, d: merge(r, d, name),
        evidence=Evidence(sources=[whole, *extra], facts=facts_of(result, PROSE)),
        sources=segments(meeting, name, result.meeting_date),
        facts=_facts(result),
        variables={
            "greeting": defang(f" (greet {', '.join(audience.greet)})") if audience.greet else "",
            "sender": defang(f" by {audience.sender}") if audience.sender else "",
        },
        prose=PROSE,
        defaults={"follow_up_email": result.follow_up_email},
    )


def run(copilot: Copilot, result: SummaryResult, meeting: Meeting, audience: Audience) -> SummaryResult:
    """The summary on the configured engine."""
    return run_skill(copilot, task(copilot, result, meeting, audience))


def segments(meeting: Meeting, name: str, date: str | None) -> list[Source]:
    """The meeting in runs of consecutive lines, the most central runs first (trimming drops the least
    central), each labelled with its line range."""
    runs: list[list[Line]] = [[]]
    for line in meeting.lines:
        if runs[-1] and sum(len(_said(x)) for x in runs[-1]) + len(_said(line)) > SEGMENT_CHARS:
            runs.append([])
        runs[-1].append(line)
    runs = [r for r in runs if r]
    scores = rank_sentences([line.text for line in meeting.lines]).scores
    ranked = sorted(runs, key=lambda r: -sum(scores[x.index] for x in r) / len(r))
    return [
        Source(
            id=f"S{n}",
            source=name,
            text="\n".join(_said(x) for x in run),
            date=date,
            section=f"lines {run[0].index + 1}-{run[-1].index + 1}",
        )
        for n, run in enumerate(ranked, start=1)
    ]


def merge(result: SummaryResult, draft: SummaryDraft, name: str) -> SummaryResult:
    """The model's bullets (each quote becomes a citation) and email in place of the composed ones."""
    kept = [c for c in result.citations if not (c.section or "").startswith("summary ")]
    quoted = [
        Citation(source=name, quote=truncate(b.quote.strip(), 400), date=result.meeting_date, section=f"summary {n}")
        for n, b in enumerate(draft.summary, start=1)
        if b.quote.strip()
    ]
    return result.model_copy(
        update={
            "summary": [b.text.strip() for b in draft.summary],
            "follow_up_email": draft.follow_up_email.strip(),
            "citations": quoted + kept,
        }
    )


def _turns(meeting: Meeting) -> list[str]:
    """The meeting one turn a line ('Speaker: sentence sentence'): a quote of several sentences of one turn
    (a risk with its lead-in) is then found in it."""
    turns: list[str] = []
    for position, line in enumerate(meeting.lines):
        if position and meeting.lines[position - 1].turn == line.turn:
            turns[-1] += f" {line.quote}"
        else:
            turns.append(_said(line))
    return turns


def _said(line: Line) -> str:
    return f"{line.speaker}: {line.quote}" if line.speaker else line.quote


def _facts(result: SummaryResult) -> list[str]:
    facts = [f"Meeting: {result.title}" + (f" on {result.meeting_date}" if result.meeting_date else "")]
    if result.participants:
        facts.append(f"Participants: {', '.join(result.participants)}")
    facts += [f"Decision: {d}" for d in result.decisions]
    facts += [
        f"Action item: {a.owner or 'owner to be confirmed'}: {a.task}" + (f" (due {a.due})" if a.due else "")
        for a in result.action_items
    ]
    facts += [f"Risk: {r}" for r in result.risks]
    return facts
