import pytest

from bot.core.router import route


@pytest.mark.parametrize(
    ("text", "skill", "account", "argument"),
    [
        ("draft a success plan for Harborview", "plan", "harborview-health", None),
        ("prep a QBR for northwind", "qbr", "northwind-credit", None),
        ("which accounts are at risk?", "health", None, None),
        ("can you yes-and this: we need offline mode", "yes-and", None, "we need offline mode"),
        ("check my reply: Yes, but not now.", "check-reply", None, "Yes, but not now."),
        ("reframe this: low usage of Quick Intake at Harborview", "reframe", "harborview-health",
         "low usage of Quick Intake at Harborview"),
        ("summarize this call: Dana: we need the pilot. Maya: I'll send it Friday.", "summarize", None,
         "Dana: we need the pilot. Maya: I'll send it Friday."),
        ("the customer asked for a feature we don't have, what do I say? They want offline mode", "yes-and", None,
         "They want offline mode"),
        ("Who is the champion at SwiftRoute?", "ask", "swiftroute-logistics", "Who is the champion at SwiftRoute?"),
        ("help", "help", None, None),
        # Words inside an account's name are not the request's words: "Harborview Health" is not a health request.
        ("Who is the champion at Harborview Health and when does she leave?", "ask", "harborview-health", None),
        ("What did Harborviw Health say about the pilot?", "ask", "harborview-health", None),
        ("How is Harborview Health's health score trending?", "health", "harborview-health", None),
    ],
)  # fmt: skip
def test_requests_route_to_skills_with_their_argument_and_account(sample_copilot, text, skill, account, argument):
    got = route(sample_copilot, text)
    assert (got.skill, got.account) == (skill, account), got.reason
    if argument is not None:
        assert got.text == argument


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("draft a success plan", "names no account I know"),
        ("reframe this", "no text to work on"),
        ("banana", "can't tell"),
    ],
)
def test_unclear_requests_say_why(sample_copilot, text, reason):
    got = route(sample_copilot, text)
    assert got.skill == "unclear" and reason in got.reason


def test_empty_message_gets_help(sample_copilot):
    assert route(sample_copilot, "   ").skill == "help"


def test_mentions_are_masked_longest_name_first_typos_included(sample_copilot):
    accounts = sample_copilot.accounts()
    assert accounts.mask_mentions("Ask Harborview Health, then HVH.") == "Ask the account, then the account."
    assert accounts.mask_mentions("harborviw health?") == "the account?"
    assert accounts.mask_mentions("nothing here") == "nothing here"
