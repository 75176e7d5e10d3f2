"""The grounding guard: runs on every engine's output before it is returned.

Two checks. Every citation must point at evidence: its quote is found (ignoring whitespace, case and Markdown)
in a source with that path (and that chunk, when it names one), or it is one of the references the composer
made to structured data itself (a metrics column, a profile). And every person name, date and number in the
fields a skill names as prose must appear in the sources, the user's input or the computed facts.

What fails is removed (a citation, a list item, a sentence), reverted to the offline composer's text, or, for
the offline engine's own output, only flagged; each finding is listed in the answer's `guard` field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from pydantic import BaseModel

from bot.core.llm.context import Source
from bot.core.mentions import (
    MARKERS,
    NAME_RUN,
    NOT_NAMES,
    SENTENCE_OPENERS,
    WORD,
    at_sentence_start,
    bare,
    dates,
    normalize,
    numbers,
    strip_dates,
    widen,
)
from bot.core.skills.common import Citation, GuardNote
from bot.core.text import STOPWORDS, truncate

M = TypeVar("M", bound=BaseModel)
ExtraCheck = Callable[[str, str], str | None]  # (field, text) → a reason, or None when fine

_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+")


@dataclass
class Evidence:
    """What an answer may rest on."""

    sources: list[Source] = field(default_factory=list)  # retrieved chunks and documents: citable
    facts: list[str] = field(default_factory=list)  # numbers and dates computed in Python
    inputs: list[str] = field(default_factory=list)  # what the user gave (question, feedback, draft)
    references: set[tuple[str, str]] = field(default_factory=set)  # (source, quote) made from structured data

    @cached_property
    def _texts(self) -> list[str]:
        dated = [s.date for s in self.sources if s.date]
        return (
            [s.text for s in self.sources] + self.facts + self.inputs + dated + [s.section or "" for s in self.sources]
        )

    @cached_property
    def _normalized(self) -> dict[str, list[tuple[str | None, str]]]:
        by_source: dict[str, list[tuple[str | None, str]]] = {}
        for s in self.sources:
            by_source.setdefault(s.source, []).append((s.chunk_id, normalize(s.text)))
        return by_source

    @cached_property
    def words(self) -> set[str]:
        """Every word of the evidence, lower-cased."""
        return {bare(w) for text in self._texts for w in WORD.findall(text)}

    @cached_property
    def lowercase_words(self) -> set[str]:
        """Words the evidence writes in lower case: ordinary words, not names."""
        return {bare(w) for text in self._texts for w in WORD.findall(text) if w[0].islower()}

    @cached_property
    def dates(self) -> set[tuple]:
        """Every date of the evidence, in all the forms it can be written."""
        found: set[tuple] = set()
        for text in self._texts:
            for key, _ in dates(text):
                found |= widen(key)
        return found

    @cached_property
    def numbers(self) -> list[float]:
        """Every number of the evidence, sorted; ratios also as percentages and back."""
        values: set[float] = set()
        for text in self._texts:
            values.update(v for v, _, _ in numbers(strip_dates(text)))
            for key, _ in dates(text):
                values.update(float(part) for part in key[1:] if isinstance(part, int))
        widened = values | {v * 100 for v in values if abs(v) <= 1} | {v / 100 for v in values}
        return sorted(widened)

    def citation_problem(self, citation: Citation) -> str | None:
        """Why a citation does not point at the evidence, or None when it does."""
        if (citation.source, citation.quote) in self.references:
            return None
        candidates = self._normalized.get(citation.source)
        if not candidates:
            return f"source {citation.source} was not retrieved"
        if citation.chunk_id and citation.chunk_id in {cid for cid, _ in candidates}:
            candidates = [(cid, text) for cid, text in candidates if cid == citation.chunk_id]
        pieces = [normalize(p) for p in re.split(r"…|\.\.\.", citation.quote)]
        pieces = [p for p in pieces if len(p) >= 3]
        if not pieces:
            return "the quote is empty"
        if any(all(p in text for p in pieces) for _, text in candidates):
            return None
        return f"quote not found in {citation.source}"

    def ungrounded(self, text: str) -> list[str]:
        """The names, dates and numbers in `text` that the evidence does not hold."""
        clean = MARKERS.sub(" ", text)
        problems = [
            f"date “{raw}” is not in the sources or computed facts"
            for key, raw in dates(clean)
            if key not in self.dates
        ]
        problems += [
            f"number “{raw}” is not in the sources or computed facts"
            for value, tolerance, raw in numbers(strip_dates(clean))
            if not self._has_number(value, tolerance)
        ]
        problems += [f"name “{name}” is not in the sources" for name in self._unknown_names(clean)]
        return problems

    def _has_number(self, value: float, tolerance: float) -> bool:
        import bisect

        for candidate in {value, abs(value)}:
            index = bisect.bisect_left(self.numbers, candidate - tolerance - 1e-9)
            if index < len(self.numbers) and self.numbers[index] <= candidate + tolerance + 1e-9:
                return True
        return False

    def _unknown_names(self, text: str) -> list[str]:
        unknown = []
        for match in NAME_RUN.finditer(text):
            words = match.group(0).split()
            if at_sentence_start(text, match.start()):
                if len(words) == 1:
                    continue  # a capitalised first word is as often a verb as a name; we cannot tell
                if bare(words[0]) in STOPWORDS | SENTENCE_OPENERS | self.lowercase_words:
                    words = words[1:]
            checked = [w for w in words if bare(w) not in NOT_NAMES and not w.endswith(".")]
            if any(bare(part) not in self.words for w in checked for part in w.split("-") if part):
                unknown.append(" ".join(words))
        return unknown


def guard(
    result: M,
    evidence: Evidence,
    prose: Sequence[str] = (),
    *,
    fallback: M | None = None,
    remove: bool = True,
    extra: ExtraCheck | None = None,
) -> M:
    """A copy of `result` with ungrounded citations and prose removed or reverted (or, with remove=False,
    only flagged), and a note for each finding in its `guard` field."""
    checked = result.model_copy(deep=True)
    notes: list[GuardNote] = []
    removals: list[tuple[list, int]] = []
    for label, holder, key, citation in list(_citations(checked)):
        reason = evidence.citation_problem(citation)
        if reason is None:
            continue
        removable = remove and isinstance(holder, list)
        notes.append(
            GuardNote(
                field=label,
                text=truncate(f"{citation.source}: {citation.quote}", 160),
                reason=reason,
                action="removed" if removable else "flagged",
            )
        )
        if removable:
            removals.append((holder, key))
    for path in prose:
        for slot in list(_slots(checked, path.split("."))):
            _check_slot(slot, evidence, extra, fallback, remove, notes, removals)
    _apply(removals)
    if "guard" in type(checked).model_fields:
        checked.guard = [*checked.guard, *notes]
    return checked


def facts_of(model: BaseModel, skip: Iterable[str] = ()) -> list[str]:
    """Every value of `model` outside the `skip` fields (and its citations, guard notes and engine), as
    'path: value' lines: the computed facts an answer's prose may rest on."""
    patterns = [re.compile("^" + re.escape(p).replace(r"\[\]", r"\[\d+\]") + r"(?:$|[.\[])") for p in skip]
    lines: list[str] = []
    for name, value in model:
        if name not in ("citations", "guard", "engine"):
            lines += _flatten(name, value)
    return [line for line in lines if not any(p.match(line.split(": ", 1)[0]) for p in patterns)]


