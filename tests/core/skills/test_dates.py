import datetime as dt

import pytest

from bot.core.skills.dates import RelativeDay, parse_meeting_date, relative_day, resolve_due

THURSDAY = dt.date(2026, 10, 8)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("I'll send the card by Friday", "2026-10-09"),
        ("by Monday morning", "2026-10-12"),
        ("on Thursday", "2026-10-15"),  # the same weekday means a week later
        ("next Friday", "2026-10-16"),
        ("next week", "2026-10-16"),
        ("early next week", "2026-10-12"),
        ("by the end of this week", "2026-10-09"),
        ("tomorrow end of day", "2026-10-09"),
        ("today", "2026-10-08"),
        ("by end of month", "2026-10-31"),
        ("end of next month", "2026-11-30"),
        ("by the end of the quarter", "2026-12-31"),
        ("by Q1", "2027-03-31"),
        ("in two weeks", "2026-10-22"),
        ("within a couple of days", "2026-10-10"),
        ("by 2026-10-30", "2026-10-30"),
        ("by October 30th", "2026-10-30"),
        ("by 30 October", "2026-10-30"),
        ("by 11/3", "2026-11-03"),
        ("by the twenty-ninth", "2026-10-29"),
        ("on the twentieth", "2026-10-20"),
        ("before the 5th", "2026-11-05"),  # the 5th has passed this month
        ("Monday the nineteenth", "2026-10-19"),
        ("the week of the twenty-third", "2026-10-23"),
        ("by January 15", "2027-01-15"),  # a yearless date long past means next year
        ("I'll start Monday the nineteenth at Riverside", "2026-10-19"),  # a word after it: still that day
        ("I'll book it for the week of the twenty-third and invite your VP", "2026-10-23"),
        ("the review for mid-December", "2026-12-15"),
        ("by early November", "2026-11-01"),
        ("by the end of January", "2027-01-31"),
        ("by the first week of November", "2026-11-06"),  # the Friday of the week holding Nov 2, a Monday
        ("in the third week of November", "2026-11-20"),
        ("the first week of next month", "2026-11-06"),
        ("by the first week of May", "2027-05-07"),  # May 1, 2027 is a Saturday: the week of Monday May 3
        ("the last week of the month", "2026-10-30"),  # the month's last working day
        ("by the last week of January", "2027-01-29"),
    ],
)
def test_relative_phrases_resolve_against_the_meeting_date(phrase, expected):
    mention = resolve_due(phrase, THURSDAY)
    assert mention is not None and mention.date.isoformat() == expected


@pytest.mark.parametrize(
    "text",
    [
        "we met last Friday",
        "we met last week of all weeks",
        "in the first week of may we could",  # "may" in lower case is a verb
        "the first time we tried it",
        "every other Wednesday",
        "I sat down with the nurses",
        "you may want to check",
        "nothing dated here",
        "since Monday it has been slow",
        "let me check on the third question",
        "a support engineer through the end of February",  # how long, not by when
    ],
)
def test_past_recurring_and_look_alike_phrases_are_not_due_dates(text):
    assert resolve_due(text, THURSDAY) is None


def test_a_deadline_wins_over_an_earlier_passing_mention():
    mention = resolve_due("send a quote in two weeks, so you have it before the eighteenth", dt.date(2026, 5, 20))
    assert mention.text == "in two weeks" and mention.date == dt.date(2026, 6, 3)


def test_without_a_meeting_date_only_absolute_dates_resolve():
    assert resolve_due("by Friday", None) is None
    assert resolve_due("by 2026-10-30", None).date == dt.date(2026, 10, 30)


@pytest.mark.parametrize(
    ("header", "expected"),
    [("# 2026-03-04 Kickoff", "2026-03-04"), ("Date: June 9, 2026", "2026-06-09"), ("9 June 2026", "2026-06-09")],
)
def test_meeting_dates_in_headers(header, expected):
    assert parse_meeting_date(header).isoformat() == expected


def test_an_impossible_header_date_is_no_date():
    assert parse_meeting_date("# 2026-02-30 sync") is None


def test_a_date_that_names_an_event_gives_way_to_a_deadline():
    # Regression: "for the Q3 QBR by 2026-07-02" was due at the end of Q3, and the date of "the Q2 2027 QBR"
    # was cut out of its noun phrase as if it were a deadline.
    june = dt.date(2026, 6, 1)
    assert resolve_due("prepare a plan for the Q3 QBR by 2026-07-02", june).date == dt.date(2026, 7, 2)
    event = resolve_due("propose a renewal conversation in the Q2 2027 QBR", june)
    assert event.date == dt.date(2027, 6, 30) and event.modifier and not event.deadline


def test_a_date_in_a_question_or_condition_ranks_after_the_deadline():
    mention = resolve_due("ask whether the fix can ship by October 14 and come back by Monday", THURSDAY)
    assert mention.date == dt.date(2026, 10, 12)


def test_the_day_after_points_at_a_date_said_before_it():
    assert relative_day("I'll share the report with you the day after.") == RelativeDay("the day after", 1, None)
    assert relative_day("the same day, so Greg gets both") == RelativeDay("the same day", 0, None)
    assert relative_day("enroll them the day after they arrive").event == "arrive"
    assert relative_day("by 2026-12-11, the day after the board").event == "board"
    assert relative_day("the day after our call") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'll send the revised rota by the ninth — sorry, the tenth.", "2026-10-10"),
        ("By Tuesday — actually, make that Wednesday.", "2026-10-14"),
        ("by Monday, no, Tuesday", "2026-10-13"),
        ("on the 20th, I mean the 21st", "2026-10-21"),
    ],
)
def test_a_date_taken_back_in_the_same_breath_is_the_corrected_one(text, expected):
    mention = resolve_due(text, THURSDAY)
    assert mention.date.isoformat() == expected
    assert text[mention.start : mention.end] == mention.text  # the span covers both, so a task loses both


def test_a_list_of_days_starts_on_its_first_and_a_named_weekday_sits_in_the_week_said():
    both = resolve_due("I'll be on site this Saturday and Sunday.", THURSDAY)
    assert both.date == dt.date(2026, 10, 10) and both.text == "this Saturday and Sunday"
    assert resolve_due("I'll join their Tuesday stand-up next week.", THURSDAY).date == dt.date(2026, 10, 13)
    assert resolve_due("I'll send it next week.", THURSDAY).date == dt.date(2026, 10, 16)
