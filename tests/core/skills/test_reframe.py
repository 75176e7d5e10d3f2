import pytest

from bot.core.errors import UnknownAccountError, UserInputError
from bot.core.skills.reframe import reframe


def test_reframe_with_an_account_uses_its_end_users_and_notes(sample_copilot):
    result = reframe(sample_copilot, "low usage of Quick Intake at East Campus", account="Harborview")
    assert result.persona.startswith("registered nurses")
    assert result.statement.startswith("Registered nurses") and " because " in result.statement
    assert "rarely use Quick Intake at East Campus" in result.statement
    assert result.citations and all(c.source.startswith("accounts/harborview-health/") for c in result.citations)
    assert result.insight != "unknown"
    assert result.root_cause in ("product", "process", "perception", "mixed") and result.root_cause_reason
    assert len(result.how_might_we) >= 3 and all(q.startswith("How might we") for q in result.how_might_we)
    assert result.customers_customers and "patients" in result.customers_customers.lower()
    assert result.missing == []


def test_a_group_named_in_the_problem_is_the_persona(sample_copilot):
    result = reframe(sample_copilot, "high-school teachers don't use the gradebook", account="brightpath")
    assert result.persona == "high-school teachers"
    assert result.statement.startswith("High-school teachers don't use the gradebook because")


def test_without_an_account_it_still_reframes_and_says_what_it_needs(sample_copilot):
    result = reframe(sample_copilot, "low usage of the reporting dashboard by nurses")
    assert result.persona == "nurses" and result.account is None
    assert result.insight == "unknown" and result.citations == []
    assert (
        result.statement
        == "Nurses rarely use the reporting dashboard because of something the notes do not explain yet."
    )
    assert any("which account" in m for m in result.missing)
    assert len(result.how_might_we) >= 3


def test_root_cause_words_match_at_word_starts_only(sample_copilot):
    # "platform" must not count as the product cue "form".
    result = reframe(sample_copilot, "managers distrust the platform numbers and feel judged")
    assert result.root_cause == "perception"


def test_bad_input(sample_copilot):
    with pytest.raises(UserInputError):
        reframe(sample_copilot, "   ")
    with pytest.raises(UnknownAccountError):
        reframe(sample_copilot, "low usage", account="Initech")
