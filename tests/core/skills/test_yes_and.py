import re

import pytest

from bot.core.errors import UnknownAccountError, UserInputError
from bot.core.skills.feedback import feedback_kind
from bot.core.skills.yes_and import feedback_topic, reflect, respond
from bot.core.skills.yes_but import check

BLOCKERS = re.compile(r"\b(?:but|however|unfortunately)\b", re.IGNORECASE)
FEEDBACK = "The nurses say the triage form still takes too long on night shifts."


def test_responses_acknowledge_and_expand_with_cited_account_context(copilot):
    result = respond(copilot, FEEDBACK, account="acme")
    assert result.account == "acme-clinics" and len(result.responses) >= 3
    for response in result.responses:
        assert response.startswith("Yes, and")
        assert not BLOCKERS.search(response)
        assert check(response).verdict == "yes_and"
        assert "?" in response  # every response opens the conversation further
    joined = " ".join(result.responses)
    assert "clinic nurses" in joined  # the end users, from the profile
    assert "cut patient check-in time by 20%" in joined  # the goal, from the profile
    assert "eleven clicks" in joined  # the recent note on the same friction
    sources = {c.source for c in result.citations}
    assert sources == {"accounts/acme-clinics/profile.md", "accounts/acme-clinics/notes/2025-11-03-call.md"}
    for citation in result.citations:
        body = " ".join((copilot.settings.knowledge / citation.source).read_text().split())
        quote = citation.quote.rstrip(".").split(": ", 1)[-1]
        assert quote.lower() in body.lower()


def test_no_promises_in_responses(copilot):
    result = respond(copilot, "We need more driver seats for the Denver depot, can you add them?", account="orbit")
    for response in result.responses:
        assert not re.search(r"\b(?:we will|we'll (?:add|build|ship|deliver)|I promise|guarantee)\b", response, re.I)
    assert any("dispatchers and drivers" in r for r in result.responses)
    assert any("forty driver seats" in r for r in result.responses)


def test_discovery_questions_are_about_the_feedback(copilot):
    result = respond(copilot, FEEDBACK, account="acme")
    assert len(result.questions) >= 4 and all(q.endswith("?") for q in result.questions)
    assert sum("the triage form" in q for q in result.questions) >= 2
    assert any("patients" in q for q in result.questions)  # one level out: the customer's customers


def test_the_account_named_in_the_feedback_is_used(copilot):
    result = respond(copilot, "Orbit says the dispatch board is slow at shift change")
    assert result.account == "orbit-freight"
    assert {c.source.split("/")[1] for c in result.citations} == {"orbit-freight"}


def test_without_an_account_responses_use_only_the_feedback(copilot):
    result = respond(copilot, "Your reporting is way too slow, our managers wait ten minutes for a dashboard.")
    assert result.account is None and result.citations == []
    assert len(result.responses) >= 3
    assert any("our reporting" in r for r in result.responses)  # reflected to our side
    assert all(check(r).verdict == "yes_and" for r in result.responses)


def test_the_customers_but_is_not_echoed_back(copilot):
    result = respond(copilot, "The export works, but it is painfully slow for big classes.", account="acme")
    assert all(not BLOCKERS.search(r) for r in result.responses)


def test_unknown_account_and_empty_feedback_are_user_errors(copilot):
    with pytest.raises(UnknownAccountError):
        respond(copilot, FEEDBACK, account="Zenith Widgets")
    with pytest.raises(UserInputError, match="empty"):
        respond(copilot, "  \n ")


@pytest.mark.parametrize(
    ("feedback", "topic"),
    [
        (FEEDBACK, "the triage form"),
        ("Our dispatchers hate the new route board", "the new route board"),  # the people feel it; it's the board
        ("Our teachers hate entering grades twice", "entering grades twice"),
        ("The mobile app keeps missing scans in the sun", "the mobile app"),
        ("Can you add loan payment reminders to the notification templates?", "loan payment reminders"),
        ("Members are confused by the loan payment dates", "the loan payment dates"),
        ("Our agents keep getting logged out in the middle of calls", "this"),  # an event, not a thing
        ("Tom says nobody asked the ED before designing the form", "this"),  # "nobody asked" would read as our no
        ("We need a dedupe report before every big send", "a dedupe report"),
        ("We need a Spanish version of the parent portal", "a Spanish version"),
        ("We love the new check-in kiosk, the front desk is calmer", "the new check-in kiosk"),
    ],
)
def test_topic_of_the_feedback(feedback, topic):
    assert feedback_topic(feedback) == topic


