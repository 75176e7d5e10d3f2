import pytest

from bot.core.knowledge.documents import LoadError
from bot.core.knowledge.loaders import classify, discover, load_file
from tests.conftest import FIXTURE_KNOWLEDGE


def load(source: str):
    return load_file(source, (FIXTURE_KNOWLEDGE / source).read_bytes())


def test_every_fixture_file_is_discovered_and_classified():
    sources = list(discover(FIXTURE_KNOWLEDGE))
    kinds = {classify(s)[0] for s in sources}
    assert kinds == {"profile", "note", "transcript", "metrics", "playbook"}
    assert classify("accounts/acme-clinics/notes/2025-11-03-call.md") == ("note", "acme-clinics")


def test_profile_keeps_front_matter_and_makes_stakeholders_searchable():
    loaded = load("accounts/acme-clinics/profile.md")
    assert loaded.profile["name"] == "Acme Clinics"
    assert loaded.profile["renewal_date"] == "2026-03-01"
    facts = loaded.chunks[0]
    assert facts.section == "profile facts"
    assert "Stakeholder (champion): Priya Nair, Head of Nursing." in facts.text
    assert "Business goal: Cut patient check-in time by 20%." in facts.text
    assert {c.section for c in loaded.chunks[1:]} == {"Acme Clinics > Background", "Acme Clinics > What success means"}


def test_note_chunks_carry_account_kind_date_source_and_section():
    loaded = load("accounts/acme-clinics/notes/2025-11-03-call.md")
    first = loaded.chunks[0]
    assert (first.account, first.kind, first.date, first.section) == ("acme-clinics", "note", "2025-11-03", "Summary")
    assert first.source == "accounts/acme-clinics/notes/2025-11-03-call.md"
    assert first.text.startswith("Attendees: Priya Nair, Jordan Reyes.")


def test_transcript_is_chunked_by_turns_with_its_date():
    loaded = load("accounts/acme-clinics/transcripts/2025-12-01-weekly-sync.txt")
    assert loaded.chunks[0].date == "2025-12-01"
    assert loaded.chunks[0].title == "Acme weekly sync"
    assert loaded.chunks[0].section.startswith("turns 1-")


def test_metrics_become_rows_and_one_trend_chunk_per_column():
    loaded = load("accounts/acme-clinics/metrics.csv")
    assert len(loaded.metric_rows) == 6
    sections = {c.section for c in loaded.chunks}
    assert {"active_users", "nps", "checkin_minutes", "adoption"} <= sections
    active = next(c for c in loaded.chunks if c.section == "active_users")
    assert active.text.startswith(
        "Active users trend: latest 121 on 2025-12-01, down from 140 on 2025-09-01 over the last 3 months (-13.6%)"
    )
    adoption = next(c for c in loaded.chunks if c.section == "adoption")
    assert "latest 60% on 2025-12-01" in adoption.text


def test_playbook_title_from_front_matter():
    loaded = load("playbooks/renewal-preparation.md")
    assert loaded.account is None
    assert loaded.chunks[0].title == "Renewal preparation"
    assert any("120 days" in c.text for c in loaded.chunks)


@pytest.mark.parametrize(
    ("source", "data", "reason"),
    [
        ("accounts/a/notes/x.md", b"", "empty file"),
        ("accounts/a/notes/x.md", b"   \n\n", "empty file"),
        ("accounts/a/notes/x.md", b"\xff\xfe\x00bad", "not UTF-8"),
        ("accounts/a/notes/x.md", b"---\ndate: [2026\n---\nbody", "bad YAML"),
        ("accounts/a/profile.md", b"---\nindustry: x\n---\nbody", "no 'name'"),
        ("accounts/a/metrics.csv", b"month,active_users\n2026-01,3\n", "no 'date' column"),
        ("accounts/a/metrics.csv", b"date,active_users\nyesterday,3\n", "no valid rows"),
        ("accounts/a/slides.pptx", b"binary", "not part of the knowledge format"),
        ("notes.md", b"# stray", "not part of the knowledge format"),
        ("accounts/a/notes/x.md", b"---\ndate: 2026-01-01\n---\n", "no text to index"),
    ],
)
def test_bad_files_raise_load_error_with_a_clear_reason(source, data, reason):
    with pytest.raises(LoadError, match=reason):
        load_file(source, data)


def test_bad_note_date_is_a_warning_and_the_file_name_date_is_used():
    data = b"---\ndate: 2026-02-30\ntype: call\n---\n## Summary\nSomething happened.\n"
    loaded = load_file("accounts/a/notes/2026-02-11-call.md", data)
    assert loaded.chunks[0].date == "2026-02-11"
    assert loaded.warnings == ["bad date '2026-02-30' in front matter"]


def test_utf8_bom_and_crlf_are_accepted():
    data = "\ufeff---\r\ndate: 2026-01-02\r\n---\r\n## Summary\r\nCafé visit went well.\r\n".encode()
    loaded = load_file("accounts/a/notes/visit.md", data)
    assert loaded.chunks[0].text.endswith("Café visit went well.")
