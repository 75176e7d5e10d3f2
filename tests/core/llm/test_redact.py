"""PII redaction: placeholders out, originals back, only where they came from."""

from __future__ import annotations

from pydantic import BaseModel

from bot.core.llm.redact import Redactor

TEXT = (
    "Email dana.whitfield@harborview.example or call (555) 014-2233 / +44 20 7946 0958. "
    "Card 4111 1111 1111 1111. ARR 420,000 on 2026-11-01, 1200 seats, ticket 12345678."
)


def test_emails_phones_and_card_numbers_are_redacted_and_other_numbers_are_not():
    redactor = Redactor()
    redacted = redactor.redact(TEXT)
    for secret in ("dana.whitfield@harborview.example", "(555) 014-2233", "+44 20 7946 0958", "4111 1111 1111 1111"):
        assert secret not in redacted
    assert "[EMAIL_1]" in redacted and "[PHONE_1]" in redacted and "[PHONE_2]" in redacted and "[CARD_1]" in redacted
    assert "420,000" in redacted and "2026-11-01" in redacted and "1200 seats" in redacted and "12345678" in redacted
    assert redactor.restore(redacted) == TEXT


def test_the_same_value_gets_the_same_placeholder_and_unknown_ones_are_dropped():
    redactor = Redactor()
    assert redactor.redact("a@b.example, a@b.example") == "[EMAIL_1], [EMAIL_1]"
    assert redactor.restore("[EMAIL_1] and [EMAIL_2] and [CARD_9]") == "a@b.example and [redacted] and [redacted]"


class Nested(BaseModel):
    text: str
    items: list[dict[str, str]]


def test_a_model_is_restored_everywhere():
    redactor = Redactor()
    redactor.redact("call 555-014-2233")
    restored = redactor.restore_model(Nested(text="ring [PHONE_1]", items=[{"quote": "call [PHONE_1]"}]))
    assert restored == Nested(text="ring 555-014-2233", items=[{"quote": "call 555-014-2233"}])
