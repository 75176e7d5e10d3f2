"""An OpenAI-compatible chat endpoint behind a small interface: `complete` (JSON or text) and `stream` (prose).

LangChain and openai types stay in this module; the engine sees `Message`, `Reply` and `LLMError`s. Transport
failures (timeouts, refused connections, HTTP 429/5xx) are retried here, a bounded number of times with
exponential backoff and jitter (Retry-After honoured); the SDK's own retries are off so that a server that
rejects a response format is not asked five times before we step down to another format.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, TypeVar

from bot.core.config import Settings

logger = logging.getLogger(__name__)

T = TypeVar("T")
Mode = Literal["json_schema", "json_object", "text"]
MODES: tuple[Mode, ...] = ("json_schema", "json_object", "text")
MAX_DELAY = 20.0  # seconds; the longest we wait between two attempts, whatever Retry-After says


@dataclass(frozen=True)
class Message:
    """One chat message."""

    role: Literal["system", "user", "assistant"]
    content: str


@dataclass(frozen=True)
class Reply:
    """What the model answered, how the answer ended ("stop", "length") and the output mode used."""

    text: str
    finish_reason: str | None = None
    mode: Mode = "text"


class LLMError(Exception):
    """The LLM path failed; `reason` is the short text the answer shows as 'offline (fallback: <reason>)'."""

    retryable = False

    def __init__(self, reason: str, retry_after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class LLMUnavailable(LLMError):
    """Timeouts, refused or dropped connections, rate limits and server errors: worth another attempt."""

    retryable = True


class ContextOverflow(LLMError):
    """The prompt does not fit the model's context window: trim the context and ask again."""


class FormatRejected(LLMError):
    """The server does not accept this response_format: step down to a simpler output mode."""


class ChatModel(Protocol):
    """What the engine needs from a model; tests pass a fake with queued answers."""

    name: str

    def complete(self, messages: Sequence[Message], schema: dict | None = None, schema_name: str = "output") -> Reply:
        """One answer; with a JSON schema the model is asked for JSON in the best mode the server takes."""
        ...

    def stream(self, messages: Sequence[Message]) -> Iterator[str]:
        """Prose, piece by piece."""
        ...


class OpenAIChat:
    """ChatOpenAI (langchain-openai) with our retries, output-mode fallback and error classification."""

    def __init__(self, settings: Settings, sleep: Callable[[float], None] = time.sleep):
        from langchain_openai import ChatOpenAI

        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else ""
        self.name = settings.model
        self._retries = settings.llm_retries
        self._backoff = settings.llm_backoff
        self._fixed_mode = settings.llm_output != "auto"
        self._mode: Mode = "json_schema" if settings.llm_output == "auto" else settings.llm_output
        self._sleep = sleep
        self._lock = threading.Lock()
        self._chat = ChatOpenAI(
            model=settings.model,
            base_url=settings.openai_base_url or None,
            api_key=key or "not-needed",  # self-hosted servers ignore the key, the SDK insists on one
            temperature=settings.temperature,
            timeout=settings.llm_timeout,
            max_retries=0,
            max_tokens=settings.max_output_tokens,
        )

    @property
    def mode(self) -> Mode:
        """The JSON output mode the next structured request will use."""
        return self._mode

    def complete(self, messages: Sequence[Message], schema: dict | None = None, schema_name: str = "output") -> Reply:
        """One answer, retried on transport failures; a rejected JSON mode steps down to the next one."""
        while True:
            mode: Mode = self._mode if schema is not None else "text"
            try:
                return self._with_retries(lambda mode=mode: self._invoke(messages, mode, schema, schema_name))
            except FormatRejected as exc:
                if mode == "text" or self._fixed_mode:
                    raise
                self._step_down(mode, exc.reason)

    def stream(self, messages: Sequence[Message]) -> Iterator[str]:
        """Prose piece by piece; a failure before the first piece is retried, one after it is raised."""
        for attempt in range(self._retries + 1):
            started = False
            try:
                for chunk in self._chat.stream(_to_langchain(messages)):
                    piece = _text_of(chunk.content)
                    if piece:
                        started = True
                        yield piece
                return
            except Exception as exc:
                error = classify(exc)
                if started or not error.retryable or attempt == self._retries:
                    raise error from exc
                self._wait(attempt, error)

    def _invoke(self, messages: Sequence[Message], mode: Mode, schema: dict | None, name: str) -> Reply:
        import openai

        kwargs = _response_format(mode, schema, name)
        try:
            answer = self._chat.invoke(_to_langchain(messages), **kwargs)
        except openai.LengthFinishReasonError as exc:  # the SDK refuses to hand back truncated JSON; we repair it
            content = exc.completion.choices[0].message.content if exc.completion.choices else ""
            return Reply(text=content or "", finish_reason="length", mode=mode)
        return Reply(
            text=_text_of(answer.content), finish_reason=answer.response_metadata.get("finish_reason"), mode=mode
        )

    def _with_retries(self, call: Callable[[], T]) -> T:
        for attempt in range(self._retries + 1):
            try:
                return call()
            except Exception as exc:
                error = classify(exc)
                if not error.retryable or attempt == self._retries:
                    raise error from exc
                logger.warning("LLM attempt %d failed (%s); retrying", attempt + 1, error.reason)
                self._wait(attempt, error)
        raise AssertionError("unreachable")  # the loop returns or raises

    def _wait(self, attempt: int, error: LLMError) -> None:
        delay = self._backoff * 2**attempt * random.uniform(0.75, 1.25)
        if error.retry_after is not None:
            delay = max(delay, error.retry_after)
        self._sleep(min(delay, MAX_DELAY))

    def _step_down(self, mode: Mode, reason: str) -> None:
        with self._lock:
            if self._mode == mode:
                self._mode = MODES[MODES.index(mode) + 1]
                logger.info("the server rejected %s output (%s); using %s from now on", mode, reason, self._mode)


