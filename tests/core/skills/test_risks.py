"""Risks read from a meeting (bot.core.skills.signals.extract_risks): which lines raise one, and which words
each risk is made of."""

import pytest

from bot.core.skills.meeting import load_meeting
from bot.core.skills.signals import extract_risks


def _risks(*turns: str) -> list[tuple[str, str, str]]:
    meeting = load_meeting("# 2026-05-04 Account check-in\n" + "\n".join(turns) + "\n", "call.txt")
    return [(r.line.speaker, r.text, r.quote) for r in extract_risks(meeting)]


@pytest.mark.parametrize(
    "turn",
    [
        "Tom Baker: We pay for two hundred seats and I think about one hundred and twenty nurses log in each week.",
        "Chris Dalton: Dispatch is at ninety percent weekly use, the warehouses are under forty.",
        "Rachel Green: The east plant logs about forty percent of repairs in the app.",
        "Paul Diaz: Managers open the app daily, but only 55% of shift swaps go through it.",
    ],
)
def test_adoption_below_what_is_paid_for_is_a_risk(turn):
    assert [text for _, text, _ in _risks(turn)] == [turn.split(": ", 1)[1]]


@pytest.mark.parametrize(
    "turn",
    [
        "Ana Ruiz: Weekly active nurses are above seventy percent and tickets are under twenty.",
        "Ana Ruiz: In the app the intake takes under twelve minutes for most nurses.",
        "Ana Ruiz: Dispatch is at ninety percent weekly use across both sites.",
    ],
)
def test_good_numbers_in_a_usage_context_are_not_low_adoption(turn):
    assert _risks(turn) == []


def test_a_date_after_the_customers_own_event_is_a_risk():
    said = "October twentieth is after our dealer conference on the fourteenth."
    assert [text for _, text, _ in _risks(f"Michael Ortiz: {said}")] == [said]


def test_naming_the_previous_statement_a_gap_makes_it_the_risk_cited_to_its_speaker():
    risks = _risks(
        "Kevin Walsh: Tellers say the dashboard is easier, but they can't see an application once the member "
        "starts on mobile.",
        "Laura Chen: That's a visibility gap.",
    )
    said = "Tellers say the dashboard is easier, but they can't see an application once the member starts on mobile."
    assert risks == [("Kevin Walsh", said, said)]


def test_agreeing_with_a_risk_already_raised_adds_no_second_risk():
    risks = _risks(
        "Ben Ortiz: One thing I'm worried about. Our sponsor hasn't been in a review since October.",
        "Rachel Green: That's a real risk, especially with the renewal in June.",
    )
    assert [speaker for speaker, _, _ in risks] == ["Ben Ortiz"]


def test_a_concern_announced_then_told_over_several_sentences_is_one_risk():
    turn = (
        "One more concern. Our contract says go-live by the end of April. If the security review drags, we miss that."
    )
    assert _risks(f"Sam Lee: {turn}") == [("Sam Lee", turn, turn)]


def test_two_risks_stated_outright_in_one_turn_stay_two():
    risks = _risks(
        "Nadia Rahman: The integration still fails about one in ten times, and when it fails the member has to "
        "start over. Dealers are frustrated and some have stopped sending us applications."
    )
    assert len(risks) == 2


def test_a_risk_that_ends_on_a_question_keeps_the_answer_that_follows():
    turn = (
        "Here's my bigger concern. The completion task. Who actually does it? If those fields land upstairs, "
        "I've just moved the problem to someone else's floor."
    )
    assert _risks(f"Tom Hale: {turn}") == [("Tom Hale", turn, turn)]


@pytest.mark.parametrize(
    "turn",
    [
        "Sam Lee: If the review isn't started by the tenth, I'll escalate it with you so we can decide together.",
        "Sofia Reyes: Thanks for joining. This call is about last week's outage and the billing sync errors.",
        "Laura Chen: Our engineering team traced the failures to a timeout in the credit bureau call.",
    ],
)
def test_mitigations_agendas_and_diagnoses_are_not_risks(turn):
    assert _risks(turn) == []


def test_a_pointer_inside_a_turn_is_read_with_that_turn_not_the_previous_speaker():
    risks = _risks(
        "Marcus Webb: We have the list of invoices.",
        "Grace Liu: The sync failed for two hundred invoices. It's a problem for our month-end close.",
    )
    assert [speaker for speaker, _, _ in risks] == ["Grace Liu"]
