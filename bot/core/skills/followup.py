"""The follow-up email drafted after a call: decisions, owners and dates, and only what was said."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.core.skills.actions import FoundAction
from bot.core.skills.decisions import FoundDecision
from bot.core.skills.meeting import Meeting


@dataclass(frozen=True)
class Audience:
    """Who the email greets and who signs it; both come from the account profile when there is one."""

    greet: list[str]
    sender: str | None


def draft_email(
    meeting: Meeting,
    decisions: list[FoundDecision],
    actions: list[FoundAction],
    audience: Audience,
) -> str:
    """A plain-text email a CSM can edit and send; every line traces back to the meeting.

    Risks stay out: concerns and churn signals are for the account team, not for a recap to the customer.
    """
    parts = [f"Subject: {_subject(meeting)}", "", _greeting(audience.greet), "", _opening(meeting)]
    if decisions:
        parts += ["", "What we decided:", *[f"- {d.text}" for d in decisions]]
    if actions:
        parts += ["", "Next steps:", *[f"- {_action_line(a, meeting.date)}" for a in actions]]
    if not decisions and not actions:
        parts += ["", "We didn't set owners or dates for next steps on the call; shall we agree them by email?"]
    parts += ["", "If I've missed or misstated anything, reply here and I'll correct it.", "", "Best regards,"]
    if audience.sender:
        parts.append(audience.sender)
    return "\n".join(parts)


def _subject(meeting: Meeting) -> str:
    when = f" ({long_date(meeting.date)})" if meeting.date else ""
    return f"Recap and next steps: {meeting.title}{when}"


def _greeting(names: list[str]) -> str:
    firsts = [_first_name(n) for n in names]
    if not firsts:
        return "Hi all,"
    if len(firsts) == 1:
        return f"Hi {firsts[0]},"
    return f"Hi {', '.join(firsts[:-1])} and {firsts[-1]},"


def _first_name(name: str) -> str:
    words = name.split()
    return " ".join(words[:2]) if words and words[0].rstrip(".").lower() in ("dr", "prof") else words[0]


def _opening(meeting: Meeting) -> str:
    when = f"on {long_date(meeting.date)}" if meeting.date else "on our call"
    return f"Thank you for your time {when}. Here is what we agreed and who owns each next step."


def _action_line(action: FoundAction, meeting_date: dt.date | None) -> str:
    owner = action.owner or "Owner to be confirmed"
    due = f" (by {long_date(action.due, meeting_date)})" if action.due else ""
    return f"{owner}: {action.task}{due}"


def long_date(day: dt.date, reference: dt.date | None = None) -> str:
    """'Friday, October 9', with the year when it differs from the reference (or when there is none)."""
    text = f"{day.strftime('%A, %B')} {day.day}"
    return text if reference is not None and reference.year == day.year else f"{text}, {day.year}"