@dataclass
class _Slot:
    label: str
    holder: Any  # the list or model holding the value
    key: Any  # index or attribute name
    item: tuple[list, int] | None  # the nearest list item above, when the value sits inside one

    def get(self) -> Any:
        return self.holder[self.key] if isinstance(self.holder, list) else getattr(self.holder, self.key)

    def set(self, value: Any) -> None:
        if isinstance(self.holder, list):
            self.holder[self.key] = value
        else:
            setattr(self.holder, self.key, value)


def _check_slot(slot, evidence, extra, fallback, remove, notes, removals) -> None:
    text = slot.get()
    if not isinstance(text, str) or not text.strip():
        return
    reasons = evidence.ungrounded(text) + ([r] if extra and (r := extra(slot.label, text)) else [])
    if not reasons:
        return
    reason = "; ".join(dict.fromkeys(reasons))
    if not remove:
        notes.append(GuardNote(field=slot.label, text=truncate(text, 160), reason=reason, action="flagged"))
        return
    original = _lookup(fallback, slot.label) if fallback is not None else None
    if not isinstance(slot.holder, list) and slot.item is None:
        _drop_sentences(slot, evidence, extra, notes, original)  # a prose field keeps its grounded sentences
    elif isinstance(original, str) and original != text:
        slot.set(original)
        notes.append(GuardNote(field=slot.label, text=truncate(text, 160), reason=reason, action="reverted"))
    else:
        removals.append((slot.holder, slot.key) if isinstance(slot.holder, list) else slot.item)
        notes.append(GuardNote(field=slot.label, text=truncate(text, 160), reason=reason, action="removed"))


