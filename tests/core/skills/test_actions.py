"""Action items: owners are people, tasks read whole, recaps and later replies date them, pronouns resolve."""

import datetime as dt

from bot.core.skills.actions import extract_actions
from bot.core.skills.meeting import load_meeting


def _actions(text: str, name: str = "call.txt", resolve: bool = True):
    meeting = load_meeting(text, name)
    found = extract_actions(meeting) if resolve else extract_actions(meeting, resolve_pronouns=False)
    return [(a.owner, a.task, a.due) for a in found]


def _notes(body: str, attendees: str = "") -> str:
    people = f"attendees: [{attendees}]\n" if attendees else ""
    return f"---\ndate: 2026-10-22\ntype: note\n{people}---\n# Notes\n\n{body}"


def _call(lines: str, date: str = "2026-11-03") -> str:
    return f"# {date} Call\n{lines}"


# Owners are people, never verbs


def test_an_imperative_is_not_its_own_owner_and_the_person_who_will_do_it_is():
    # Regression: "Invite Gwen to speak…; Jordan will ask by 2026-11-30." gave the owner "Invite Gwen", and
    # "Call to review the proposal" (a summary of the call) gave the owner "Call".
    body = (
        "## Summary\n\nCall to review the final expansion proposal with the board.\n\n"
        "## Next advocacy steps\n\n- Invite Gwen to speak at the customer summit in April 2027; Jordan will ask by "
        "2026-11-30.\n"
    )
    for attendees in ("", "Jordan Okafor, Gwen Harper"):  # knowledge chunks carry no attendee list
        actions = _actions(_notes(body, attendees), "note.md")
        owner = "Jordan Okafor" if attendees else "Jordan"
        assert actions == [(owner, "Invite Gwen to speak at the customer summit in April 2027", dt.date(2026, 11, 30))]


def test_notes_name_an_owner_the_attendee_list_does_not_know():
    body = "## Action items\n\n- Samir Haddad will add a high-school filter to the report by 2026-11-20.\n"
    assert _actions(_notes(body, "Elena Brandt, Rosa Delgado"), "email.md") == [
        ("Samir Haddad", "Add a high-school filter to the report", dt.date(2026, 11, 20))
    ]


# The task reads whole once its due phrase is gone


def test_a_date_inside_a_noun_phrase_stays_and_a_deadline_wins_over_it():
    # Regression: "Jordan will propose a renewal conversation in the Q2 2027 QBR." became
    # "Propose a renewal conversation QBR"; "…for the Q3 QBR by 2026-10-02" was due at the end of Q3.
    body = (
        "## Action items\n\n- Jordan will propose a renewal conversation in the Q2 2027 QBR.\n"
        "- Maya will prepare a draft success plan for the Q4 QBR by 2026-11-02.\n"
        "- Tara will set up the send window test for the 2026-11-10 and 2026-11-17 campaigns.\n"
    )
    assert _actions(_notes(body, "Jordan Okafor, Maya Castellanos, Tara Singh"), "n.md") == [
        ("Jordan Okafor", "Propose a renewal conversation in the Q2 2027 QBR", dt.date(2027, 6, 30)),
        ("Maya Castellanos", "Prepare a draft success plan for the Q4 QBR", dt.date(2026, 11, 2)),
        (
            "Tara Singh",
            "Set up the send window test for the 2026-11-10 and 2026-11-17 campaigns",
            dt.date(2026, 11, 10),
        ),
    ]


def test_the_week_of_a_date_leaves_no_stray_article():
    text = _call("Alex Morgan: I'll schedule two training sessions for Eastside the week of the twenty-third.\n")
    assert _actions(text) == [("Alex Morgan", "Schedule two training sessions for Eastside", dt.date(2026, 11, 23))]


def test_a_date_in_a_whether_or_if_clause_is_not_the_deadline():
    text = _call(
        "Laura Chen: I'll ask engineering whether the fix can ship by December 14 and come back to you by "
        "Monday.\nLinda Cho: I'll pilot the export with volunteers if it is ready by December 1.\n"
    )
    assert [(owner, due) for owner, _, due in _actions(text)] == [
        ("Laura Chen", dt.date(2026, 11, 9)),
        ("Linda Cho", None),
    ]


# Every commitment, and only commitments


