"""The skill table: one entry per skill (a function calling the core, a renderer, progress words), plus the free-text
route through `bot.core.router`. Every Slack surface reaches the core through `compose` (or, for a streamed
answer, `stream_ask`) and nothing else."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

from bot.core.errors import UserInputError
from bot.core.provenance import how_answered
from bot.core.router import NEEDS_ACCOUNT
from bot.slack import render
from bot.slack.blocks import Doc, button

if TYPE_CHECKING:
    from bot.slack.deps import Deps

ROUTE = "route"  # a request whose skill the router decides
FILE_UNDER_ACTION = "file_under"


@dataclass(frozen=True)
class SkillRequest:
    """What a Slack user asked for, in core terms."""

    skill: str
    text: str = ""
    account: str | None = None
    name: str = "slack-message"  # what summarize calls its input
    date: str | None = None  # meeting date for summarize (YYYY-MM-DD)
    reason: str = ""  # why the router could not tell ("unclear")
    alternatives: tuple[str, ...] = ()
    file_id: str | None = None  # a transcript shared as a Slack file: offer to file it under its account


@dataclass(frozen=True)
class Skill:
    name: str
    run: Callable[[Deps, SkillRequest], Any]
    render: Callable[[Any], Doc]
    status: str
    loading: tuple[str, ...] = ()
    needs: Literal["text", "account"] | None = None
    usage: str = ""
    # For a skill the model can write as a stream: an iterable of text pieces with `.result` once it ends, or None
    # when this answer comes whole (the offline engine).
    stream: Callable[[Deps, SkillRequest], Any] | None = None


# --- the core calls (one per entry) ----------------------------------------------------------------------


def _ask(deps: Deps, r: SkillRequest) -> Any:
    from bot.core.skills.ask import ask

    return ask(deps.copilot, r.text, account=r.account)


def _stream_ask(deps: Deps, r: SkillRequest) -> Any:
    """The model's answer as it writes it (bot.core.llm.stream.AnswerStream), when `ask` runs on the LLM."""
    from bot.core.llm.stream import live_answer

    return live_answer(deps.copilot, r.text, account=r.account)


def _plan(deps: Deps, r: SkillRequest) -> Any:
    from bot.core.skills.plan import plan

    return plan(deps.copilot, r.account or r.text, as_of=deps.today())


def _qbr(deps: Deps, r: SkillRequest) -> Any:
    from bot.core.skills.qbr import qbr

    out = deps.work_dir / "qbr" / uuid.uuid4().hex[:12]
    return qbr(deps.copilot, r.account or r.text, out=out, as_of=deps.today())


def _health(deps: Deps, r: SkillRequest) -> Any:
    from bot.core.health.portfolio import portfolio_health

    return portfolio_health(deps.copilot, deps.today())


def _reframe(deps: Deps, r: SkillRequest) -> Any:
    from bot.core.skills.reframe import reframe

    return reframe(deps.copilot, r.text, account=r.account)


def _yes_and(deps: Deps, r: SkillRequest) -> Any:
    from bot.core.skills.yes_and import respond

    return respond(deps.copilot, r.text, account=r.account)


def _check_reply(deps: Deps, r: SkillRequest) -> Any:
    from bot.core.skills.yes_but import check

    return check(r.text)


def _summarize(deps: Deps, r: SkillRequest) -> Any:
    from bot.core.skills.summarize import summarize

    return summarize(deps.copilot, r.text, r.name, account=r.account, date=r.date)