def _drop_sentences(slot: _Slot, evidence: Evidence, extra, notes: list[GuardNote], original: Any) -> None:
    """A prose field outside a list keeps its grounded sentences."""
    kept_lines = []
    for line in slot.get().split("\n"):
        kept = []
        for sentence in _SENTENCE_SPLIT.split(line):
            reasons = evidence.ungrounded(sentence) + ([r] if extra and (r := extra(slot.label, sentence)) else [])
            if reasons and sentence.strip():
                notes.append(
                    GuardNote(
                        field=slot.label,
                        text=truncate(sentence, 160),
                        reason="; ".join(dict.fromkeys(reasons)),
                        action="removed",
                    )
                )
            else:
                kept.append(sentence)
        if kept or not line.strip():
            kept_lines.append(" ".join(kept))
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept_lines)).strip()
    if not text and isinstance(original, str):
        notes.append(
            GuardNote(
                field=slot.label, text=truncate(original, 160), reason="nothing grounded was left", action="reverted"
            )
        )
        text = original
    slot.set(text)


def _apply(removals: list[tuple[list, int]]) -> None:
    seen: set[tuple[int, int]] = set()
    for holder, index in sorted(removals, key=lambda r: r[1], reverse=True):
        if (id(holder), index) not in seen and index < len(holder):
            seen.add((id(holder), index))
            del holder[index]


def _citations(obj: Any, label: str = "") -> Iterator[tuple[str, Any, Any, Citation]]:
    if isinstance(obj, BaseModel):
        for name, value in obj:
            if isinstance(value, Citation):
                yield f"{label}{name}", obj, name, value
            else:
                yield from _citations(value, f"{label}{name}.")
    elif isinstance(obj, list):
        base = label.rstrip(".")
        for index, value in enumerate(obj):
            if isinstance(value, Citation):
                yield f"{base}[{index}]", obj, index, value
            else:
                yield from _citations(value, f"{base}[{index}].")


def _slots(obj: Any, parts: list[str], label: str = "", item: tuple[list, int] | None = None) -> Iterator[_Slot]:
    head, rest = parts[0], parts[1:]
    name = head.removesuffix("[]")
    value = getattr(obj, name, None)
    if head.endswith("[]"):
        for index, element in enumerate(value or []):
            here = f"{label}{name}[{index}]"
            if rest:
                yield from _slots(element, rest, here + ".", (value, index))
            else:
                yield _Slot(here, value, index, item)
    elif rest:
        if value is not None:
            yield from _slots(value, rest, f"{label}{name}.", item)
    else:
        yield _Slot(f"{label}{name}", obj, name, item)


def _lookup(model: Any, label: str) -> Any:
    current = model
    for part in label.split("."):
        match = re.fullmatch(r"(\w+)(?:\[(\d+)\])?", part)
        if match is None or current is None:
            return None
        current = getattr(current, match.group(1), None)
        if match.group(2) is not None:
            index = int(match.group(2))
            current = current[index] if isinstance(current, list) and index < len(current) else None
    return current


def _flatten(label: str, value: Any) -> list[str]:
    if isinstance(value, BaseModel):
        return [line for name, v in value if not isinstance(v, Citation) for line in _flatten(f"{label}.{name}", v)]
    if isinstance(value, list):
        return [line for i, v in enumerate(value) for line in _flatten(f"{label}[{i}]", v)]
    if isinstance(value, dict):
        return [line for k, v in value.items() for line in _flatten(f"{label}.{k}", v)]
    if value is None or isinstance(value, bool):
        return []
    return [f"{label}: {value}"]
