"""Reading a meeting (bot.core.skills.meeting.load_meeting): speakers in the label formats people export, spoken
fillers left out of what the extractors read but kept in what citations quote, and a notes title that is no
section."""

import pytest

from bot.core.skills.actions import extract_actions
from bot.core.skills.meeting import load_meeting


@pytest.mark.parametrize(
    "label",
    ["[00:01:23] Sanne Vos: ", "Sanne Vos (Meridian): ", "Sanne Vos [00:01]: ", "00:01:23 Sanne Vos: "],
)
def test_a_speaker_label_with_a_time_or_a_company_names_the_speaker(label):
    meeting = load_meeting(f"# 2026-05-04 Call\n{label}We renew in June.\nTom Hale: Good.\n", "call.txt")
    assert [(line.speaker, line.text) for line in meeting.lines] == [
        ("Sanne Vos", "We renew in June."),
        ("Tom Hale", "Good."),
    ]


def test_fillers_are_read_past_and_kept_for_the_quote():
    meeting = load_meeting("# 2026-05-04 Call\nSanne Vos: Uh, sure. I can, um, do that.\n", "call.txt")
    assert [line.text for line in meeting.lines] == ["Sure.", "I can do that."]
    assert [line.quote for line in meeting.lines] == ["Uh, sure.", "I can, um, do that."]


def test_the_heading_above_everything_is_the_title_not_a_section():
    # Regression: "# Meridian follow-up call" made every line a bullet of a follow-up (action) section.
    notes = (
        "# Meridian follow-up call\n\nSanne Vos said the export still drops cancelled orders.\n\n"
        "## Action items\n\n- Tom Hale will send the mapping by 2026-05-08.\n"
    )
    meeting = load_meeting(notes, "2026-05-04-meridian.md")
    assert meeting.title == "Meridian follow-up call"
    assert [line.section for line in meeting.lines] == ["", "Action items"]
    assert [a.owner for a in extract_actions(meeting)] == ["Tom Hale"]


def test_notes_that_list_nobody_take_name_labels_as_speakers_but_not_field_labels():
    notes = (
        "# Meridian call\n\n**Sanne Vos:** Our parent group uses another scheduling tool.\n\n"
        "Tom Hale: I'll send the comparison by Friday.\n\n"
        "Target: weekly activity from 25% to 40% by June.\n"
    )
    meeting = load_meeting(notes, "2026-05-04-meridian.md")
    assert [line.speaker for line in meeting.lines] == ["Sanne Vos", "Tom Hale", ""]
    assert meeting.lines[2].text.startswith("Target: weekly activity")
