"""Every skill on a fake model over the sample knowledge: the same pydantic model comes back, the model's prose
lands in the prose fields only (numbers and dates stay computed), and the guard catches what the model invents:
a person, a date, a number, a quote that is not in the source, a "Yes, but"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.core.copilot import Copilot
from bot.core.knowledge.embeddings import HashEmbedder
from bot.core.llm.client import LLMUnavailable
from bot.core.skills.ask import ask
from bot.core.skills.plan import plan
from bot.core.skills.qbr import qbr
from bot.core.skills.reframe import reframe
from bot.core.skills.summarize import summarize
from bot.core.skills.yes_and import check_reply, respond
from tests.conftest import SAMPLE_KNOWLEDGE, make_settings
from tests.core.llm.fakes import FakeChat

AS_OF = dt.date(2026, 11, 22)
MEETING = "tests/fixtures/meetings/2025-12-08-acme-check-in.txt"
INVENTED_NAME = "Jennifer Okonkwo-Lindqvist"


@pytest.fixture(scope="module")
def fake() -> FakeChat:
    return FakeChat()


@pytest.fixture(scope="module")
def sample(tmp_path_factory, fake):
    instance = Copilot(
        make_settings(tmp_path_factory.mktemp("home"), SAMPLE_KNOWLEDGE), embedder=HashEmbedder(), llm=fake
    )
    instance.ingest()
    yield instance
    instance.close()


@pytest.fixture(autouse=True)
def fresh(fake):
    fake.queue.clear()
    fake.calls.clear()
    yield
    assert not fake.queue, "an answer queued for the model was never asked for"


def offline(run, fake):
    """The same call answered by the offline composer (the model is down)."""
    fake.enqueue(LLMUnavailable("connection refused"))
    result = run()
    assert result.engine == "offline (fallback: connection refused)"
    return result


def test_ask_loses_the_invented_person_date_and_number_and_keeps_the_rest(sample, fake):
    def run():
        return ask(sample, "When is Dana Whitfield's last day at Harborview?")

    fake.enqueue(
        {
            "answer": "Dana Whitfield's last day at Harborview is 2026-12-31 [S1]. "
            f"{INVENTED_NAME} will replace her [S1]. She signed on 2019-04-01 [S1]. "
            "She manages 4711 nurses [S1].",
            "citations": [],
        }
    )
    result = run()
    assert result.engine == "openai"
    assert result.answer.startswith("Dana Whitfield's last day at Harborview is 2026-12-31 [1].")
    for invented in (INVENTED_NAME, "2019-04-01", "4711"):
        assert invented not in result.answer
    reasons = " ".join(note.reason for note in result.guard)
    assert "name" in reasons and "date" in reasons and "number" in reasons
    assert result.citations and "2026-12-31" in result.citations[0].quote  # quoted from the source it named


def test_plan_rewords_prose_and_keeps_every_computed_field(sample, fake):
    def run():
        return plan(sample, "harborview-health", as_of=AS_OF)

    before = offline(run, fake)

    def rewrite(call):
        counts = {k: v["minItems"] for k, v in call.schema["properties"].items()}
        draft = {
            "challenges": [f"{INVENTED_NAME} has resigned."]
            + ["Adoption is falling at East Campus."] * (counts["challenges"] - 1)
        }
        if "risks" in counts:
            draft["risks"] = [{"risk": "The champion is leaving.", "mitigation": "Meet the sponsor early."}] * counts[
                "risks"
            ]
        if "actions" in counts:
            draft["actions"] = ["Thank the departing champion."] * counts["actions"]
        return draft

    fake.enqueue(rewrite)
    after = run()
    assert type(after) is type(before) and after.engine == "openai"
    assert after.current_state.challenges[0] == before.current_state.challenges[0]  # reverted
    assert after.current_state.challenges[1] == "Adoption is falling at East Campus."
    assert [n.field for n in after.guard] == ["current_state.challenges[0]"] and "name" in after.guard[0].reason
    computed = ("milestones", "success_metrics", "health_score", "customer_profile", "as_of", "citations")
    assert {k: getattr(after, k) for k in computed} == {k: getattr(before, k) for k in computed}
    assert [(a.owner, a.due, a.who) for a in after.actions] == [(a.owner, a.due, a.who) for a in before.actions]
    assert after.current_state.usage == before.current_state.usage


def test_reframe_keeps_the_model_statement_only_when_grounded(sample, fake):
    def run():
        return reframe(sample, "low usage of Quick Intake at East Campus", account="harborview-health")

    before = offline(run, fake)
    fake.enqueue(
        {
            "statement": "East Campus nurses avoid the long intake form because it was introduced on 2031-02-30.",
            "persona": "East Campus ED nurses",
            "need": "finish intake quickly during surges",
            "root_cause": "process",
            "root_cause_reason": "The form does not fit the way they work in a surge.",
            "how_might_we": [
                "How might we make intake take fewer clicks during surges?",
                "Let us train 300 nurses.",
                "How might we learn from the Quick Intake pilot nurses?",
            ],
        }
    )
    after = run()
    assert after.engine == "openai"
    assert after.statement == before.statement  # its only sentence had an invented date: reverted
    assert (after.persona, after.need, after.root_cause) == (
        "East Campus ED nurses",
        "to finish intake quickly during surges",
        "process",
    )
    assert after.how_might_we[0] == "How might we make intake take fewer clicks during surges?"
    assert after.how_might_we[1] == before.how_might_we[1]  # not a question, and an invented number
    assert (after.insight, after.citations) == (before.insight, before.citations)


def test_yes_and_replies_never_block_and_citations_must_be_quotes(sample, fake):
    def run():
        return respond(sample, "The intake form takes too many clicks when the ED is busy.", account="harborview")

    before = offline(run, fake)
    fake.enqueue(
        {
            "responses": [
                "Yes, and that matters for the nurses who document intake at the bedside.",
                "Yes, but we cannot change the form this quarter.",
                "Yes, and I hear that 4711 nurses feel it every shift.",
            ],
            "questions": [
                "Who feels the extra clicks most during a surge?",
                "What do nurses do instead today?",
                "What would a good intake feel like for a patient in pain?",
            ],
            "citations": [
                {"source": "S1", "quote": "Registered nurses and charge nurses on three campuses"},
                {"source": "S1", "quote": "Nurses love the platform and never complain."},
            ],
        }
    )
    after = run()
    assert after.engine == "openai"
    assert after.responses[0].startswith("Yes, and that matters for the nurses")
    assert after.responses[1:] == before.responses[1:3]
    assert [c.quote for c in after.citations] == ["Registered nurses and charge nurses on three campuses"]
    assert {n.field for n in after.guard} == {"responses[1]", "responses[2]", "citations[1]"}


def test_check_reply_keeps_the_computed_verdict_and_rejects_an_invented_rewrite(sample, fake):
    draft = "Great idea, but it's not on our roadmap this year."
    fake.enqueue({"rewrite": f"Yes, and I'll ask {INVENTED_NAME} to build it by March 3, 2031."})
    after = check_reply(sample, draft)
    offline_check = check_reply(Copilot(sample.settings.model_copy(update={"engine": "offline"})), draft)
    assert after.engine == "openai" and (after.verdict, after.flags) == (offline_check.verdict, offline_check.flags)
    assert after.rewrite == offline_check.rewrite
    assert [n.action for n in after.guard] == ["removed", "reverted"]


def test_summarize_drops_invented_email_lines_and_unquoted_bullets(sample, fake):
    text = Path(MEETING).read_text(encoding="utf-8")

    def run():
        return summarize(sample, text, "2025-12-08-acme-check-in.txt")

    before = offline(run, fake)
    fake.enqueue(
        {
            "summary": [
                {
                    "text": "The Lakeside kiosk pilot cut check-in from twelve minutes to nine.",
                    "quote": "Check-in at Lakeside dropped from twelve minutes to nine",
                },
                {"text": "Tom Baker is worried about the seat count.", "quote": "I'm worried about the seat count"},
                {"text": "The board loves the product.", "quote": "The board loves the product."},
            ],
            "follow_up_email": "Hi Priya and Tom,\n\nThank you for the check-in. Jordan will send the pilot summary by "
            "Friday. The renewal is signed on 2026-01-15.\n\nBest regards,\nJordan",
        }
    )
    after = run()
    assert after.engine == "openai"
    assert after.summary[0] == "The Lakeside kiosk pilot cut check-in from twelve minutes to nine."
    assert "2026-01-15" not in after.follow_up_email and "pilot summary by Friday" in after.follow_up_email
    quotes = [c.quote for c in after.citations if c.section.startswith("summary")]
    assert quotes == ["Check-in at Lakeside dropped from twelve minutes to nine", "I'm worried about the seat count"]
    assert (after.action_items, after.decisions, after.risks) == (before.action_items, before.decisions, before.risks)


def test_qbr_questions_come_from_the_model_and_the_numbers_stay_computed(sample, fake, tmp_path):
    def run():
        return qbr(sample, "harborview-health", out=tmp_path / "brief", as_of=AS_OF)

    before = offline(run, fake)
    fake.enqueue(
        {
            "discovery_questions": [
                "What gets in the way for nurses at intake during a surge?",
                "Why did 4711 nurses stop logging in?",
                "Who should we learn from as Dana Whitfield moves on?",
            ]
        }
    )
    after = run()
    assert after.engine == "openai"
    assert after.discovery_questions[0] == "What gets in the way for nurses at intake during a surge?"
    assert after.discovery_questions[1] == before.discovery_questions[1]  # the invented number was reverted
    assert (after.health, after.metrics, after.goals, after.agenda) == (
        before.health,
        before.metrics,
        before.goals,
        before.agenda,
    )
    markdown = Path(after.markdown).read_text(encoding="utf-8")
    assert "What gets in the way for nurses at intake during a surge?" in markdown
