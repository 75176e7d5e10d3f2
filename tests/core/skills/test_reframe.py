import pytest

from bot.core.errors import UnknownAccountError, UserInputError
from bot.core.skills.reframe import reframe


def test_reframe_with_an_account_uses_its_end_users_and_notes(sample_copilot):
    result = reframe(sample_copilot, "low usage of Quick Intake at East Campus", account="Harborview")
    assert "nurses" in result.persona  # the profile's nurses, or the notes' narrower "East Campus ED nurses"
    assert result.statement.lower().startswith(result.persona.lower()) and " because " in result.statement
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


def test_the_persona_is_the_end_user_group_the_problem_is_about(sample_copilot):
    # The profile names dispatchers first; the mobile app and the notes about it are the drivers'.
    result = reframe(sample_copilot, "low usage of the mobile app", account="swiftroute")
    assert "drivers" in result.persona and "dispatchers" not in result.persona
    assert result.statement.startswith("Delivery drivers rarely use the mobile app because ")
    assert "driver" in result.insight.lower()


def test_a_problem_of_the_customers_customers_is_about_them(sample_copilot):
    result = reframe(sample_copilot, "shippers keep calling to ask where their parcel is", account="swiftroute")
    assert result.persona == "shippers"
    assert result.statement.startswith("Shippers keep calling to ask where their parcel is because ")
    assert not any("dispatchers in the Dallas" in q and "shippers" not in q for q in result.how_might_we)


def test_a_problem_put_as_a_behaviour_reads_as_one_sentence(sample_copilot):
    result = reframe(sample_copilot, "drivers batch-mark stops at the end of the block", account="swiftroute")
    assert result.statement.startswith("Drivers batch-mark stops at the end of the block because ")
    assert "struggle with drivers" not in result.statement


def test_one_level_out_keeps_the_whole_group_and_its_numbers(sample_copilot):
    result = reframe(sample_copilot, "high-school teachers don't use the gradebook", account="brightpath")
    assert result.customers_customers == "about 11,000 students in grades 6 to 12 and their families"


def _write_note(knowledge, slug, name, text):
    (knowledge / "accounts" / slug / "notes" / name).write_text(text, encoding="utf-8")


NOTE = """---
date: 2025-12-20
type: note
attendees: [Jordan Reyes]
---
## What we observed
- The Lakeside nurses keep a paper list next to the screen.

## Problem statement
Night-shift nurses skip the triage form because it asks for the insurance number twice before the patient is seen.
Root cause: process (the insurance step sits before triage), with a product part (no way to defer a field).

How might we let a night-shift nurse triage first and finish the insurance step once the patient is settled?
"""


def test_the_root_cause_the_notes_name_is_used_and_cited(copilot, knowledge):
    _write_note(knowledge, "acme-clinics", "2025-12-20-note.md", NOTE)
    result = reframe(copilot, "night-shift nurses skip the triage form", account="acme")
    assert result.root_cause == "process"
    assert "Root cause: process" in result.root_cause_reason
    assert any(c.quote.startswith("Root cause: process") for c in result.citations)


def test_how_might_we_questions_build_on_the_insight(copilot, knowledge):
    _write_note(knowledge, "acme-clinics", "2025-12-20-note.md", NOTE)
    result = reframe(copilot, "night-shift nurses skip the triage form", account="acme")
    questions = result.how_might_we
    assert 3 <= len(questions) <= 5 and len(set(questions)) == len(questions)
    assert all(q.startswith("How might we") and q.endswith("?") for q in questions)
    assert any("insurance number twice" in q for q in questions)  # the cause the notes give
    assert any(q.startswith("How might we let a night-shift nurse triage first") for q in questions)  # noted
    assert any(c.quote.startswith("How might we let a night-shift nurse") for c in result.citations)


def test_a_cause_that_leans_on_a_pronoun_is_quoted_whole(copilot, knowledge):
    _write_note(
        knowledge,
        "acme-clinics",
        "2025-12-21-note.md",
        """---
date: 2025-12-21
type: note
---
## Problem statement
In a rush the nurses grab the paper triage sheet because it never locks them out.
""",
    )
    result = reframe(copilot, "patients wait at the triage desk during a rush", account="acme")
    assert result.persona == "patients"
    # "because it never locks them out" would make "it" the patients' wait: the observation is quoted instead.
    assert "because of what the notes describe: “In a rush the nurses grab the paper triage sheet" in result.statement


def test_an_observation_the_notes_mark_as_resolved_is_flagged(copilot, knowledge):
    _write_note(
        knowledge,
        "acme-clinics",
        "2025-12-22-note.md",
        """---
date: 2025-12-22
type: note
---
## Summary
Lakeside nurses now finish the triage form on the tablet instead of on paper, because the form was shortened.
""",
    )
    result = reframe(copilot, "Lakeside nurses fill in the triage form on paper", account="acme")
    assert any("still holds" in m for m in result.missing)
