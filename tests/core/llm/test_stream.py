"""Streaming `ask`: pieces as the model writes them, then the guarded result."""

from __future__ import annotations

from bot.core.llm.client import LLMUnavailable
from bot.core.llm.stream import AnswerStream
from tests.core.llm.fakes import Broken

QUESTION = "Why do the night shift nurses at Acme skip the triage form?"


def test_pieces_stream_and_the_result_cites_the_sources_named(llm_copilot, fake):
    fake.enqueue("The night-shift nurses skip the triage form because it takes eleven clicks [S1].")
    stream = AnswerStream(llm_copilot, QUESTION)
    pieces = list(stream)
    assert len(pieces) > 3 and "".join(pieces) == stream.streamed
    assert fake.calls[0].streamed and "Reply with one JSON object" not in fake.calls[0].user
    result = stream.result
    assert result.engine == "openai"
    assert result.answer == "The night-shift nurses skip the triage form because it takes eleven clicks [1]."
    assert result.citations[0].source == "accounts/acme-clinics/notes/2025-11-03-call.md"
    assert "eleven clicks" in result.citations[0].quote  # the closest sentence of the source named


def test_the_guard_applies_to_the_final_text(llm_copilot, fake):
    fake.enqueue("The nurses skip the triage form [S1]. Jennifer Lopez fixed it on 2030-05-05 [S1].")
    stream = AnswerStream(llm_copilot, QUESTION)
    streamed = "".join(stream)
    assert "Jennifer Lopez" in streamed  # the stream is what the model wrote…
    assert stream.changed and "Jennifer Lopez" not in stream.result.answer  # …the result is what the guard kept
    assert stream.result.answer == "The nurses skip the triage form [1]."


def test_a_stream_that_breaks_mid_answer_ends_offline_and_says_so(llm_copilot, fake):
    fake.enqueue(Broken("The night-shift nurses skip", LLMUnavailable("connection failed")))
    stream = AnswerStream(llm_copilot, QUESTION)
    assert "".join(stream) == "The night-shift nurses skip"
    assert stream.result.engine == "offline (fallback: connection failed)"
    assert stream.changed and "eleven clicks" in stream.result.answer and stream.result.citations


def test_offline_the_whole_answer_is_one_piece(make_copilot, fake):
    stream = AnswerStream(make_copilot(CSM_COPILOT_ENGINE="offline"), QUESTION)
    pieces = list(stream)
    assert pieces == [stream.result.answer] and not stream.changed and fake.calls == []


def test_redacted_text_streams_back_restored(make_copilot, fake, knowledge):
    note = knowledge / "accounts" / "acme-clinics" / "notes" / "2025-12-21-email.md"
    note.write_text(
        "---\ndate: 2025-12-21\ntype: email\n---\n# Triage contact\n\n"
        "For triage form questions, email priya.nair@acme-clinics.example.\n"
    )
    fake.enqueue("For triage form questions, email [EMAIL_1] [S1].")
    stream = AnswerStream(
        make_copilot(CSM_COPILOT_REDACT_PII="true"), "Who do I email about Acme triage form questions?"
    )
    assert "priya.nair@acme-clinics.example" in "".join(stream)
    assert "priya.nair@acme-clinics.example" not in fake.calls[0].user


def test_a_streamed_answer_with_no_source_marker_ends_offline(llm_copilot, fake):
    fake.enqueue("The nurses are busy and the form is long.")
    stream = AnswerStream(llm_copilot, QUESTION)
    assert "".join(stream) == "The nurses are busy and the form is long."
    assert stream.result.engine == "offline (fallback: invalid output: no sentence cites a source)"
    assert stream.changed and "eleven clicks" in stream.result.answer and stream.result.citations