def test_two_commitments_in_one_sentence_are_two_items_with_their_own_dates():
    text = _call(
        "Rosa Delgado: I'll send the beta sign-up form to all teachers by Friday, and I'll add Linda and Jamal "
        "myself.\n"
    )
    assert _actions(text) == [
        ("Rosa Delgado", "Send the beta sign-up form to all teachers", dt.date(2026, 11, 6)),
        ("Rosa Delgado", "Add Linda and Jamal", None),
    ]


def test_talk_on_the_spot_possibilities_and_agreements_are_not_action_items():
    text = _call(
        "Elena Brandt: Let me check on the third question. What would make this feel like a high-school tool?\n"
        "Linda Cho: Put me down for the beta.\n"
        "Jamal Wright: Sure, put me down for the beta.\n"
        "Grace Liu: That would help. Then we can send a correction to just those customers.\n"
        "Alex Morgan: So for two weeks the front desk keeps calling.\n"
        "Rita Gomez: Yes, we'll run both in parallel for two weeks.\n"
        "Olivia Park: I'll ask questions, you tell the story. I'll park video until January.\n"
        "Ben Ortiz: I'll stay on the account as a viewer until I leave.\n"
    )
    assert _actions(text) == []


def test_a_quote_and_a_report_of_what_happened_in_notes_are_not_actions():
    body = (
        "## Reply (verbatim)\n\n\"Yes, but that's not on the roadmap. I'll log it as a feature request.\"\n\n"
        "## Follow-up\n\n- Feature request logged as FR-1874 on 2026-10-22.\n"
        "- Maya discussed the exchange with her manager on 2026-10-23.\n\n"
        "How might we questions we will bring to Harborview:\n"
    )
    assert _actions(_notes(body, "Maya Castellanos, Sofia Marchetti"), "email.md") == []


def test_a_proposal_for_someone_named_counts_once_accepted_and_a_reply_may_take_the_request():
    text = _call(
        "Maya Castellanos: Ben can record a five-minute video version of the huddle.\n"
        "Dr. Marcus Greene: Do that.\n"
        "Jasmine Ortiz: Please include the deliverability person.\n"
        "Maya Castellanos: I'll include them.\n"
    )
    assert _actions(text) == [
        ("Ben", "Record a five-minute video version of the huddle", None),
        ("Maya Castellanos", "Include the deliverability person", None),
    ]


# Restatements, recaps and later replies give one item its date


def test_a_restated_commitment_is_one_item_with_the_date_given_later():
    text = _call(
        "Chris Dalton: We can extend the session timeout for the warehouse role.\n"
        "Omar Farouk: If you can do that, I'd expect usage to jump.\n"
        "Chris Dalton: I'll have our support team change the timeout for the warehouse role by Thursday.\n"
        "Jen Park: I can pull the provider and chair list for Eastside. I'll get it to you by next Tuesday.\n"
        "Alex Morgan: I'll build a baseline of no-show rates per practice.\n"
        "Sam Lee: Sure.\n"
        "Alex Morgan: Then I'll send the baseline report in two weeks.\n"
    )
    assert _actions(text) == [
        ("Chris Dalton", "Extend the session timeout for the warehouse role", dt.date(2026, 11, 5)),
        ("Jen Park", "Pull the provider and chair list for Eastside", dt.date(2026, 11, 10)),
        ("Alex Morgan", "Build a baseline of no-show rates per practice", dt.date(2026, 11, 17)),
    ]


def test_a_date_said_after_the_commitment_dates_it_but_another_subject_does_not():
    # Regression: "I'll test the import file… I can do that by the twentieth." left the test undated.
    text = _call(
        "Samir Haddad: I'll test a multi-assignment import file in the SIS sandbox. I can do that by the twentieth.\n"
        "Rachel Green: And I'll run a one-hour admin training for Carla. How does next Thursday look?\n"
        "Carla Nunez: Next Thursday afternoon works.\n"
        "Aisha Rahman: I'll write the dispatcher procedures based on what we do in Dallas.\n"
        "Jordan Okafor: Could you share a draft by November twentieth?\n"
        "Aisha Rahman: November twentieth works.\n"
        "Lena Fischer: I'll include the test evidence in the root cause report.\n"
        "Brian Kowalski: And the cross-campaign part?\n"
        "Lena Fischer: That needs a product change. The target is December fifteenth.\n"
    )
    assert [(owner, due) for owner, _, due in _actions(text)] == [
        ("Samir Haddad", dt.date(2026, 11, 20)),
        ("Rachel Green", dt.date(2026, 11, 12)),
        ("Aisha Rahman", dt.date(2026, 11, 20)),
        ("Lena Fischer", None),
    ]


