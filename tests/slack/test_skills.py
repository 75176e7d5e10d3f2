"""The skill table, routing, argument checks and the engine note."""

import pytest

from bot.core.errors import UnknownAccountError, UserInputError
from bot.core.router import Route
from bot.slack.skills import ROUTE, SkillRequest, compose, default_skills, resolve

EXPECTED = {"ask", "plan", "qbr", "health", "reframe", "yes-and", "check-reply", "summarize", "help", "unclear"}


def test_the_table_has_one_entry_per_router_skill():
    assert set(default_skills()) == EXPECTED
    assert set(Route.model_fields["skill"].annotation.__args__) == EXPECTED


def test_a_thread_account_fills_in_for_a_question_that_names_none(deps):
    request = resolve(deps, SkillRequest(ROUTE, "When is their renewal?", account="acme-clinics"))
    assert (request.skill, request.account) == ("ask", "acme-clinics")
    named = resolve(deps, SkillRequest(ROUTE, "Who asked for driver seats at Orbit?", account="acme-clinics"))
    assert named.account is None  # the question names its own account; ask finds it


def test_prep_the_qbr_inside_an_account_thread_is_a_qbr_for_that_account(deps):
    assert resolve(deps, SkillRequest(ROUTE, "prep the QBR")).skill == "unclear"
    request = resolve(deps, SkillRequest(ROUTE, "prep the QBR", account="acme-clinics"))
    assert (request.skill, request.account) == ("qbr", "acme-clinics")


def test_compose_checks_arguments_and_lets_core_errors_through(deps):
    with pytest.raises(UserInputError, match="Usage: /csm reframe <problem>"):
        compose(deps, SkillRequest("reframe", "   "))
    with pytest.raises(UnknownAccountError):
        compose(deps, SkillRequest("qbr", "Nobody Inc"))


def test_a_summarized_shared_file_gets_a_file_under_button_only_when_its_account_is_known(deps):
    notes = "Priya Nair: We agreed to pilot kiosk mode.\nJordan Reyes: I'll send the guide by Friday."
    _, doc = compose(deps, SkillRequest("summarize", notes, name="call.txt", account="acme-clinics", file_id="F1"))
    assert [(b["action_id"], b["value"]) for b in doc.buttons] == [("file_under", "F1|acme-clinics")]
    _, doc = compose(deps, SkillRequest("summarize", notes, name="call.txt", file_id="F1"))
    assert doc.buttons == []


def test_an_answer_made_offline_after_an_llm_failure_says_so_under_its_title(deps):
    from dataclasses import replace

    from bot.core.skills.ask import AskResult
    from bot.core.skills.common import GuardNote

    def fell_back(deps, request):
        note = GuardNote(
            field="answer", text="Jane Doe", reason="name Jane Doe is not in the sources", action="removed"
        )
        return AskResult(question="q", answer="a", found=True, engine="offline (fallback: timeout)", guard=[note])

    deps.skills["ask"] = replace(deps.skills["ask"], run=fell_back)
    _, doc = compose(deps, SkillRequest("ask", "When is the renewal?"))
    assert doc.note == (
        "Answered offline: the language model failed (timeout). · "
        "The grounding guard removed or reverted 1 unsupported item(s)."
    )
