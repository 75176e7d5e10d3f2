import datetime as dt

import matplotlib.image as mpimg
import pytest

from bot.core.errors import UnknownAccountError
from bot.core.knowledge.loaders import load_file
from bot.core.skills import charts
from bot.core.skills.innovation import innovation_contribution
from bot.core.skills.qbr import qbr

AS_OF = dt.date(2026, 1, 10)


@pytest.fixture
def drawn(monkeypatch):
    """Every figure the charts module saves, with the data of its lines, keyed by file name."""
    seen = {}
    original = charts._save

    def record(fig, path):
        seen[path.name] = {
            ax.get_title(): [(line.get_label(), list(line.get_ydata())) for line in ax.get_lines()] for ax in fig.axes
        }
        return original(fig, path)

    monkeypatch.setattr(charts, "_save", record)
    return seen


def test_qbr_brief_has_every_section_and_writes_charts_and_markdown(copilot, tmp_path, drawn):
    brief = qbr(copilot, "Acme", out=tmp_path / "out", as_of=AS_OF)
    assert brief.account == "acme-clinics" and brief.health.band in ("red", "yellow", "green")
    metrics = {m.name: m for m in brief.metrics}
    assert (metrics["active_users"].current, metrics["active_users"].previous) == (121, 140)
    assert metrics["active_users"].trend == "down" and metrics["active_users"].good is False
    assert metrics["checkin_minutes"].good is True  # the goal is to cut check-in time
    assert brief.goals[0].metric == "checkin_minutes"
    assert any("champion" in r.text.lower() or "Priya" in r.text for r in brief.risks)
    assert brief.agenda[-1] == "Next steps, owners and dates (5 min)"
    assert any("clinic nurses" in q for q in brief.discovery_questions)
    assert {c.rsplit("/", 1)[-1] for c in brief.charts} == {"usage_vs_seats.png", "satisfaction.png", "outcomes.png"}
    for path in brief.charts:
        image = mpimg.imread(path)
        assert image.shape[0] > 300 and image.shape[1] > 600
    markdown = (tmp_path / "out" / "qbr-acme-clinics.md").read_text()
    assert "![usage vs seats](usage_vs_seats.png)" in markdown and "## Discovery questions" in markdown
    usage = drawn["usage_vs_seats.png"]["Acme Clinics: active users vs licensed seats"]
    assert usage == [("Active users", [150, 148, 140, 132, 125, 121]), ("Licensed seats", [200] * 6)]
    outcomes = drawn["outcomes.png"]["Acme Clinics: checkin"]
    assert outcomes[0] == ("checkin", [12.0, 11.8, 11.5, 11.6, 11.2, 10.9])


def test_qbr_only_uses_data_up_to_the_as_of_date(copilot, tmp_path):
    brief = qbr(copilot, "acme-clinics", out=tmp_path, as_of=dt.date(2025, 10, 15))
    assert next(m for m in brief.metrics if m.name == "active_users").current_date == "2025-10-01"


def test_qbr_for_an_unknown_account_lists_close_matches(copilot, tmp_path):
    with pytest.raises(UnknownAccountError, match="Acme Clinics"):
        qbr(copilot, "Acme Clinicz Group", out=tmp_path)


def test_innovation_pairs_adopted_ideas_with_the_ideas_raised():
    note = (
        "---\ndate: 2026-03-01\ntype: meeting\n---\n## Ideas\n"
        'Idea raised: a "glove mode" for the driver app with bigger buttons.\n\n'
        "Idea raised: weekly digest emails for dispatchers.\n"
    )
    later = "---\ndate: 2026-05-01\ntype: email\n---\n## Update\nAdopted: glove mode shipped to all drivers.\n"
    chunks = (
        load_file("accounts/a/notes/1.md", note.encode()).chunks
        + load_file("accounts/a/notes/2.md", later.encode()).chunks
    )
    result = innovation_contribution(chunks)
    assert (result.raised, result.adopted, result.score) == (2, 1, 0.5)
    glove = result.ideas[0]
    assert glove.adopted and (glove.raised_on, glove.adopted_on) == ("2026-03-01", "2026-05-01")
    assert [c.source for c in glove.evidence] == ["accounts/a/notes/1.md", "accounts/a/notes/2.md"]
    assert innovation_contribution([]).score is None