def test_the_day_after_a_date_said_just_before():
    text = _call("Marcus Webb: The first drill is on the twentieth. I'll share the report with you the day after.\n")
    assert _actions(text) == [("Marcus Webb", "Share the report with you", dt.date(2026, 11, 21))]


def test_a_recap_in_the_present_tense_dates_earlier_items_and_adds_new_ones():
    # Regression: "Sofia books the Victor review for mid-December." was not an action item, and "Link those two"
    # kept its pointing words when the recap said what they were.
    text = _call(
        "Maya Castellanos: Then let's link those two as well.\n"
        "Jasmine Ortiz: I'll link them today.\n"
        "Tara Singh: I'll build the suppression rule and dry-run it with a test send.\n"
        "Luis Romero: Anonymized, yes. I'll check with her anyway.\n"
        "Sofia Marchetti: Victor will want the November scorecard first.\n"
        "Maya Castellanos: Recap. Decisions: link the two SMS campaigns, and Lumen joins the beta as a partner.\n"
        "Maya Castellanos: Owners. Jasmine links the SMS campaigns today and has snapshots ready by the "
        "twenty-fourth. Tara builds and dry-runs the suppression by next Friday. I send the war-room rota by "
        "Wednesday and the November scorecard on December second. Sofia books the Victor review for mid-December.\n"
        "Gwen Harper: And Luis checks with the agent about her quote.\n"
        "Luis Romero: I'll do that this week.\n",
        date="2026-11-06",
    )
    assert _actions(text) == [
        ("Jasmine Ortiz", "Link the SMS campaigns", dt.date(2026, 11, 6)),
        ("Tara Singh", "Build the suppression rule and dry-run it with a test send", dt.date(2026, 11, 13)),
        ("Luis Romero", "Check with the agent about her quote", dt.date(2026, 11, 6)),
        ("Jasmine Ortiz", "Have snapshots ready", dt.date(2026, 11, 24)),
        ("Maya Castellanos", "Send the war-room rota", dt.date(2026, 11, 11)),
        ("Maya Castellanos", "Send the November scorecard", dt.date(2026, 12, 2)),
        ("Sofia Marchetti", "Book the Victor review", dt.date(2026, 12, 15)),
    ]


def test_a_present_tense_statement_outside_a_recap_is_no_action():
    text = _call("Dr. Marcus Greene: Priya runs the platform day to day. Dana tells me the pilot went well.\n")
    assert _actions(text) == []


# Pronouns


def test_his_and_her_resolve_to_the_person_or_role_named_just_before():
    # Regression: "Find a slot with his assistant" kept "his" though Marcus was named in the line before.
    text = _call(
        "Dana Whitfield: Marcus will want to see it. Can we aim for the first week of December with Marcus?\n"
        "Maya Castellanos: Yes, I'll find a slot with his assistant.\n"
        "Priya Natarajan: It's tight but doable.\n"
        "Dana Whitfield: I'd suggest Keisha Morgan. Monthly check-ins with you, Priya and Keisha work for me.\n"
        "Dr. Marcus Greene: Keisha's good. I'll ask her this week to act as clinical champion.\n"
        "Carla Nunez: I know the Toledo supervisor. I'll talk to him next week and find out what's bothering him.\n"
        "Sofia Reyes: I'll send the RCA to Daniel and his VP as soon as it's ready.\n"
    )
    assert [task for _, task, _ in _actions(text)] == [
        "Find a slot with Dr. Marcus Greene's assistant",  # Marcus is on the call
        "Ask Keisha Morgan to act as clinical champion",
        "Talk to the Toledo supervisor and find out what's bothering him",
        "Send the RCA to Daniel and his VP as soon as it's ready",
    ]
    unresolved = [task for _, task, _ in _actions(text, resolve=False)]
    assert unresolved[0] == "Find a slot with his assistant"  # plans resolve with the account's people


