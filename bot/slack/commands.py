"""The `/csm` slash command: `ask`, `plan`, `qbr`, `health`, `reframe`, `yes-and`, `summarize`, `help`; anything
else is free text for the router. Acked at once (help and usage errors in the ack itself); answers are private
(ephemeral through the response_url, or the DM for charts), with a Share button."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import App
from slack_sdk import WebClient

from bot.slack.blocks import doc_blocks
from bot.slack.deps import Deps
from bot.slack.render import SKILL_NAMES, render_help
from bot.slack.replies import Place, answer_privately
from bot.slack.safety import neutralize_payload
from bot.slack.skills import ROUTE, SkillRequest

COMMAND = "/csm"
SUBCOMMANDS = {
    "ask": "ask",
    "plan": "plan",
    "qbr": "qbr",
    "health": "health",
    "reframe": "reframe",
    "yes-and": "yes-and",
    "yesand": "yes-and",
    "summarize": "summarize",
    "summarise": "summarize",
    "help": "help",
}


def register(app: App, deps: Deps) -> None:
    @app.command(COMMAND)
    def csm(ack: Callable, command: dict, client: WebClient, respond: Callable) -> None:
        on_csm(deps, ack, command, client, respond)


def on_csm(deps: Deps, ack: Callable, command: dict, client: WebClient, respond: Callable) -> None:
    request = parse_command(command.get("text") or "")
    if request.skill == "help":
        ack(text="What I can do", blocks=neutralize_payload(doc_blocks(render_help())))
        return
    problem = usage_problem(deps, request)
    if problem:
        ack(text=problem)
        return
    ack(text=f":hourglass_flowing_sand: Working on {SKILL_NAMES.get(request.skill, 'it')}…")
    place = Place(command["channel_id"], user=command["user_id"], team=command.get("team_id"))
    deps.jobs.submit(answer_privately, deps, client, respond, request, place)


def parse_command(text: str) -> SkillRequest:
    """`plan Acme` → the plan skill for "Acme"; an unknown first word → the whole text goes to the router."""
    text = " ".join(text.split())
    word, _, rest = text.partition(" ")
    if not word:
        return SkillRequest("help")
    skill = SUBCOMMANDS.get(word.lower())
    return SkillRequest(ROUTE, text=text) if skill is None else SkillRequest(skill, text=rest)


def usage_problem(deps: Deps, request: SkillRequest) -> str | None:
    """A missing argument, told in the ack (no need to wait for the core to say so)."""
    skill = deps.skills.get(request.skill)
    if skill is None or skill.needs is None or request.text:
        return None
    return (
        f"`{COMMAND} {request.skill}` needs {'an account' if skill.needs == 'account' else 'some text'}. "
        f"Usage: `{skill.usage}`"
    )
