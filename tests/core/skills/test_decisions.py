"""Decisions read from a meeting (bot.core.skills.decisions.extract_decisions): stated, accepted, or said as an
answer to what was put to the speaker; and what is no decision."""

import pytest

from bot.core.skills.decisions import extract_decisions
from bot.core.skills.meeting import load_meeting


def _decisions(*turns: str) -> list[str]:
    meeting = load_meeting("# 2026-05-04 Steering call\n" + "\n".join(turns) + "\n", "call.txt")
    return [d.text for d in extract_decisions(meeting)]


def test_a_go_ahead_decides_what_its_next_sentence_says():
    assert _decisions(
        "Mira Lund: We could switch the old booking portal off at the end of June.",
        "Henrik Aas: Yes, do it. The old booking portal goes read-only on July first.",
    ) == ["The old booking portal goes read-only on July first."]


def test_a_bare_go_ahead_hands_out_a_task_and_decides_nothing():
    assert (
        _decisions(
            "Mira Lund: Jonas can record a short video of the new returns flow.",
            "Henrik Aas: Do that.",
        )
        == []
    )


@pytest.mark.parametrize(
    ("proposal", "answer", "decided"),
    [
        ("Can we push the payroll module to Q1?", "Fine, payroll moves to January.", "Payroll moves to January."),
        (
            "Should we roll the kiosks out to the remaining clinics now?",
            "Agreed. We roll out to the remaining clinics after the printer fix.",
            "We roll out to the remaining clinics after the printer fix.",
        ),
        (
            "Should we add the Tromsø depot to this wave?",
            "Not this year.",
            "Not this year: add the Tromsø depot to this wave.",
        ),
        (
            "We could move the go-live to October to give IT more time.",
            "No, let's keep the September fourteenth date, the board already announced it.",
            "Keep the September fourteenth date, the board already announced it.",
        ),
    ],
)
def test_an_answer_to_a_proposal_decides_it(proposal, answer, decided):
    assert _decisions(f"Mira Lund: {proposal}", f"Henrik Aas: {answer}") == [decided]


def test_a_lets_with_a_deciding_verb_is_a_decision_even_before_anyone_agrees():
    assert _decisions(
        "Mira Lund: The auto-routing still sends a third of the tickets to the wrong queue.",
        "Henrik Aas: Honestly, let's go back to manual routing for now.",
    ) == ["Go back to manual routing for now."]


def test_putting_a_decision_off_and_agreeing_to_a_proposal_with_lets_do_that_decide_nothing_new():
    # Regression: "Let's not decide that today." / "Okay." gave "Not decide that today.", and "Yes, let's do
    # that." followed by a commitment gave "Do that."
    assert _decisions(
        "Mira Lund: What about the second warehouse?",
        "Henrik Aas: Let's not decide that today.",
        "Mira Lund: Okay.",
        "Mira Lund: Then let's split the training into three short modules.",
        "Henrik Aas: Yes, let's do that.",
        "Mira Lund: I'll ask our enablement team to split the course by Friday.",
    ) == ["Split the training into three short modules."]


def test_the_next_meeting_agreed_with_lets_is_a_decision_and_meeting_talk_is_not():
    assert _decisions(
        "Mira Lund: Let's go back to your question about the export.",
        "Henrik Aas: Sure.",
        "Mira Lund: Thanks, everyone. Let's talk again next Monday.",
    ) == ["Talk again next Monday."]


def test_a_date_proposed_for_a_task_is_no_decision():
    assert (
        _decisions(
            "Mira Lund: I can set up the review with your director. Shall we say the week of the twenty-fourth?",
            "Henrik Aas: Sure.",
        )
        == []
    )