def test_a_pronoun_stays_when_two_people_or_the_owner_could_be_meant():
    text = _call(
        "Dana Whitfield: Marcus and Raymond will both be there.\n"
        "Maya Castellanos: I'll find a slot with his assistant.\n"
        "Luis Romero: One agent told me she loved it. I'll check with her anyway.\n"
    )
    notes = _notes("## Action items\n\n- Eric Dunn will list the five segments his team rebuilds most often.\n")
    assert [task for _, task, _ in _actions(text)] == ["Find a slot with his assistant", "Check with her anyway"]
    assert _actions(notes, "n.md")[0][1] == "List the five segments his team rebuilds most often"


def test_a_check_in_read_end_to_end():
    # A call written after the rules above, as a check that they hold together on new words: conditional
    # offers and on-the-spot checks are left out, the recap and later replies give the dates.
    text = (
        "# 2026-04-14 Keystone Freight adoption check-in\n"
        "Nora Quinn: Thanks for making time, Derek. Amira and Paolo are on too.\n"
        "Amira Saleh: The app signs drivers out every fifteen minutes on the older handsets.\n"
        "Paolo Ferri: I can check the MDM profile settings against our recommended baseline. I'll have an answer by "
        "Thursday.\n"
        "Amira Saleh: Thank you. If it's our profile, I can push a fix to all handsets the same week.\n"
        "Derek Holt: My bigger worry is the yard supervisor in Reno. He still prints the pick lists every morning.\n"
        "Nora Quinn: I've met him. I'll call him this week and ask what the app would need to do.\n"
        "Amira Saleh: Forty of sixty handsets are enrolled. The last twenty arrive on the twenty-fourth.\n"
        "Nora Quinn: Can you enroll them the day after they arrive?\n"
        "Amira Saleh: Yes, that works.\n"
        "Derek Holt: Let me check one thing. Paolo, does enrollment need the drivers present?\n"
        "Paolo Ferri: No, it's remote.\n"
        "Derek Holt: Good. Then we can train them at the Monday stand-up.\n"
        "Nora Quinn: Derek, could you send me the March on-time numbers by April twenty-first?\n"
        "Derek Holt: Sure.\n"
        "Nora Quinn: I'll draft the QBR deck. Does the twenty-eighth work for a review?\n"
        "Derek Holt: The twenty-eighth works.\n"
        "Nora Quinn: Quick recap of owners: Paolo checks the MDM profile by Thursday, Amira enrolls the last "
        "handsets the day after they arrive, and I send the draft deck before the review on the twenty-eighth.\n"
        "Derek Holt: And Amira books the training slot at the Monday stand-up.\n"
        "Amira Saleh: I'll do that tomorrow.\n"
    )
    assert _actions(text, "keystone.txt") == [
        ("Paolo Ferri", "Check the MDM profile settings against our recommended baseline", dt.date(2026, 4, 16)),
        ("Nora Quinn", "Call the yard supervisor and ask what the app would need to do", dt.date(2026, 4, 17)),
        ("Amira Saleh", "Enroll the last handsets", dt.date(2026, 4, 25)),
        ("Derek Holt", "Send me the March on-time numbers", dt.date(2026, 4, 21)),
        ("Nora Quinn", "Draft the QBR deck", dt.date(2026, 4, 28)),
        ("Amira Saleh", "Book the training slot at the Monday stand-up", dt.date(2026, 4, 15)),
    ]


# Notes written as task lists


def test_a_task_list_bullet_names_its_owner_and_loses_its_box_and_empty_brackets():
    body = (
        "## Next steps\n\n- [ ] Marta Klein: send Jonas the intake field list by Wed\n"
        "- [x] Jonas Weber: share the interface spec with Marta (by 11/6)\n"
        "- [ ] Ravi to book the data-mapping workshop next week\n"
    )
    assert _actions(_notes(body, "Marta Klein, Jonas Weber, Ravi Shah"), "n.md") == [
        ("Marta Klein", "Send Jonas the intake field list", dt.date(2026, 10, 28)),
        ("Jonas Weber", "Share the interface spec with Marta", dt.date(2026, 11, 6)),
        ("Ravi Shah", "Book the data-mapping workshop", dt.date(2026, 10, 30)),
    ]


# Short replies that take a request


