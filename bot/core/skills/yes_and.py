"""`yes-and`: "Yes, and…" replies to customer feedback that acknowledge it, validate the need and widen the
conversation with the account's own context (end users, goals, recent notes), each fact cited; plus
Empathize-stage discovery questions. `check` (the "Yes, but" linter) lives in yes_but.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, Field

from bot.core.copilot import Copilot
from bot.core.errors import UserInputError
from bot.core.knowledge.accounts import Account
from bot.core.knowledge.documents import Chunk
from bot.core.skills.ask import target_account
from bot.core.skills.common import Citation, GuardNote
from bot.core.skills.feedback import feedback_kind, feedback_topic, reflect
from bot.core.skills.yes_but import YesButCheck, check, find_flags
from bot.core.text import sentences, tokens, truncate

__all__ = ["YesAndResult", "YesButCheck", "check", "check_reply", "feedback_topic", "reflect", "respond"]

MAX_FEEDBACK_CHARS = 2000
CHUNKS = 8
MAX_RESPONSES = 5
QUOTE_CHARS = 300


class YesAndResult(BaseModel):
    """'Yes, and…' responses to customer feedback, discovery questions, and the account facts they draw on."""

    feedback: str = Field(description="the customer feedback being answered")
    account: str | None = Field(None, description="slug of the account whose context the responses use")
    responses: list[str] = Field(
        description="replies that acknowledge the feedback, validate the need and expand the conversation with "
        "account context; never 'but', 'however' or a promise"
    )
    questions: list[str] = Field(description="Empathize-stage discovery questions tied to the feedback")
    citations: list[Citation] = Field(default_factory=list, description="a source for every account fact used")
    engine: str = Field("offline", description='"offline", "openai", or "offline (fallback: <reason>)"')
    guard: list[GuardNote] = Field(default_factory=list, description="what the grounding guard removed or flagged")


@dataclass(frozen=True)
class _Fact:
    """An account fact a response may use, with the citation that backs it."""

    text: str
    citation: Citation


@dataclass
class _Context:
    end_users: _Fact | None = None
    their_customers: _Fact | None = None
    goal: _Fact | None = None
    note: _Fact | None = None


def respond(copilot: Copilot, text: str, account: str | None = None) -> YesAndResult:
    """Draft 'Yes, and' responses and discovery questions for `text`, grounded in the account when known."""
    feedback = truncate(" ".join(text.split()), MAX_FEEDBACK_CHARS)
    if not feedback:
        raise UserInputError("The feedback is empty: paste what the customer said.")
    copilot.ensure_ingested()
    target = target_account(copilot, feedback, account)
    context = _context(copilot, target, feedback) if target else _Context()
    topic = feedback_topic(feedback)
    kind = feedback_kind(feedback)
    responses, used = _responses(feedback, topic, kind, context)
    result = YesAndResult(
        feedback=feedback,
        account=target.slug if target else None,
        responses=responses,
        questions=_questions(topic, kind, context),
        citations=[fact.citation for fact in used],
    )
    from bot.core.llm.drafts import yes_and as llm_yes_and

    return llm_yes_and.run(copilot, result)


def check_reply(copilot: Copilot, draft: str) -> YesButCheck:
    """Lint a draft reply; on the LLM engine the model writes the 'Yes, and' rewrite (the verdict stays computed)."""
    from bot.core.llm.drafts import yes_and as llm_yes_and

    return llm_yes_and.run_check(copilot, check(draft))


def _context(copilot: Copilot, account: Account, feedback: str) -> _Context:
    facts = _profile_lines(copilot, account.slug)
    profile = account.profile
    context = _Context()
    if profile.get("end_users") and "End users" in facts:
        context.end_users = _Fact(_lower_first(str(profile["end_users"])), facts["End users"])
    if profile.get("customers_customers") and "Their customers" in facts:
        context.their_customers = _Fact(_lower_first(str(profile["customers_customers"])), facts["Their customers"])
    goal = _best_goal(profile.get("goals") or [], feedback)
    if goal and f"Business goal: {goal}" in facts:
        context.goal = _Fact(_lower_first(goal), facts[f"Business goal: {goal}"])
    context.note = _recent_note(copilot, account.slug, feedback)
    return context


def _profile_lines(copilot: Copilot, slug: str) -> dict[str, Citation]:
    """Each 'Caption: value.' line of the profile-facts chunk, keyed by caption (goals by the whole line)."""
    source = f"accounts/{slug}/profile.md"
    chunks = copilot.db.chunks_by_id(copilot.db.chunk_ids_of(source)).values()
    facts: dict[str, Citation] = {}
    for chunk in chunks:
        if chunk.section != "profile facts":
            continue
        for line in chunk.text.splitlines():
            caption = line.split(":", 1)[0]
            key = line.rstrip(".") if caption == "Business goal" else caption
            facts[key] = Citation(source=source, quote=line, chunk_id=chunk.id, section=chunk.section)
    return facts


def _best_goal(goals: list, feedback: str) -> str | None:
    wanted = set(tokens(feedback))
    ranked = sorted((str(g) for g in goals), key=lambda g: -len(wanted & set(tokens(g))))
    return ranked[0] if ranked else None


def _recent_note(copilot: Copilot, slug: str, feedback: str) -> _Fact | None:
    """The most relevant sentence from the account's notes and transcripts, newest first among equals."""
    wanted = set(tokens(feedback))
    best: tuple[tuple[int, str], str, Chunk] | None = None
    for hit in copilot.retriever.search(feedback, CHUNKS, slug):
        chunk = hit.chunk
        if chunk.kind not in ("note", "transcript"):
            continue
        for sentence in sentences(chunk.text):
            shared = wanted & set(tokens(sentence))
            usable = 6 <= len(sentence.split()) <= 45 and not sentence.endswith("?") and not find_flags(sentence)
            relevant = len(shared) >= 2 or any(len(w) >= 7 for w in shared)
            if usable and relevant and not sentence.lower().startswith("attendees:"):
                key = (len(shared), chunk.date or "")
                if best is None or key > best[0]:
                    best = (key, sentence, chunk)
    if best is None:
        return None
    _, sentence, chunk = best
    citation = Citation(source=chunk.source, quote=truncate(sentence, QUOTE_CHARS), chunk_id=chunk.id,
                        date=chunk.date, section=chunk.section or None)  # fmt: skip
    return _Fact(sentence, citation)


