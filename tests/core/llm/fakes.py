"""A fake chat model: queue answers (text, a dict sent as JSON, a function of the request, an exception to raise,
or a stream that breaks) and read back what it was asked."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from bot.core.llm.client import Message, Reply


@dataclass
class Broken:
    """A streamed answer that fails after `text`: the server died mid-answer."""

    text: str
    error: BaseException


@dataclass
class Call:
    messages: list[Message]
    schema: dict | None
    streamed: bool = False

    @property
    def system(self) -> str:
        return self.messages[0].content

    @property
    def user(self) -> str:
        return "\n".join(m.content for m in self.messages[1:] if m.role == "user")


class FakeChat:
    name = "fake"

    def __init__(self, *answers: object):
        self.queue: deque[object] = deque()
        self.calls: list[Call] = []
        self.enqueue(*answers)

    def enqueue(self, *answers: object) -> FakeChat:
        self.queue.extend(answers)
        return self

    def complete(self, messages: Sequence[Message], schema: dict | None = None, schema_name: str = "output") -> Reply:
        self.calls.append(Call(list(messages), schema))
        queued = self.queue[0] if self.queue else None
        if callable(queued) and not isinstance(queued, BaseException | type):
            self.queue.popleft()
            answer = queued(self.calls[-1])  # an answer shaped after the request (the schema's item counts)
            answer = answer if isinstance(answer, str) else json.dumps(answer)
        else:
            answer = self._next()
        return Reply(text=answer, finish_reason="stop", mode="json_schema" if schema else "text")

    def stream(self, messages: Sequence[Message]) -> Iterator[str]:
        self.calls.append(Call(list(messages), None, streamed=True))
        queued = self.queue[0] if self.queue else None
        if isinstance(queued, Broken):
            self.queue.popleft()
            yield from _pieces(queued.text)
            raise queued.error
        yield from _pieces(self._next())

    def _next(self) -> str:
        if not self.queue:
            raise AssertionError("the fake model was asked more often than answers were queued")
        answer = self.queue.popleft()
        if isinstance(answer, BaseException):
            raise answer
        return answer if isinstance(answer, str) else json.dumps(answer)


def _pieces(text: str) -> Iterator[str]:
    for index in range(0, len(text), 7):
        yield text[index : index + 7]