def test_reflection_swaps_perspective():
    assert reflect("Our nurses hate your triage form") == "your nurses hate our triage form"
    assert reflect("We need the gradebook to sync, can you add it?") == "you need the gradebook to sync"


def test_the_clause_said_back_is_the_one_that_carries_the_feedback():
    assert reflect("Thanks for the pilot, the nurses are much happier", clause=True) == "the nurses are much happier"
    assert reflect("The console is great but the reports are useless", clause=True) == "the reports are useless"
    assert reflect("Honestly, we're not sure it's worth renewing", clause=True) == "you're not sure it's worth renewing"
    assert reflect("Linda wants late penalties to work", clause=True, names=frozenset({"linda"})).startswith("Linda")


@pytest.mark.parametrize(
    ("draft", "verdict"),
    [
        ("Yes, but that's not on the roadmap for this year.", "yes_but"),
        ("Great idea, however, we can't change the billing cycle.", "yes_but"),
        ("I'm sorry about the delay, but there's nothing we can do.", "yes_but"),
        ("Totally understand. That said, nobody else has asked for that.", "yes_but"),
        ("That's a fair point, though we tried that last year.", "yes_but"),
        ("We don't support SSO on the Starter plan.", "no"),
        ("No, that's not possible.", "no"),
        ("Actually, the way it works is that exports run nightly.", "no"),
        ("You'll need to export it to CSV and re-import it.", "no"),
        ("Unfortunately that's outside the scope of your contract.", "no"),
        ("I'm sorry the import failed. Can you send me the file?", "yes_and"),  # an apology without a block
        ("Not only is the kiosk faster, but it also frees up the desk.", "yes_and"),
        ("We've fixed all but one of the issues you listed.", "yes_and"),
        ("Click the blue button to contribute your ideas.", "yes_and"),  # "but" inside other words
        ("What would it change for your dispatchers if the board refreshed every minute?", "yes_and"),
        ('You said "fast but rushed". Tell me more about rushed.', "yes_and"),  # quoting the customer
        ("However you'd like to share the file works for us.", "yes_and"),
        ("I can't wait to show you the new view.", "yes_and"),
        ("No problem at all, and thanks for the detail.", "yes_and"),
    ],
)
def test_checker_verdicts_on_tricky_phrasings(draft, verdict):
    assert check(draft).verdict == verdict


@pytest.mark.parametrize(
    ("draft", "verdict"),
    [
        ("Sure, keep in mind that's a premium feature.", "yes_but"),  # a caveat tacked on, then a price gate
        ("Happy to help; it costs extra though.", "yes_but"),
        ("Of course, just to be clear, SSO is only available on the Enterprise plan.", "yes_but"),
        ("Let me stop you right there.", "no"),  # cutting the customer off
        ("That's just the way it is.", "no"),
        ("It's a known limitation of the scheduler.", "no"),
        ("You're mistaken about the refresh time.", "no"),
        ("Just so you know, I've booked Thursday for the workshop. Does ten suit you?", "yes_and"),  # opens, no caveat
        ("We've switched on the premium module you bought, want a tour?", "yes_and"),  # a fact, not a gate
        ("That's how it works today, and I'd love to hear how you'd want it to work.", "yes_and"),
        ("It's not a bug, it's a feature.", "no"),
        ("That's outside what we can do for you.", "no"),
        ("Honestly, I think you're overthinking it.", "no"),
        ("Good news: it's not a big deal to switch on, want me to do it now?", "yes_and"),
    ],
)
def test_checker_reads_caveats_price_gates_and_dismissals(draft, verdict):
    assert check(draft).verdict == verdict


def test_a_however_inside_a_sentence_is_rewritten_keeping_what_follows():
    result = check("That's a great question, however I'd need to check with engineering.")
    assert result.rewrite.startswith("That's a great question, and I'd need to check with engineering.")


def test_a_no_promise_stays_a_no_promise_in_the_rewrite():
    rewrite = check("We can't promise a date yet, and I'll come back by Friday.").rewrite
    assert "what it would take to promise" not in rewrite
    assert "I'd rather give you a date I trust than a guess" in rewrite