def classify(exc: Exception) -> LLMError:
    """An SDK or transport exception as one of our errors, with a reason a user can read."""
    import openai

    if isinstance(exc, LLMError):
        return exc
    if isinstance(exc, openai.APITimeoutError):
        return LLMUnavailable("timeout")
    if isinstance(exc, openai.APIConnectionError):
        return LLMUnavailable("connection refused" if _refused(exc) else "connection failed")
    if isinstance(exc, openai.APIStatusError):
        return _status_error(exc.status_code, _message(exc), exc.response.headers.get("retry-after"))
    if isinstance(exc, openai.ContentFilterFinishReasonError):
        return LLMError("content filtered")
    if isinstance(exc, openai.APIError) and _overflow(str(exc)):
        return ContextOverflow("context window too small")
    lineage = {cls.__name__ for cls in type(exc).__mro__}
    if "TimeoutException" in lineage or isinstance(exc, TimeoutError):
        return LLMUnavailable("timeout")
    if "TransportError" in lineage or isinstance(exc, ConnectionError):  # httpx errors raised mid-stream
        return LLMUnavailable("connection refused" if _refused(exc) else "connection failed")
    return LLMError(f"unexpected response ({type(exc).__name__})")


def _status_error(status: int, message: str, retry_after: str | None) -> LLMError:
    if _overflow(message):
        return ContextOverflow("context window too small")
    if "response_format" in message or "json_schema" in message:
        return FormatRejected(f"response_format rejected (HTTP {status})")
    if status == 429:
        return LLMUnavailable("rate limited (HTTP 429)", _seconds(retry_after))
    if status in (408, 409) or status >= 500:
        return LLMUnavailable(f"server error (HTTP {status})", _seconds(retry_after))
    return LLMError(f"request refused (HTTP {status})")


def _overflow(message: str) -> bool:
    lowered = message.lower()
    return any(
        cue in lowered
        for cue in (
            "context_length_exceeded",
            "maximum context length",
            "exceeds the context window",
            "context window",
            "prompt is too long",
            "too many tokens",
        )
    )


def _refused(exc: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ConnectionRefusedError) or "connection refused" in str(current).lower():
            return True
        current = current.__cause__ or current.__context__
    return False


def _message(exc: Any) -> str:
    body = getattr(exc, "body", None)
    return f"{exc} {body}" if body else str(exc)


def _seconds(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None  # an HTTP date: the exponential backoff is good enough


def _response_format(mode: Mode, schema: dict | None, name: str) -> dict:
    if schema is None or mode == "text":
        return {}
    if mode == "json_schema":
        return {"response_format": {"type": "json_schema", "json_schema": {"name": name, "schema": schema}}}
    # llama.cpp's server turns this schema into a grammar; other servers take plain JSON mode
    return {"response_format": {"type": "json_object", "schema": schema}}


def _to_langchain(messages: Sequence[Message]) -> list[tuple[str, str]]:
    roles = {"system": "system", "user": "human", "assistant": "ai"}
    return [(roles[m.role], m.content) for m in messages]


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    parts = [p.get("text", "") if isinstance(p, dict) else str(p) for p in content or []]
    return "".join(parts)


_CLIENTS: dict[tuple, OpenAIChat] = {}
_CLIENTS_LOCK = threading.Lock()


def shared_client(settings: Settings) -> OpenAIChat:
    """The process's one client for this endpoint and model, built on first use."""
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else ""
    identity = (
        settings.model,
        settings.openai_base_url,
        key,
        settings.temperature,
        settings.llm_timeout,
        settings.llm_retries,
        settings.llm_backoff,
        settings.llm_output,
        settings.max_output_tokens,
    )
    with _CLIENTS_LOCK:
        if identity not in _CLIENTS:
            _CLIENTS[identity] = OpenAIChat(settings)
        return _CLIENTS[identity]
