"""Skill and router doubles injected through the bot's dependency container."""

from __future__ import annotations

from dataclasses import replace

from bot.core.router import Route
from bot.core.skills.ask import AskResult
from bot.core.skills.common import Citation
from bot.slack.skills import Skill, default_skills

LEAKY_ERROR = "LLM provider exploded: sk-secret-123 at https://llm.internal/v1"


def failing_skills(*names: str) -> dict[str, Skill]:
    """The real table, with these skills raising what a broken LLM engine raises."""

    def explode(deps, request):
        raise RuntimeError(LEAKY_ERROR)

    skills = default_skills()
    for name in names:
        skills[name] = replace(skills[name], run=explode)
    return skills


def echo_skills(answer: str) -> dict[str, Skill]:
    """The real table, with `ask` answering `answer` (one citation, two retrieved chunks) whatever is asked."""

    def echo(deps, request):
        citation = Citation(source="playbooks/renewal-preparation.md", quote="Start 120 days out.", chunk_id="c1")
        return AskResult(
            question=request.text or "?", answer=answer, citations=[citation], found=True, retrieved=["c1", "c2"]
        )

    skills = default_skills()
    skills["ask"] = replace(skills["ask"], run=echo)
    return skills


def always_ask(deps, text: str) -> Route:
    """A router that sends everything to `ask`."""
    return Route(skill="ask", text=text, confidence=1.0, reason="test double")