def test_a_short_reply_takes_the_request_and_the_date_asked_in_the_next_breath():
    text = _call(
        "Nadia Karim: Pieter, can you send Lotte twenty sample orders from October? By Friday?\n"
        "Pieter Smit: Uh, sure. Yeah, I can do that.\n"
        "Nadia Karim: Please send the signed data addendum to our legal team before Thursday.\n"
        "Pieter Smit: Will do.\n"
    )
    assert _actions(text) == [
        ("Pieter Smit", "Send Lotte twenty sample orders from October", dt.date(2026, 11, 6)),
        ("Pieter Smit", "Send the signed data addendum to our legal team", dt.date(2026, 11, 5)),
    ]


def test_a_follow_on_request_is_its_own_item_with_the_date_it_shares():
    text = _call(
        "Nadia Karim: Pieter, could you pull the October returns by Thursday?\n"
        "Pieter Smit: Sure.\n"
        "Nadia Karim: And the carrier invoice export too?\n"
        "Pieter Smit: Yep, same time as the returns.\n"
    )
    assert _actions(text) == [
        ("Pieter Smit", "Pull the October returns", dt.date(2026, 11, 5)),
        ("Pieter Smit", "Pull the carrier invoice export", dt.date(2026, 11, 5)),
    ]


def test_a_promise_to_ask_is_an_item_without_a_date_it_did_not_promise():
    text = _call(
        "Nadia Karim: Can you get us the bulk-edit screen before the December freeze?\n"
        "Pieter Smit: I can't promise that this month, but I'll ask.\n"
    )
    assert _actions(text) == [
        ("Pieter Smit", "Ask whether we can get them the bulk-edit screen before the December freeze", None)
    ]


def test_the_owner_s_own_date_in_the_reply_wins_over_the_one_asked_for():
    text = _call(
        "Nadia Karim: Can you send me the error logs today?\n"
        "Pieter Smit: Um, tomorrow, realistically.\n"
        "Nadia Karim: Can you send me the rollout calendar?\n"
        "Pieter Smit: Sure. End of next week okay?\n"
        "Nadia Karim: That works.\n"
    )
    assert _actions(text) == [
        ("Pieter Smit", "Send me the error logs", dt.date(2026, 11, 4)),
        ("Pieter Smit", "Send me the rollout calendar", dt.date(2026, 11, 13)),
    ]


# Commitments for people who are not on the call


def test_a_commitment_for_someone_named_but_not_on_the_call_is_theirs():
    text = _call(
        "Nadia Karim: Who owns the migration plan on your side?\n"
        "Pieter Smit: Anouk will set up a working session with Lotte next week.\n"
    )
    assert _actions(text) == [("Anouk", "Set up a working session with Lotte", dt.date(2026, 11, 13))]


def test_a_capitalised_thing_at_the_start_of_a_sentence_is_no_owner():
    text = _call("Pieter Smit: Training will include the new returns flow next week.\n")
    assert _actions(text) == []


# Pronouns and places in a task


def test_it_there_him_and_me_are_spelled_out_from_what_was_said_before():
    text = _call(
        "Nadia Karim: We need a review session with the finance team.\n"
        "Pieter Smit: Agreed. Schedule it after Lotte has the numbers.\n"
        "Nadia Karim: Okay, I will.\n"
        "Nadia Karim: The depot supervisor in Ghent still doesn't log in.\n"
        "Pieter Smit: I know Lotte's manager there. I'll talk to him.\n"
        "Nadia Karim: Will someone from your side be on site for the go-live weekend?\n"
        "Pieter Smit: I'll be there this Saturday and Sunday.\n"
        "Nadia Karim: I'd like to meet Anouk before the steering group. Pieter, could you introduce me?\n"
        "Pieter Smit: Sure, happy to.\n"
        "Pieter Smit: I'll send the invite at ten for Thursday.\n"
    )
    assert _actions(text) == [
        ("Nadia Karim", "Schedule the review session with the finance team after Lotte has the numbers", None),
        ("Pieter Smit", "Talk to Lotte's manager", None),
        ("Pieter Smit", "Be on site for the go-live", dt.date(2026, 11, 7)),
        ("Pieter Smit", "Introduce me to Anouk", None),
        ("Pieter Smit", "Send the invite", dt.date(2026, 11, 5)),
    ]


# A task handed over, a date corrected, a date given later


