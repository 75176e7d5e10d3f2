"""Scenarios on the LLM engine: the real app against the fake Slack, the model a FakeChat the test queues into.
`ask` in a thread streams the model's words as it writes them, then the guarded answer with its Sources."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.commands.serve import start_http
from bot.core.copilot import Copilot
from bot.core.knowledge.embeddings import HashEmbedder
from bot.core.llm.client import LLMUnavailable
from tests.core.llm.fakes import Broken, FakeChat
from tests.slack.conftest import TODAY
from tests.slack.doubles import always_ask
from tests.slack.sender import SlackSender
from tests.slack.test_scenario_events import mention

QUESTION = "Why do the night shift nurses at Acme skip the triage form?"
ANSWER = (
    "Priya said the night-shift nurses skip the triage form because it takes eleven clicks [S1]. "
    "Jordan will send a shortened triage form mock-up by 2025-11-10 [S1]."
)


@pytest.fixture
def fake_llm() -> FakeChat:
    return FakeChat()


@pytest.fixture
def llm_bot(slack_settings, fake_slack, fake_llm) -> Iterator[SlackSender]:
    """The real app (HTTP, as `serve` starts it) on a Copilot whose model is the fake (engine auto: a model handed
    in counts as configured)."""
    copilot = Copilot(slack_settings, embedder=HashEmbedder(), llm=fake_llm)
    copilot.ensure_ingested()
    bot = start_http(slack_settings, copilot, "127.0.0.1", 0, today=lambda: TODAY, route=always_ask)
    bot.server.start_in_thread()
    yield SlackSender(bot.server.url, fake_slack)
    bot.stop()
    copilot.close()


STREAM_METHODS = ("chat.startStream", "chat.appendStream", "chat.stopStream")


def stream_pieces(fake_slack) -> list[str]:
    """The Markdown each streaming call carried, in order."""
    calls = [c for c in fake_slack.calls if c.method in STREAM_METHODS]
    pieces = []
    for call in calls:
        chunks = call.args.get("chunks") or []
        text = call.args.get("markdown_text", "") + "".join(c.get("text", "") for c in chunks)
        if text:
            pieces.append(text)
    return pieces


def streamed_text(fake_slack) -> str:
    return "".join(stream_pieces(fake_slack))


def test_the_model_answer_streams_into_the_thread_then_the_guarded_answer_replaces_it(llm_bot, fake_slack, fake_llm):
    fake_llm.enqueue(ANSWER)
    llm_bot.event(mention(QUESTION, ts="1767003000.000100"))
    update = fake_slack.wait_for("chat.update")[0]
    assert fake_llm.calls[0].streamed
    assert len(stream_pieces(fake_slack)) >= 2  # the words arrived in pieces, as written…
    assert streamed_text(fake_slack) == ANSWER  # …exactly as the model wrote them
    stop = fake_slack.calls_to("chat.stopStream")[0]
    assert update.args["ts"] == stop.args["ts"]  # the streamed message is the one corrected
    assert "eleven clicks [1]" in update.text and "[S1]" not in update.text  # citation marks renumbered
    assert "accounts/acme-clinics/notes/2025-11-03-call.md" in update.text  # the Sources footer
    assert update.args["blocks"][-1]["type"] == "context_actions"  # feedback buttons


def test_a_model_that_dies_mid_answer_ends_with_the_offline_answer_and_says_so(llm_bot, fake_slack, fake_llm):
    started = "Priya said the night-shift nurses skip the triage form because it takes eleven clicks [S1]. Jordan will"
    fake_llm.enqueue(Broken(started, LLMUnavailable("connection failed")))
    llm_bot.event(mention(QUESTION, ts="1767003100.000100"))
    update = fake_slack.wait_for("chat.update")[0]
    assert streamed_text(fake_slack) == started  # what the model wrote before it died was shown…
    assert "Answered offline: the language model failed (connection failed)." in update.text
    assert "eleven clicks" in update.text and "2025-11-03-call.md" in update.text  # …then the offline answer


def test_a_broadcast_split_across_streamed_pieces_never_reaches_slack(llm_bot, fake_slack, fake_llm):
    fake_llm.enqueue(
        "Tell <!channel> and @everyone: the nurses skip the triage form because it takes eleven clicks [S1]."
    )
    llm_bot.event(mention(QUESTION, ts="1767003200.000100"))
    fake_slack.wait_for("chat.update")
    sent = " ".join(c.text for c in fake_slack.settle() if c.method != "auth.test")
    assert "<!channel>" not in sent and "@everyone" not in sent and "<!channel>" not in streamed_text(fake_slack)


def test_when_slack_refuses_the_stream_the_final_answer_is_posted_whole(llm_bot, fake_slack, fake_llm):
    fake_slack.fail("chat.startStream", "not_allowed_token_type")
    fake_llm.enqueue(ANSWER)
    llm_bot.event(mention(QUESTION, ts="1767003300.000100"))
    posted = fake_slack.wait_for("chat.postMessage", where=lambda c: c.args.get("thread_ts") == "1767003300.000100")
    assert "eleven clicks [1]" in posted[0].text and "2025-11-03-call.md" in posted[0].text
