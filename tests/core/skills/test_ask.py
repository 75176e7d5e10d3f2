import pytest

from bot.core.errors import UnknownAccountError, UserInputError
from bot.core.skills.ask import NOT_FOUND, ask


def test_answer_is_built_from_cited_source_sentences(copilot):
    result = ask(copilot, "Why do the night shift nurses at Acme skip the triage form?")
    assert result.found and result.account == "acme-clinics"
    assert "eleven clicks" in result.answer
    assert result.citations
    for number, citation in enumerate(result.citations, start=1):
        assert f"[{number}]" in result.answer
        source_text = (copilot.settings.knowledge / citation.source).read_text()
        # Every quote is verbatim source text (Markdown bullets and wrapping aside).
        assert " ".join(citation.quote.split()) in " ".join(source_text.replace("- ", "").split())


def test_an_empty_store_is_ingested_on_first_question(copilot):
    assert copilot.db.chunk_count() == 0
    ask(copilot, "When does renewal preparation start?")
    assert copilot.db.chunk_count() > 0


def test_playbook_question_cites_the_playbook(copilot):
    result = ask(copilot, "When should renewal preparation start?")
    assert result.citations[0].source == "playbooks/renewal-preparation.md"
    assert "120 days" in result.answer


def test_metric_question_is_answered_from_the_metrics_summary(copilot):
    result = ask(copilot, "How are active users trending at Acme?")
    assert result.citations[0].source == "accounts/acme-clinics/metrics.csv"
    assert "121" in result.answer


def test_nothing_relevant_says_so_instead_of_answering(copilot):
    result = ask(copilot, "What is the boiling point of tungsten?")
    assert not result.found
    assert result.answer == NOT_FOUND
    assert result.citations == []


def test_explicit_account_restricts_and_unknown_account_is_a_clear_error(copilot):
    result = ask(copilot, "Who asked for more seats?", account="orbit")
    assert result.account == "orbit-freight"
    assert {c.source.split("/")[1] for c in result.citations} == {"orbit-freight"}
    with pytest.raises(UnknownAccountError, match="Did you mean: Orbit Freight"):
        ask(copilot, "anything", account="Orbitt Freightt Co")


@pytest.mark.parametrize("question", ["", "   \n\t "])
def test_empty_question_is_a_user_error(copilot, question):
    with pytest.raises(UserInputError, match="empty"):
        ask(copilot, question)


def test_a_huge_question_is_truncated_not_fatal(copilot):
    result = ask(copilot, "triage form clicks " * 2000)
    assert len(result.question) <= 2000
    assert result.found
