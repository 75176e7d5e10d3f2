"""PII redaction before text leaves the machine (CSM_COPILOT_REDACT_PII): emails, phone numbers and card-like
numbers become placeholders such as [EMAIL_1]; the model's answer gets the originals back, and only those: a
placeholder the model made up is replaced by "[redacted]"."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?![\w-])")
# 13 to 19 digits, optionally grouped by spaces or dashes: payment cards and the like.
_CARD = re.compile(r"(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])")
_PHONE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?|\d{2,4}[\s.-])\d{3,4}[\s.-]\d{3,4}(?![\w-])"
    r"|(?<![\w+])\+\d{7,14}(?!\w)"
)
_PLACEHOLDER = re.compile(r"\[(EMAIL|PHONE|CARD)_(\d+)\]")
KINDS = (("CARD", _CARD), ("EMAIL", _EMAIL), ("PHONE", _PHONE))


class Redactor:
    """Replaces PII with numbered placeholders and remembers what each one stood for."""

    def __init__(self) -> None:
        self._by_value: dict[str, str] = {}
        self._by_placeholder: dict[str, str] = {}

    @property
    def found(self) -> dict[str, str]:
        """placeholder → original, for everything redacted so far."""
        return dict(self._by_placeholder)

    def redact(self, text: str) -> str:
        """`text` with its PII replaced by placeholders."""
        for kind, pattern in KINDS:
            text = pattern.sub(lambda m, kind=kind: self._placeholder(kind, m.group(0)), text)
        return text

    def restore(self, text: str) -> str:
        """`text` with known placeholders replaced by what they stood for, unknown ones by "[redacted]"."""
        return _PLACEHOLDER.sub(lambda m: self._by_placeholder.get(m.group(0), "[redacted]"), text)

    def restore_model(self, model: BaseModel) -> BaseModel:
        """A copy of `model` with every placeholder in its strings restored."""
        return type(model).model_validate(self._restore_value(model.model_dump()))

    def _restore_value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.restore(value)
        if isinstance(value, list):
            return [self._restore_value(v) for v in value]
        if isinstance(value, dict):
            return {k: self._restore_value(v) for k, v in value.items()}
        return value

    def _placeholder(self, kind: str, value: str) -> str:
        if kind == "PHONE" and sum(c.isdigit() for c in value) < 7:
            return value
        if value not in self._by_value:
            placeholder = f"[{kind}_{sum(1 for p in self._by_placeholder if p.startswith(f'[{kind}_')) + 1}]"
            self._by_value[value] = placeholder
            self._by_placeholder[placeholder] = value
        return self._by_value[value]