def default_skills() -> dict[str, Skill]:
    skills = [
        Skill(
            "ask",
            _ask,
            render.render_ask,
            "is searching your notes…",
            ("Searching notes, transcripts and playbooks…", "Checking the sources…"),
            "text",
            "/csm ask <question>",
            stream=_stream_ask,
        ),
        Skill(
            "plan",
            _plan,
            render.render_plan,
            "is drafting a success plan…",
            ("Reading the account profile…", "Drafting milestones and actions…"),
            "account",
            "/csm plan <account>",
        ),
        Skill(
            "qbr",
            _qbr,
            render.render_qbr,
            "is preparing the QBR brief…",
            ("Computing health and metric trends…", "Drawing charts…"),
            "account",
            "/csm qbr <account>",
        ),
        Skill("health", _health, render.render_health, "is scoring your portfolio…", ("Scoring every account…",)),
        Skill(
            "reframe",
            _reframe,
            render.render_reframe,
            "is reframing the problem…",
            ("Looking for the human need…",),
            "text",
            "/csm reframe <problem>",
        ),
        Skill(
            "yes-and",
            _yes_and,
            render.render_yes_and,
            "is drafting “Yes, and…” replies…",
            ("Reading the account context…",),
            "text",
            "/csm yes-and <customer feedback>",
        ),
        Skill(
            "check-reply",
            _check_reply,
            render.render_check,
            "is checking the reply…",
            ("Looking for “Yes, but…” phrasing…",),
            "text",
            "“Check my reply” on a message you drafted",
        ),
        Skill(
            "summarize",
            _summarize,
            render.render_summary,
            "is summarizing…",
            ("Pulling out decisions and action items…", "Drafting the follow-up email…"),
            "text",
            "/csm summarize <meeting notes>",
        ),
        Skill("help", lambda deps, r: None, render.render_help, "is writing help…"),
        Skill("unclear", lambda deps, r: r, render.render_unclear, "is thinking…"),
    ]
    return {s.name: s for s in skills}


# --- routing and composing --------------------------------------------------------------------------------


def route_text(deps: Deps, text: str) -> Any:
    """The router's reading of free text: a skill, its argument and account, or "unclear" with a reason."""
    from bot.core.router import route

    return route(deps.copilot, text)


def resolve(deps: Deps, request: SkillRequest) -> SkillRequest:
    """A routed request becomes a concrete one; a thread's account fills in when the text names none."""
    if request.skill != ROUTE:
        return request
    route = deps.route(deps, request.text)
    skill, account = route.skill, route.account or request.account
    if skill == "ask" and route.account:
        account = None  # the question names its account(s): ask finds them itself
    alternatives = tuple(getattr(route, "alternatives", ()) or ())
    if skill == "unclear" and alternatives[:1] and alternatives[0] in NEEDS_ACCOUNT and account:
        skill = alternatives[0]  # "prep the QBR" inside a thread about one account
    text = route.text or request.text
    return replace(request, skill=skill, text=text, account=account, reason=route.reason, alternatives=alternatives)


def open_stream(deps: Deps, request: SkillRequest) -> tuple[SkillRequest, Any]:
    """Route the request; for a skill the model will write as a stream, that stream (else None). Iterate it while
    holding `deps.core_lock`; render its `.result` with `finish_stream`."""
    with deps.core_lock:
        request = resolve(deps, request)
        skill = deps.skills.get(request.skill)
        if skill is None or skill.stream is None or not request.text.strip():
            return request, None
        return request, skill.stream(deps, request)


def finish_stream(deps: Deps, request: SkillRequest, result: Any) -> Doc:
    """The Doc of a skill's result (a streamed answer's final, guarded one included), with how it was made."""
    doc = deps.skills[request.skill].render(result)
    doc.note = with_provenance(doc.note, result)
    return doc


def compose(deps: Deps, request: SkillRequest) -> tuple[SkillRequest, Doc]:
    """Route if needed, check the argument, call the core (one call at a time) and render the result."""
    with deps.core_lock:  # the Copilot (SQLite connection, Chroma, caches) is shared, not thread-safe
        request = resolve(deps, request)
        skill = deps.skills.get(request.skill)
        if skill is None:
            raise UserInputError(f"I don't know the skill {request.skill!r}. Try /csm help.")
        _check_argument(skill, request)
        result = skill.run(deps, request)
    doc = finish_stream(deps, request, result)
    if request.file_id and doc.account:
        doc.buttons.append(button(f"File under {doc.account}", FILE_UNDER_ACTION, f"{request.file_id}|{doc.account}"))
    return request, doc


def with_provenance(note: str | None, result: Any) -> str | None:
    """The Doc's note, followed by how the answer was made when that matters (an LLM fallback, the guard's edits)."""
    lines = [note] if note else []
    if isinstance(result, BaseModel):
        lines += how_answered(result)
    return " · ".join(lines) or None


def _check_argument(skill: Skill, request: SkillRequest) -> None:
    if skill.needs == "text" and not request.text.strip():
        raise UserInputError(f"{skill.name} needs some text to work on. Usage: {skill.usage}")
    if skill.needs == "account" and not (request.account or request.text.strip()):
        raise UserInputError(f"{skill.name} needs an account. Usage: {skill.usage}")
