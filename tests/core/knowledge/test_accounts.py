import pytest

from bot.core.errors import UnknownAccountError
from bot.core.knowledge.accounts import Account, AccountDirectory

DIRECTORY = AccountDirectory(
    [
        Account("harborview-health", "Harborview Health", ("Harborview", "HVH")),
        Account("swiftroute-logistics", "SwiftRoute Logistics", ("SwiftRoute", "SRL")),
        Account("lumen-retail", "Lumen Retail Group", ("Lumen", "LRG")),
    ]
)


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("harborview-health", "harborview-health"),
        ("Harborview Health", "harborview-health"),
        ("HARBORVIEW", "harborview-health"),
        ("hvh", "harborview-health"),
        ("Harborviw", "harborview-health"),  # one letter missing
        ("swift route", "swiftroute-logistics"),
        ("Swiftrout Logistics", "swiftroute-logistics"),
        ("lumen retail group", "lumen-retail"),
    ],
)
def test_resolve_by_slug_name_alias_case_and_small_typos(typed, slug):
    assert DIRECTORY.resolve(typed).slug == slug


def test_unknown_account_lists_close_matches():
    with pytest.raises(UnknownAccountError) as caught:
        DIRECTORY.resolve("Harbour Health Group")
    assert caught.value.suggestions == ["Harborview Health"]
    assert "Did you mean: Harborview Health?" in str(caught.value)


@pytest.mark.parametrize("typed", ["Acme", "HV", "", "  "])
def test_short_or_foreign_names_are_not_guessed(typed):
    with pytest.raises(UnknownAccountError):
        DIRECTORY.resolve(typed)


@pytest.mark.parametrize(
    ("question", "slugs"),
    [
        ("Who is the champion at Harborview?", ["harborview-health"]),
        ("what did swiftroute's dispatchers say?", ["swiftroute-logistics"]),
        ("Any news from Harborviw Health this week?", ["harborview-health"]),
        ("Compare Lumen and HVH adoption", ["lumen-retail", "harborview-health"]),
        ("How should I prepare a renewal?", []),
        ("Show me the illumination numbers", []),
    ],
)
def test_accounts_mentioned_in_free_text(question, slugs):
    assert [a.slug for a in DIRECTORY.mentioned_in(question)] == slugs


def test_accounts_managed_by_a_csm_match_a_name_an_email_or_an_id_in_any_case():
    directory = AccountDirectory(
        [
            Account("a", "A", profile={"csm": "Maya Castellanos"}),
            Account("b", "B", profile={"csm": ["maya@example.com", "Jordan Okafor"]}),  # a shared account
            Account("c", "C", profile={"csm": "U0JORDAN"}),
            Account("d", "D"),  # no CSM on record
        ]
    )
    assert [a.slug for a in directory.managed_by(["U0MAYA", "maya  CASTELLANOS"])] == ["a"]
    assert [a.slug for a in directory.managed_by(["Maya@Example.com"])] == ["b"]
    assert [a.slug for a in directory.managed_by(["u0jordan", "Jordan Okafor"])] == ["b", "c"]
    assert directory.managed_by(["Maya"]) == []  # a first name alone is not a match
    assert directory.managed_by(["", None]) == []  # type: ignore[list-item]
