"""Engine choice and the one way every skill runs on the LLM: `run_skill`.

The offline composer always runs first: its answer holds the computed fields (numbers stay computed in Python)
and is the fallback. On the LLM engine the skill's prompt is rendered with its sources and facts as delimited
data, the model fills the skill's draft model (prose fields only), invalid output is sent back with the
validation errors a bounded number of times, a context that does not fit is trimmed by relevance, and the
draft is merged into the offline answer. The guard then checks the result. Any LLM failure returns the offline
answer, marked "offline (fallback: <reason>)".
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from bot.core.guard import Evidence, ExtraCheck, guard
from bot.core.llm import prompts
from bot.core.llm.client import ChatModel, ContextOverflow, LLMError, Message
from bot.core.llm.context import Source, estimate_tokens, render_facts, render_sources
from bot.core.llm.redact import Redactor
from bot.core.llm.repair import BadJson, parse_json

if TYPE_CHECKING:
    from bot.core.copilot import Copilot

logger = logging.getLogger(__name__)

R = TypeVar("R", bound=BaseModel)
MIN_CONTEXT_TOKENS = 120  # below this the sources are too thin to answer from: give up and fall back
MAX_ERRORS_SHOWN = 6
_PLACEHOLDER = re.compile(r"<[^<>]{3,}>")  # what output_format puts where a value goes


class Unusable(ValueError):
    """A skill's merge refusing a draft that validated but cannot stand as an answer ("no sentence cites a
    source"); `reason` is what the fallback label says."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class SkillTask(Generic[R]):
    """One skill's LLM step: what the model reads, what it writes, and how that lands in the skill's answer."""

    skill: str  # the prompt file prompts/<skill>.md
    offline: R  # the offline composer's answer: computed fields, and the fallback
    draft: type[BaseModel]  # what the model writes: the skill's prose fields
    merge: Callable[[R, Any], R]  # the draft's prose into a copy of the offline answer
    evidence: Evidence  # what the guard checks against
    sources: list[Source] = field(default_factory=list)  # what the model reads, most relevant first
    facts: list[str] = field(default_factory=list)  # computed facts shown to the model
    variables: dict[str, str] = field(default_factory=dict)  # the prompt's other variables
    prose: tuple[str, ...] = ()  # the fields the model writes: checked for names, dates and numbers
    extra_check: ExtraCheck | None = None  # a skill's own rule for its prose ("no 'but'")
    finish: Callable[[R], R] | None = None  # after the guard (citation markers renumbered…)
    # Draft fields an answer cut off by the token limit never reached take these values (the offline text).
    defaults: dict[str, Any] = field(default_factory=dict)


def choose_engine(copilot: Copilot) -> Literal["offline", "openai"]:
    """`offline` or `openai` from CSM_COPILOT_ENGINE; `auto` picks the LLM when one is configured."""
    settings = copilot.settings
    if settings.engine == "offline":
        return "offline"
    if settings.engine == "openai" or settings.llm_configured or copilot.has_llm:
        return "openai"
    return "offline"


def run_skill(copilot: Copilot, task: SkillTask[R]) -> R:
    """The skill's answer on the configured engine, checked by the guard."""
    if choose_engine(copilot) == "offline":
        return offline(task, "offline")
    try:
        draft = write_draft(copilot, task)
    except LLMError as exc:
        logger.warning("%s: the LLM failed (%s); answering offline", task.skill, exc.reason)
        return offline(task, f"offline (fallback: {exc.reason})")
    return accept(task, draft)


def accept(task: SkillTask[R], draft: BaseModel) -> R:
    """The model's draft merged into the offline answer and guarded (a streamed answer's too); a draft that
    cannot stand or does not fit falls back to the offline answer."""
    try:
        merged = task.merge(task.offline, draft)
    except Unusable as exc:  # a draft that validated but cannot stand as an answer
        logger.info("%s: the model's draft is unusable (%s)", task.skill, exc.reason)
        return offline(task, f"offline (fallback: invalid output: {exc.reason})")
    except (ValueError, IndexError, KeyError):  # a draft that validated but does not fit the answer it words
        logger.exception("%s: could not merge the model's draft", task.skill)
        return offline(task, "offline (fallback: invalid output: does not fit the answer)")
    checked = guard(merged, task.evidence, task.prose, fallback=task.offline, extra=task.extra_check)
    if task.finish is not None:
        checked = task.finish(checked)
    return checked.model_copy(update={"engine": "openai"})


def offline(task: SkillTask[R], label: str) -> R:
    """The offline answer, its prose flagged (never changed) where the guard finds something."""
    checked = guard(task.offline, task.evidence, task.prose, remove=False, extra=task.extra_check)
    return checked.model_copy(update={"engine": label})


def write_draft(copilot: Copilot, task: SkillTask) -> BaseModel:
    """The model's draft, validated; LLMError when the model cannot produce one."""
    settings = copilot.settings
    model: ChatModel = copilot.llm
    redactor = Redactor() if settings.redact_pii else None
    schema = task.draft.model_json_schema()
    budget = min(settings.context_tokens, needed_tokens(task))  # so that halving it always trims something
    retry: list[Message] = []
    problem = ""
    attempts = settings.llm_fix_attempts + 1
    while attempts > 0:
        messages = [*build_messages(task, budget), *retry]
        if redactor is not None:
            messages = [Message(m.role, redactor.redact(m.content)) for m in messages]
        try:
            reply = model.complete(messages, schema, task.draft.__name__)
        except ContextOverflow:
            budget, retry = budget // 2, []
            if budget < MIN_CONTEXT_TOKENS:
                raise
            logger.info("%s: context too long; trimming to %d tokens", task.skill, budget)
            continue
        try:
            draft = read_draft(reply.text, task.draft, task.defaults if reply.finish_reason == "length" else None)
        except OutputProblem as exc:
            attempts -= 1
            problem = exc.reason
            logger.info("%s: invalid output (%s)", task.skill, exc.detail)
            retry = [Message("assistant", reply.text[:1500]), Message("user", _fix_request(exc.detail))]
            continue
        return redactor.restore_model(draft) if redactor is not None else draft
    raise LLMError(f"invalid output: {problem}")


