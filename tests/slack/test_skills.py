"""The skill table, routing and the 'not available yet' guard."""

from dataclasses import replace

import pytest

from bot.core.errors import UnknownAccountError, UserInputError
from bot.core.router import Route
from bot.slack import skills as skills_module
from bot.slack.skills import ROUTE, SkillRequest, SkillUnavailable, compose, core_function, default_skills, resolve

EXPECTED = {"ask", "plan", "qbr", "health", "reframe", "yes-and", "check-reply", "summarize", "help", "unclear"}


def test_the_table_has_one_entry_per_router_skill():
    assert set(default_skills()) == EXPECTED
    assert set(Route.model_fields["skill"].annotation.__args__) == EXPECTED


def test_a_missing_core_module_is_not_available_yet_but_a_broken_one_is_an_error(tmp_path, monkeypatch):
    with pytest.raises(SkillUnavailable, match="The future skill is not available yet"):
        core_function("bot.core.skills.no_such_module", "run", "future")
    (tmp_path / "broken_skill_for_test.py").write_text("import no_such_dependency_xyz\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError):
        core_function("broken_skill_for_test", "run", "broken")


def test_an_entry_whose_module_is_missing_answers_not_available(deps):
    def plan_from_missing_module(deps, request):
        return core_function("bot.core.skills.not_landed", "plan", "success-plan")(deps.copilot, request.text)

    deps.skills["plan"] = replace(deps.skills["plan"], run=plan_from_missing_module)
    with pytest.raises(SkillUnavailable, match="success-plan skill is not available yet"):
        compose(deps, SkillRequest("plan", "acme"))


def test_free_text_falls_back_to_ask_while_the_router_is_missing(deps, monkeypatch):
    real_import = skills_module.importlib.import_module

    def without_router(name):
        if name == "bot.core.router":
            raise ModuleNotFoundError(name=name)
        return real_import(name)

    monkeypatch.setattr(skills_module.importlib, "import_module", without_router)
    request, doc = compose(deps, SkillRequest(ROUTE, "When should renewal preparation start?"))
    assert request.skill == "ask" and doc.citations[0]["source"] == "playbooks/renewal-preparation.md"


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
