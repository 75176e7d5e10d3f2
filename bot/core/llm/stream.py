"""Streaming `ask`: the answer's text piece by piece as the model writes it, then the guarded result.

    stream = AnswerStream(copilot, "Who is the champion at Harborview?")
    for piece in stream:
        post(piece)
    final = stream.result  # an AskResult, checked by the guard

The guard runs on the final text, so it can differ from what was streamed: a sentence the guard removed, or the
offline answer after a failure mid-stream (`result.engine` then says "offline (fallback: …)"). A caller that
streamed replaces its message with `result.answer` when `stream.changed` is true. On the offline engine, or when
nothing relevant was found, the whole answer comes as one piece.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from pydantic import ValidationError

from bot.core.knowledge.retrieve import Mode
from bot.core.llm import prompts
from bot.core.llm.client import ContextOverflow, LLMError, Message
from bot.core.llm.context import render_facts, render_sources
from bot.core.llm.drafts import ask as llm_ask
from bot.core.llm.engine import MIN_CONTEXT_TOKENS, SkillTask, accept, choose_engine, needed_tokens, offline
from bot.core.llm.redact import Redactor
from bot.core.skills.ask import AskResult, compose

if TYPE_CHECKING:
    from bot.core.copilot import Copilot

HOLD_BACK = 12  # characters that may be the start of a "[PHONE_1]" placeholder


class AnswerStream:
    """Iterate for the answer's text; `result` holds the guarded AskResult once the iteration ends."""

    def __init__(self, copilot: Copilot, question: str, account: str | None = None, mode: Mode = "hybrid"):
        self._copilot = copilot
        self._question = question
        self._account = account
        self._mode = mode
        self.streamed = ""
        self.result: AskResult | None = None

    @property
    def changed(self) -> bool:
        """Whether the final answer differs from the text streamed."""
        return self.result is not None and self.result.answer != self.streamed

    def __iter__(self) -> Iterator[str]:
        copilot = self._copilot
        found, evidence, hits = compose(copilot, self._question, self._account, self._mode)
        account = copilot.resolve_account(found.account) if found.account else None
        spec = llm_ask.task(found, evidence, hits, account)
        if choose_engine(copilot) == "offline" or not found.found:
            self.result = offline(spec, "offline")
            self.streamed = self.result.answer
            yield self.result.answer
            return
        try:
            for piece in self._pieces(spec):
                self.streamed += piece
                yield piece
        except LLMError as exc:
            self.result = offline(spec, f"offline (fallback: {exc.reason})")
            return
        self.result = self._checked(spec)

    def _pieces(self, spec: SkillTask[AskResult]) -> Iterator[str]:
        settings = self._copilot.settings
        budget = min(settings.context_tokens, needed_tokens(spec))
        while True:
            redactor = Redactor() if settings.redact_pii else None
            messages = stream_messages(spec, budget)
            if redactor is not None:
                messages = [Message(m.role, redactor.redact(m.content)) for m in messages]
            started = False
            try:
                for piece in _restored(self._copilot.llm.stream(messages), redactor):
                    started = True
                    yield piece
                return
            except ContextOverflow:
                budget //= 2
                if started or budget < MIN_CONTEXT_TOKENS:
                    raise

    def _checked(self, spec: SkillTask[AskResult]) -> AskResult:
        try:
            draft = llm_ask.AskDraft(answer=self.streamed.strip())
        except ValidationError:
            return offline(spec, "offline (fallback: invalid output: no answer in words)")
        return accept(spec, draft)


def live_answer(copilot: Copilot, question: str, account: str | None = None) -> AnswerStream | None:
    """The model's answer to stream as it writes it, when `ask` runs on the LLM; None on the offline engine (the
    answer then comes whole, from `ask`)."""
    return AnswerStream(copilot, question, account=account) if choose_engine(copilot) == "openai" else None


def stream_messages(spec: SkillTask, budget: int) -> list[Message]:
    """The prose prompt for `ask`: the same sources and question as the JSON one, no output format."""
    sources, _ = render_sources(spec.sources, budget)
    values = {"sources": sources, "facts": render_facts(spec.facts), "question": spec.variables["question"]}
    return prompts.render("ask_stream", values)


def _restored(pieces: Iterable[str], redactor: Redactor | None) -> Iterator[str]:
    """Pieces with redaction placeholders restored; a piece ending inside a placeholder waits for the rest."""
    if redactor is None:
        yield from pieces
        return
    pending = ""
    for piece in pieces:
        pending += piece
        cut = pending.rfind("[")
        if cut != -1 and "]" not in pending[cut:] and len(pending) - cut <= HOLD_BACK:
            ready, pending = pending[:cut], pending[cut:]
        else:
            ready, pending = pending, ""
        if ready:
            yield redactor.restore(ready)
    if pending:
        yield redactor.restore(pending)