def needed_tokens(task: SkillTask) -> int:
    """The budget that holds every source and fact of the task."""
    return estimate_tokens(render_sources(task.sources, 10**9)[0]) + estimate_tokens(render_facts(task.facts))


def build_messages(task: SkillTask, budget: int) -> list[Message]:
    """The skill's prompt filled with its sources (trimmed to `budget` tokens), facts and variables."""
    facts = render_facts(task.facts)
    sources, _ = render_sources(task.sources, max(budget - len(facts) // 3, MIN_CONTEXT_TOKENS // 2))
    values = {"sources": sources, "facts": facts, "format": output_format(task.draft), **task.variables}
    return prompts.render(task.skill, values)


class OutputProblem(Exception):
    """The model answered, but not with a valid draft; `detail` goes back to it."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def read_draft(text: str, draft: type[BaseModel], defaults: dict[str, Any] | None = None) -> BaseModel:
    """The draft in the model's text: JSON parsed and repaired, then validated; with `defaults` (a truncated
    answer), the fields the model never reached are filled from them."""
    if not text.strip():
        raise OutputProblem("empty answer", "the answer was empty")
    try:
        data = parse_json(text)
    except BadJson as exc:
        raise OutputProblem("no JSON", str(exc)) from None
    error: ValidationError | None = None
    candidates = _unwrapped(data)
    if defaults:
        candidates += [{**defaults, **c} for c in candidates if isinstance(c, dict) and set(defaults) - set(c)]
    for candidate in candidates:
        try:
            parsed = draft.model_validate(candidate)
        except ValidationError as exc:
            error = error or exc
            continue
        if echoed := [v for v in _strings(parsed.model_dump()) if _echoes(v, draft)]:
            raise OutputProblem("format copied", f"{echoed[0]!r} repeats the format, it is not an answer")
        return parsed
    assert error is not None
    raise OutputProblem("schema mismatch", _describe(error))


def _echoes(value: str, draft: type[BaseModel]) -> bool:
    """Whether a value is the format's wording (a field description or a placeholder) rather than an answer."""
    text = value.strip().strip("<>").strip().lower()
    described = {d.lower() for d in re.findall(r'"description":\s*"([^"]+)"', json.dumps(draft.model_json_schema()))}
    return bool(text) and (text in described or bool(_PLACEHOLDER.fullmatch(value.strip())))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [s for v in value for s in _strings(v)] if isinstance(value, list) else []


def output_format(draft: type[BaseModel]) -> str:
    """The draft's shape in words ('a JSON object with the keys "answer" (…) and …'). Small models copy a JSON
    skeleton's placeholders instead of answering; described keys they fill in."""
    schema = draft.model_json_schema()
    return _describe_node(schema, schema.get("$defs", {}))


def _describe_node(node: dict, defs: dict) -> str:
    if "$ref" in node:
        return _describe_node({**defs[node["$ref"].split("/")[-1]], **_own(node)}, defs)
    if "anyOf" in node:
        options = [o for o in node["anyOf"] if o.get("type") != "null"]
        return _describe_node({**options[0], **_own(node)}, defs) + " or null" if options else "null"
    kind, about = node.get("type"), node.get("description")
    if kind == "object":
        keys = [f'"{name}" ({_describe_node(child, defs)})' for name, child in node.get("properties", {}).items()]
        return "a JSON object with the keys " + (
            ", ".join(keys[:-1]) + " and " + keys[-1] if len(keys) > 1 else keys[0]
        )
    if kind == "array":
        low, high = node.get("minItems"), node.get("maxItems")
        count = f"exactly {low}" if low is not None and low == high else f"{low} to {high}" if low and high else ""
        head = f"a list of {count} " if count else "a list of "
        item = node.get("items", {})
        if item.get("type") == "string" and not item.get("description"):
            return head + "strings" + (f", each {about}" if about else "")
        return head + f"items, each {_describe_node(item, defs)}" + (f"; {about}" if about else "")
    if "enum" in node:
        return "one of: " + ", ".join(map(str, node["enum"]))
    return about or node.get("title", "text").lower()


def _own(node: dict) -> dict:
    return {k: v for k, v in node.items() if k == "description"}


def _unwrapped(data: Any) -> list[Any]:
    """The object itself, then what small models wrap it in: {"properties": {...}} or {"<Name>": {...}}."""
    candidates = [data]
    if isinstance(data, dict):
        if isinstance(data.get("properties"), dict):
            candidates.append(data["properties"])
        if len(data) == 1 and isinstance(next(iter(data.values())), dict):
            candidates.append(next(iter(data.values())))
    return candidates


def _describe(error: ValidationError) -> str:
    parts = [f"{'.'.join(map(str, e['loc'])) or 'answer'}: {e['msg']}" for e in error.errors()[:MAX_ERRORS_SHOWN]]
    return "; ".join(parts)


def _fix_request(detail: str) -> str:
    return (
        f"That answer is not valid: {detail}. Reply again with one JSON object in exactly the format asked for, "
        "and nothing else."
    )