def test_a_task_handed_to_someone_else_is_theirs_alone():
    text = _call(
        "Nadia Karim: I'll set up a call with your IT team — actually, Lotte… can you take that?\n"
        "Lotte Jansen: Sure.\n"
        "Pieter Smit: I'll draft the cutover checklist. Actually, Anouk, can you take that one?\n"
        "Anouk de Vries: Yes.\n"
    )
    assert _actions(text) == [
        ("Lotte Jansen", "Set up a call with your IT team", None),
        ("Anouk de Vries", "Draft the cutover checklist", None),
    ]


def test_a_corrected_date_is_the_one_that_counts():
    text = _call(
        "Pieter Smit: I'll send the revised quote by the ninth — sorry, the tenth.\n"
        "Pieter Smit: I'll share the adoption dashboard.\n"
        "Nadia Karim: By when?\n"
        "Pieter Smit: Wednesday — actually, make that Thursday.\n"
        "Pieter Smit: I'll add the loss codes to the export by Thursday.\n"
        "Nadia Karim: Sorry, Wednesday would be better, the resubmission is Thursday morning.\n"
        "Pieter Smit: Wednesday, then.\n"
    )
    assert _actions(text) == [
        ("Pieter Smit", "Send the revised quote", dt.date(2026, 11, 10)),
        ("Pieter Smit", "Share the adoption dashboard", dt.date(2026, 11, 5)),
        ("Pieter Smit", "Add the loss codes to the export", dt.date(2026, 11, 4)),
    ]


def test_a_date_given_in_a_later_turn_dates_the_promise():
    text = _call(
        "Pieter Smit: I'll pull the login reports for both depots.\n"
        "Nadia Karim: Great, thanks.\n"
        "Nadia Karim: And the ticket export?\n"
        "Pieter Smit: I'll get those over to you tomorrow.\n"
        "Pieter Smit: I can send the pen test summary under NDA.\n"
        "Nadia Karim: Please send it to Lotte and to our security lead.\n"
        "Pieter Smit: Will do, today.\n"
        "Pieter Smit: So I escalate the Android crash and get you an ETA Monday.\n"
    )
    assert _actions(text) == [
        ("Pieter Smit", "Pull the login reports for both depots", dt.date(2026, 11, 4)),
        ("Pieter Smit", "Pull the ticket export", dt.date(2026, 11, 4)),
        ("Pieter Smit", "Send the pen test summary under NDA", dt.date(2026, 11, 3)),
        ("Pieter Smit", "Escalate the Android crash", dt.date(2026, 11, 9)),
    ]


def test_a_reply_that_promises_a_generic_fix_takes_the_words_of_the_request():
    text = _call(
        "Nadia Karim: Lotte, can you look at adding cancelled orders to the daily export?\n"
        "Lotte Jansen: Yes. I'll have a fix in test by November twentieth.\n"
        "Nadia Karim: Send me the right billing address and I'll fix it.\n"
        "Lotte Jansen: Will do.\n"
    )
    assert _actions(text) == [
        ("Lotte Jansen", "Look at adding cancelled orders to the daily export", dt.date(2026, 11, 20)),
        ("Lotte Jansen", "Send me the right billing address", None),
    ]


def test_trailing_dots_an_and_before_the_request_and_a_bare_later_date_are_read_through():
    text = _call(
        "Nadia Karim: Pieter, and could you pull the depot rosters for December by Thursday?\n"
        "Pieter Smit: Sure.\n"
        "Nadia Karim: And the holiday calendar too…?\n"
        "Pieter Smit: Yep, same time as the rosters.\n"
        "Nadia Karim: Can you ask your developers to look at the sync errors?\n"
        "Pieter Smit: I can't promise anything, but I'll ask.\n"
        "Lotte Jansen: I'll pull the claim samples for both regions.\n"
        "Nadia Karim: Thanks.\n"
        "Lotte Jansen: I'll get those over tomorrow.\n"
    )
    assert _actions(text) == [
        ("Pieter Smit", "Pull the depot rosters for December", dt.date(2026, 11, 5)),
        ("Pieter Smit", "Pull the holiday calendar", dt.date(2026, 11, 5)),
        ("Pieter Smit", "Ask your developers to look at the sync errors", None),
        ("Lotte Jansen", "Pull the claim samples for both regions", dt.date(2026, 11, 4)),
    ]