def test_a_price_gate_is_rewritten_openly_keeping_the_cost():
    result = check("Sure, that's a paid add-on.")
    assert result.verdict == "yes_but" and result.flags == ["that's a paid add-on"]
    assert "an add-on with its own cost" in result.rewrite
    assert check(result.rewrite).verdict == "yes_and"


def test_check_flags_every_block_and_rewrites_keeping_the_content():
    result = check("Yes, but that's not on the roadmap for this year, so you'll have to keep scheduling manually.")
    assert result.flags == ["but", "not on the roadmap", "you'll have to"]
    assert result.rewrite.startswith("Yes, and")
    assert "roadmap for this year" in result.rewrite and "keep scheduling manually" in result.rewrite
    assert check(result.rewrite).verdict == "yes_and"


def test_a_flat_no_gets_an_acknowledgement_and_a_question():
    result = check("We don't support SSO on the Starter plan.")
    assert result.rewrite.startswith("Thank you for raising this.")
    assert "SSO on the Starter plan" in result.rewrite and result.rewrite.endswith("?")
    assert check(result.rewrite).verdict == "yes_and"


def test_a_clean_draft_is_returned_unchanged():
    draft = "Yes, and who on your team feels this most?"
    result = check(draft)
    assert (result.verdict, result.flags, result.rewrite) == ("yes_and", [], draft)


def test_an_empty_draft_is_a_user_error():
    with pytest.raises(UserInputError, match="empty"):
        check("   ")


@pytest.mark.parametrize(
    ("feedback", "kind"),
    [
        ("We really need a Salesforce integration, this is a dealbreaker", "request"),
        ("The intake form takes too long", "friction"),
        ("I'm worried about another outage during the sale", "concern"),
        ("Why is this so expensive?", "concern"),
        ("Drivers love glove mode", "praise"),
        ("Does the weekly report include refunds?", "question"),
        ("We're thinking about moving to another vendor", "concern"),
        ("The dispatcher console is great but the reports are useless", "friction"),
        ("Our team loves audience snapshots", "praise"),
    ],
)
def test_kind_of_the_feedback(feedback, kind):
    assert feedback_kind(feedback) == kind


def test_a_request_is_acknowledged_not_echoed_as_our_own_words(copilot):
    result = respond(copilot, "We really need a Spanish parent portal, this is a dealbreaker", account="acme")
    joined = " ".join(result.responses)
    assert "you really need" not in joined and "this is a dealbreaker" not in joined
    assert result.responses[0].startswith("Yes, and thank you for being this direct: knowing it's a dealbreaker")
    # Something that does not exist yet never "got in the way": the questions are about the need behind it.
    assert not any("got in the way" in q for q in result.questions)
    assert any("What's at stake" in q for q in result.questions)


def test_their_customers_are_named_once_in_a_reply(sample_copilot):
    result = respond(sample_copilot, "We really need a Salesforce integration, this is a dealbreaker", "northwind")
    joined = " ".join(result.responses + result.questions)
    assert "about about" not in joined.lower()
    assert "credit union members" in joined


def test_the_end_user_group_the_feedback_is_about_is_named(sample_copilot):
    result = respond(sample_copilot, "The mobile app keeps missing scans in the sun", account="swiftroute")
    assert "delivery drivers" in result.responses[0] and "dispatchers" not in result.responses[0]


def test_an_unrelated_goal_is_left_out(copilot):
    # Orbit's only goal is on-time deliveries: nothing in a request for Spanish labels ties to it.
    result = respond(copilot, "We'd love Spanish labels on the driver screens", account="orbit")
    assert not any("ties into your goal" in r for r in result.responses)


def test_the_account_team_s_own_risk_notes_are_not_quoted_back(copilot, knowledge):
    (knowledge / "accounts" / "acme-clinics" / "notes" / "2025-12-20-note.md").write_text(
        "---\ndate: 2025-12-20\ntype: note\n---\n## Risks\n"
        "- The nurses say the triage form still takes too long on night shifts; Priya Nair is now a vocal detractor.\n",
        encoding="utf-8",
    )
    result = respond(copilot, FEEDBACK, account="acme")
    assert not any("detractor" in r for r in result.responses)