def _responses(feedback: str, topic: str, kind: str, context: _Context) -> tuple[list[str], list[_Fact]]:
    """Account-grounded replies first, then replies built from the feedback alone, until there are enough."""
    heard = reflect(feedback)
    opening = _opening(kind, heard, topic)
    candidates: list[tuple[str, list[_Fact]]] = []
    if context.end_users:
        line = _USERS_LINE[kind].format(users=context.end_users.text)
        candidates.append((f"{opening} {line}", [context.end_users]))
    if context.note:
        when = f" on {_spoken_date(context.note.citation.date)}" if context.note.citation.date else ""
        candidates.append(
            (
                f"Yes, and it connects with what we noted{when}: “{context.note.text.rstrip('.')}.” "
                f"What has changed since then?",
                [context.note],
            )
        )
    if context.goal:
        line = _GOAL_LINE[kind].format(topic=topic)
        candidates.append(
            (f"Yes, and this ties into your goal to {context.goal.text.rstrip('.')}. {line}", [context.goal])
        )
    if context.their_customers:
        candidates.append(
            (
                f"Yes, and I'm also thinking one step further out, about {context.their_customers.text}."
                f" How does {topic} reach them?",
                [context.their_customers],
            )
        )
    plain = _plain_responses(opening, topic, kind)
    candidates += [(text, []) for text in (plain[1:] if context.end_users else plain)]
    return _keep_clean(candidates)


