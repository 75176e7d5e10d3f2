"""The LLM engine's failure paths over real HTTP, against a scripted OpenAI-compatible server on loopback: rate
limits and server errors (bounded retries with backoff), a server that rejects JSON-schema output, a slow server
hitting the timeout, truncated and malformed output, a context that does not fit, a refused key. Every final
failure answers offline and says so."""

from __future__ import annotations

import json
import time

import pytest

from bot.core.copilot import Copilot
from bot.core.knowledge.embeddings import HashEmbedder
from bot.core.skills.ask import ask
from tests.conftest import make_settings
from tests.integration.llm_servers import FakeLLMServer, Scripted

pytestmark = pytest.mark.llm

QUESTION = "Why do the night shift nurses at Acme skip the triage form?"
GOOD = json.dumps(
    {
        "answer": "The night-shift nurses skip the triage form because it takes eleven clicks [S1].",
        "citations": [{"source": "S1", "quote": "it takes eleven clicks"}],
    }
)


@pytest.fixture
def run_ask(tmp_path, knowledge):
    copilots = []

    def run(server: FakeLLMServer, **extra: str):
        values = {
            "CSM_COPILOT_ENGINE": "openai",
            "OPENAI_BASE_URL": server.url,
            "CSM_COPILOT_LLM_RETRIES": "2",
            "CSM_COPILOT_LLM_BACKOFF": "0.01",
            "CSM_COPILOT_LLM_TIMEOUT": "5",
            **extra,
        }
        copilot = Copilot(
            make_settings(tmp_path / f"home{len(copilots)}", knowledge, **values), embedder=HashEmbedder()
        )
        copilots.append(copilot)
        return ask(copilot, QUESTION)

    yield run
    for copilot in copilots:
        copilot.close()


def test_rate_limits_are_retried_with_backoff_honouring_retry_after(run_ask):
    limited = Scripted(429, "slow down", headers={"retry-after": "0.4"})
    with FakeLLMServer(limited, limited, Scripted(content=GOOD)) as server:
        started = time.monotonic()
        result = run_ask(server)
        elapsed = time.monotonic() - started
    assert result.engine == "openai" and "eleven clicks" in result.answer
    assert len(server.requests) == 3
    assert elapsed >= 0.8  # two waits of Retry-After 0.4 s


def test_server_errors_are_retried_a_bounded_number_of_times_then_the_answer_is_offline(run_ask):
    with FakeLLMServer(Scripted(500, "boom")) as server:
        result = run_ask(server, CSM_COPILOT_LLM_RETRIES="2")
    assert len(server.requests) == 3
    assert result.engine == "offline (fallback: server error (HTTP 500))"
    assert result.found and "eleven clicks" in result.answer  # the offline composer answered


def test_a_transient_503_is_survived(run_ask):
    with FakeLLMServer(Scripted(503, "overloaded"), Scripted(content=GOOD)) as server:
        result = run_ask(server)
    assert result.engine == "openai" and len(server.requests) == 2


def test_a_server_without_json_schema_support_gets_json_mode_then_keeps_it(run_ask):
    rejected = Scripted(500, "response_format: Input should be 'text' or 'json_object'")
    with FakeLLMServer(rejected, Scripted(content=GOOD)) as server:
        result = run_ask(server)
        again = run_ask(server)  # same settings: the same client, which remembers the step down
    assert result.engine == again.engine == "openai"
    formats = [r.get("response_format", {}).get("type") for r in server.requests]
    assert formats == ["json_schema", "json_object", "json_object"]
    assert server.requests[1]["response_format"]["schema"]["required"] == ["answer"]


def test_a_server_without_any_json_mode_gets_plain_text_parsed_and_repaired(run_ask):
    rejected = Scripted(400, "unknown field response_format")
    fenced = f"Here you go:\n```json\n{GOOD[:-1]},}}\n```"  # fences, prose and a trailing comma
    with FakeLLMServer(rejected, rejected, Scripted(content=fenced)) as server:
        result = run_ask(server, CSM_COPILOT_MODEL="text-only-model")
    assert [("response_format" in r) for r in server.requests] == [True, True, False]
    assert result.engine == "openai" and "eleven clicks" in result.answer


def test_a_slow_server_hits_the_timeout_and_the_answer_is_offline(run_ask):
    with FakeLLMServer(Scripted(content=GOOD, delay=3.0)) as server:
        started = time.monotonic()
        result = run_ask(server, CSM_COPILOT_LLM_TIMEOUT="0.4", CSM_COPILOT_LLM_RETRIES="1")
        elapsed = time.monotonic() - started
    assert result.engine == "offline (fallback: timeout)"
    assert len(server.requests) == 2 and elapsed < 3.0


def test_truncated_json_is_repaired(run_ask):
    cut = '{"answer": "The night-shift nurses skip the triage form because it takes eleven clicks [S1]", "citati'
    with FakeLLMServer(Scripted(content=cut, finish_reason="length")) as server:
        result = run_ask(server)
    assert result.engine == "openai"
    assert result.answer.startswith("The night-shift nurses skip the triage form because it takes eleven clicks")
    assert result.citations  # the [S1] marker still earns its citation


def test_malformed_output_is_sent_back_once_then_the_answer_is_offline(run_ask):
    with FakeLLMServer(Scripted(content="I think the nurses are busy.")) as server:
        result = run_ask(server, CSM_COPILOT_LLM_FIX_ATTEMPTS="1")
    assert result.engine == "offline (fallback: invalid output: no JSON)"
    assert len(server.requests) == 2
    assert "not valid" in server.requests[1]["messages"][-1]["content"]


def test_a_context_window_too_small_trims_the_sources_and_asks_again(run_ask):
    overflow = Scripted(400, "This model's maximum context length is 2048 tokens (context_length_exceeded)")
    with FakeLLMServer(overflow, Scripted(content=GOOD)) as server:
        result = run_ask(server, CSM_COPILOT_CONTEXT_TOKENS="400")
    assert result.engine == "openai"
    first, second = (r["messages"][-1]["content"] for r in server.requests)
    assert first.count("<source ") > second.count("<source ") >= 1


def test_a_context_that_never_fits_answers_offline(run_ask):
    overflow = Scripted(400, "context_length_exceeded")
    with FakeLLMServer(overflow) as server:
        result = run_ask(server, CSM_COPILOT_CONTEXT_TOKENS="600")
    assert result.engine == "offline (fallback: context window too small)"
    assert 1 < len(server.requests) <= 4  # 600 → 300 → 150, then below the floor


def test_a_refused_key_is_not_retried(run_ask):
    with FakeLLMServer(Scripted(401, "invalid api key")) as server:
        result = run_ask(server)
    assert result.engine == "offline (fallback: request refused (HTTP 401))"
    assert len(server.requests) == 1
