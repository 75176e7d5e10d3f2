import datetime as dt
from pathlib import Path

import matplotlib.image as mpimg
import pytest

from bot.core.errors import UnknownAccountError
from bot.core.knowledge.loaders import load_file
from bot.core.metrics.goals import measure, parse_goal
from bot.core.skills import charts
from bot.core.skills.innovation import innovation_contribution
from bot.core.skills.qbr import qbr

AS_OF = dt.date(2026, 1, 10)


@pytest.fixture
def drawn(monkeypatch):
    """Every figure the charts module saves, with the data of its lines, keyed by file name."""
    seen = {}
    original = charts._save

    def record(fig, path, *rest):
        seen[path.name] = {
            ax.get_title(): [(line.get_label(), list(line.get_ydata())) for line in ax.get_lines()] for ax in fig.axes
        }
        return original(fig, path, *rest)

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
    assert "![Active users vs licensed seats](usage_vs_seats.png)" in markdown and "## Discovery questions" in markdown
    usage = drawn["usage_vs_seats.png"]["Acme Clinics: active users vs licensed seats"]
    assert usage == [("Active users", [150, 148, 140, 132, 125, 121]), ("Licensed seats", [200] * 6)]
    outcomes = drawn["outcomes.png"]["Acme Clinics: Checkin time"]
    assert outcomes[0] == ("Checkin time", [12.0, 11.8, 11.5, 11.6, 11.2, 10.9])


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


@pytest.fixture(scope="module")
def lumen(sample_copilot, tmp_path_factory):
    return qbr(sample_copilot, "lumen", out=tmp_path_factory.mktemp("lumen"), as_of=dt.date(2026, 11, 22))


def test_wins_lead_with_outcomes_moving_toward_their_goals(lumen):
    wins = [w.text for w in lumen.wins]
    assert wins[0].startswith("Duplicate complaints down from 280 (2026-08-01) to 82 (2026-11-01): 91% of the way")
    assert wins[1].startswith("Segment build time down from 9.5 minutes (2026-08-01) to 6.4 minutes (2026-11-01)")
    assert any(w.startswith("Adopted: audience snapshots") for w in wins)  # a win the notes record
    assert not any(w.startswith("Active users went up") for w in wins)  # 46 → 48 is noise, not a win
    assert "CSAT went up from 2.9 on 2026-08-01 to 3.2 on 2026-11-01" in wins  # not "Csat"


def test_the_agenda_counts_goals_the_way_the_data_can_measure_them(lumen):
    assert "Progress on your business goals (15 min): 0 of 2 measurable goals met; 1 has no metric yet" in lumen.agenda


def test_open_actions_carry_their_context_and_no_pointing_back(lumen):
    tasks = {a.task: a for a in lumen.open_actions}
    assert "Build it as a journey entry rule" not in tasks
    slot = tasks["Ask Victor Huang's assistant for a slot"]
    assert slot.context == "2026-11-06 Lumen Black Friday readiness and segment builder review"
    markdown = Path(lumen.markdown).read_text()
    line = "- **Sofia Marchetti** (customer): Ask Victor Huang's assistant for a slot — no date · from 2026-11-06"
    assert line in markdown
    assert "| Segment build time (minutes) | 9.5 (2026-08-01) | 6.4 (2026-11-01) | down (good) |" in markdown
    assert "| Seat adoption | 77% (2026-08-01) | 80% (2026-11-01) | up (good) |" in markdown


def test_an_empty_section_of_the_markdown_says_none_found(sample_copilot, tmp_path):
    northwind = qbr(sample_copilot, "northwind", out=tmp_path, as_of=dt.date(2026, 11, 22))
    assert not northwind.risks
    assert "## Risks\n\n- none found\n" in Path(northwind.markdown).read_text()


def test_charts_say_what_they_show_in_plain_words(monkeypatch, tmp_path):
    seen = {}

    def record(fig, path, footnote=""):
        seen[path.name] = {"texts": [t.get_text() for ax in fig.axes for t in ax.texts], "footnote": footnote,
                           "titles": [ax.get_title() for ax in fig.axes], "ylim": fig.axes[0].get_ylim(),
                           "labels": [ax.get_ylabel() for ax in fig.axes]}  # fmt: skip
        return path

    monkeypatch.setattr(charts, "_save", record)
    months = [f"2026-{m:02d}-01" for m in range(8, 12)]
    charts.usage_chart("Acme", list(zip(months, [861, 835, 802, 771], strict=True)),
                       [(m, 1200.0) for m in months], tmp_path)  # fmt: skip
    assert "771 of 1,200 seats active (64%)" in seen["usage_vs_seats.png"]["texts"]
    assert seen["usage_vs_seats.png"]["footnote"] == "Source: metrics.csv, monthly values Aug 2026 to Nov 2026"
    goal = measure(parse_goal("Cut complaints from 310 to under 60"), "duplicate_complaints", [(months[-1], 82.0)])
    series = {"duplicate_complaints": list(zip(months, [280.0, 150.0, 95.0, 82.0], strict=True))}
    charts.outcomes_chart("Acme", series, [goal], tmp_path)
    outcome = seen["outcomes.png"]
    assert outcome["titles"] == ["Acme: Duplicate complaints"] and outcome["labels"] == ["Duplicate complaints (count)"]
    assert outcome["ylim"][0] < 60  # the target line is inside the plot, not on its edge


def test_every_computed_signal_is_a_risk_even_when_their_wording_overlaps(sample_copilot, tmp_path):
    # "Active users fell from … to …" and "NPS fell from … to …" share most words; both are risks.
    harborview = qbr(sample_copilot, "harborview", out=tmp_path, as_of=dt.date(2026, 11, 22))
    risks = [r.text for r in harborview.risks]
    assert any(r.startswith("Active users fell from 861") for r in risks)
    assert any(r.startswith("NPS fell from 14") for r in risks)
    # An older note restating the renewal signal gives way to the signal's current numbers.
    assert not any(r.startswith("Renewal on 2027-02-15 falls within five months") for r in risks)


def test_discovery_questions_name_people_without_cutting_their_numbers():
    from bot.core.skills.qbr_text import persona

    assert persona("About 11,000 students in grades 6-12 and their families", "x").startswith("about 11,000 students")
    assert persona(None, "your users") == "your users"
