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


# Risks told as plain facts, found by theme (new wording, written for these tests)


@pytest.mark.parametrize(
    "turn",
    [
        # the customer questioning the product
        "Ines Park: We've started talking internally about whether this is the right tool for the second rollout.",
        "Ines Park: Our new finance director asked me what we actually get for the money.",
        # a parent company or group standardizing on a competitor
        "Ines Park: Our holding company runs Freshdesk in every subsidiary and wants one support stack by spring.",
        "Ines Park: We were acquired by Norland Group in March, and they use a different scheduling product.",
        # the sponsor or champion leaving
        "Ines Park: Walter, who sponsored the purchase, retires at the end of September.",
        "Ines Park: Our clinical lead goes on parental leave in July and nobody has been named to cover for her.",
        # an outside party rejecting the customer's work
        "Ines Park: The state auditor sent our first quarterly extract back because the timestamps were missing.",
        # the product made optional, or the old way kept
        "Ines Park: One ward manager told her nurses the new charting screens are optional for now.",
        "Ines Park: Most supervisors still hand out printed route sheets every morning.",
        # usage, satisfaction and support load moving the wrong way
        "Ines Park: Weekly logins went from about three hundred to one hundred and ninety since the spring.",
        "Ines Park: Support tickets about the mobile app doubled after the June release.",
        "Ines Park: Only eleven of the forty pharmacists finished the onboarding course.",
        # money, people and time
        "Ines Park: Our budget for next year is frozen, so any price increase is a problem.",
        "Ines Park: We lost three analysts in the restructuring, so nobody is maintaining the reports.",
        "Ines Park: IT is tied up with the data center move until August, so they can't give us much time.",
        "Ines Park: The go-live date in early June feels aggressive to me.",
        "Ines Park: Our procurement lead has asked for a twelve percent discount or she wants to run a tender.",
        # compliance, outages, dependencies, data and unhappy users
        "Ines Park: We have a licensing inspection on October ninth and the dispensing logs must be complete.",
        "Ines Park: The kiosks couldn't take card payments for two hours on Saturday.",
        "Ines Park: The payroll vendor still hasn't sent the test file, and it's been three weeks.",
        "Ines Park: The customer master data is messy, with duplicate accounts in every region.",
        "Ines Park: The pharmacists are fed up with typing every order twice.",
    ],
)
def test_a_risk_told_as_a_plain_fact_is_found_by_its_theme(turn):
    assert [text for _, text, _ in _risks(turn)] == [turn.split(": ", 1)[1]]


@pytest.mark.parametrize(
    "turn",
    [
        "Ines Park: No point rolling the tablets out to a second site while the sync is broken.",
        "Ines Park: The returns fix went out last Thursday and the stores noticed.",
        "Ines Park: I was worried about the scanners at first, but they've held up fine.",
        "Ines Park: Honestly, let's go back to paper labels until the printer is fixed.",
        "Ines Park: Who takes over from her once she retires?",
        "Ines Park: The pharmacists like the new queue, and wait times at the counter are down.",
        "Ines Park: Our services team can cover the hierarchy changes for a few months.",
        "Ines Park: So I escalate the printer bug today and send you the workaround on Friday.",
    ],
)
def test_reasons_fixes_proposals_questions_and_own_plans_are_not_risks(turn):
    assert _risks(turn) == []


def test_a_risk_that_only_points_reads_with_the_sentence_that_names_its_subject():
    risks = _risks(
        "Ines Park: The barcode lookup. It takes fifteen seconds per item. People hate it.",
        "Omar Haddad: How are the pharmacists finding the double sign-in?",
        "Ines Park: It's annoying, they complain about it every shift.",
    )
    assert [text for _, text, _ in risks] == [
        "The barcode lookup. It takes fifteen seconds per item. People hate it.",
        "How are the pharmacists finding the double sign-in? — It's annoying, they complain about it every shift.",
    ]
    # the citation quotes both speakers' words as said, with "…" where the speaker changes
    assert risks[1][2] == (
        "How are the pharmacists finding the double sign-in? … It's annoying, they complain about it every shift."
    )


def test_a_short_answer_reads_with_the_question_it_answers():
    risks = _risks(
        "Omar Haddad: How many of the nine stores use the returns screen?",
        "Ines Park: Three. The other six haven't started.",
    )
    assert [text for _, text, _ in risks] == [
        "How many of the nine stores use the returns screen? — Three. The other six haven't started."
    ]


def test_a_lead_in_keeps_the_risk_and_the_reason_told_after_it():
    turn = (
        "Now, the thing that really keeps me up at night. We have a pharmacy board inspection on June tenth. "
        "If the dispensing logs aren't exported by then, we fail it."
    )
    assert [text for _, text, _ in _risks(f"Ines Park: {turn}")] == [turn]


def test_a_risk_said_with_spoken_fillers_is_found_and_quoted_as_said():
    said = "Our, uh, parent company wants us to, um, standardize on Freshdesk by spring."
    risks = _risks(f"Ines Park: {said}")
    assert [(text, quote) for _, text, quote in risks] == [
        ("Our parent company wants us to standardize on Freshdesk by spring.", said)
    ]


def test_a_risk_restated_later_in_the_turn_is_one_item():
    risks = _risks(
        "Ines Park: The label printer integration has been broken since the update. "
        "So yes, the label printer integration is broken since the update, as I said."
    )
    assert len(risks) == 1


def test_a_risk_the_next_speaker_confirms_is_one_item_with_both_words():
    risks = _risks(
        "Mira Lund: Today is about the handover, since Oskar is moving to the Oslo office next month.",
        "Oskar Berg: Yes, my last day on this team is June twelfth.",
    )
    assert [text for _, text, _ in risks] == [
        "Today is about the handover, since Oskar is moving to the Oslo office next month. — Yes, my last day on "
        "this team is June twelfth."
    ]


def test_a_short_risk_about_them_reads_with_the_sentence_that_says_what_they_are():
    risks = _risks("Ines Park: The overtime numbers are the other thing. Payroll can't match them to the rosters.")
    assert [text for _, text, _ in risks] == [
        "The overtime numbers are the other thing. Payroll can't match them to the rosters."
    ]