_USERS_LINE = {
    "praise": "That's good news for {users}, the people who use it day to day. What changed for them?",
    "request": "That matters for {users}, the people who use it day to day. What would it change in their day?",
    "friction": "That matters for {users}, the people who use it day to day. Can you walk me through the last "
    "time it came up for them?",
    "other": "That matters for {users}, the people who use it day to day. How does it show up for them?",
}
_GOAL_LINE = {
    "praise": "How much has {topic} moved that goal so far?",
    "request": "How would {topic} move that goal?",
    "friction": "How much is {topic} holding that goal back today?",
    "other": "Where does {topic} fit with that goal?",
}


def _opening(kind: str, heard: str, topic: str) -> str:
    if kind == "praise":
        return f"Yes, and it's great to hear that {heard}." if heard else f"Yes, and it's great to hear about {topic}."
    if kind == "request":
        return (
            f"Yes, and I'd love to understand what's driving that request: {heard}."
            if heard
            else (f"Yes, and I'd love to understand what's driving the request for {topic}.")
        )
    if heard:
        return f"Yes, and thank you for being direct about it: {heard}."
    return f"Yes, and thank you for raising {topic}."


def _plain_responses(opening: str, topic: str, kind: str) -> list[str]:
    follow = {
        "praise": "What made the difference for your team, and where else could it help?",
        "request": "What would it make possible for your team that's hard today?",
    }.get(kind, "What does a typical day look like when this comes up?")
    return [
        f"{opening} {follow}",
        f"Yes, and I want to see the whole picture before we look at options. Who on your team feels {topic} "
        f"most, and how often?",
        f"Yes, and your perspective helps us get this right. If {topic} worked exactly the way you need, what "
        f"would change for your users?",
    ]


def _keep_clean(candidates: list[tuple[str, list[_Fact]]]) -> tuple[list[str], list[_Fact]]:
    """Drop any reply the linter would flag; keep the facts of the replies kept."""
    responses: list[str] = []
    used: list[_Fact] = []
    for text, facts in candidates:
        if len(responses) == MAX_RESPONSES:
            break
        if check(text).verdict == "yes_and" and text not in responses:
            responses.append(text)
            used += [f for f in facts if f not in used]
    return responses, used


def _questions(topic: str, kind: str, context: _Context) -> list[str]:
    people = context.end_users.text if context.end_users else "the people on your team"
    beyond = context.their_customers.text if context.their_customers else "the people your team serves"
    first, who, feeling = _QUESTION_LINES.get(kind, _QUESTION_LINES["friction"])
    return [
        first.format(topic=topic),
        who.format(people=people),
        f"Where does the current setup fall short of what {people} need in their daily work?",
        feeling.format(topic=topic),
        f"If this were solved, what would change for {beyond}?",
    ]


_QUESTION_LINES = {
    "request": (
        "What are you trying to get done when you reach for {topic}, and what happens instead today?",
        "Who would feel the difference first among {people}, and how do they manage without it today?",
        "What's prompting this now: a new goal, a change in the team, or something that broke?",
    ),
    "praise": (
        "What was the moment {topic} made a real difference, and for whom?",
        "Who benefits most among {people}, and what do they do differently now?",
        "What did it feel like for your team when {topic} started working?",
    ),
    "friction": (
        "Can you walk me through the last time {topic} got in the way? What were you trying to do?",
        "Who feels this most among {people}, and how are they working around it today?",
        "How does {topic} feel in the moment: is it frustration, worry about mistakes, or lost time?",
    ),
}


def _spoken_date(iso: str | None) -> str:
    if not iso:
        return ""
    year, month, day = iso.split("-")
    months = ("January February March April May June July August September October November December").split()
    return f"{months[int(month) - 1]} {int(day)}, {year}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text
