import pytest

from bot.core.knowledge.documents import LoadError
from bot.core.knowledge.frontmatter import parse_iso_date, split_front_matter


def test_front_matter_and_body_are_split_and_dates_become_iso_strings():
    meta, body = split_front_matter("---\ndate: 2026-01-05\nattendees: [A, B]\n---\n# Title\ntext\n")
    assert meta == {"date": "2026-01-05", "attendees": ["A", "B"]}
    assert body == "# Title\ntext\n"


def test_a_file_without_front_matter_has_empty_metadata():
    assert split_front_matter("# Just text\n") == ({}, "# Just text\n")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("---\nname: [unclosed\n---\nbody", "bad YAML front matter"),
        ("---\nname: x\nbody without closing fence", "never closed"),
        ("---\n- a\n- b\n---\nbody", "not a YAML mapping"),
    ],
)
def test_broken_front_matter_is_a_load_error_with_a_reason(text, reason):
    with pytest.raises(LoadError, match=reason):
        split_front_matter(text)


def test_parse_iso_date_rejects_impossible_dates():
    assert parse_iso_date("2026-02-28") == "2026-02-28"
    assert parse_iso_date("2026-13-01") is None
    assert parse_iso_date("next week") is None
    assert parse_iso_date(None) is None
