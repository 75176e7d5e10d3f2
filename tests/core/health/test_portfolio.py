import datetime as dt

import pytest

from bot.core.health.portfolio import portfolio_health

AS_OF = dt.date(2026, 1, 10)


@pytest.fixture
def ingested(copilot):
    copilot.ingest()
    return copilot


def test_portfolio_lists_at_risk_accounts_first_with_renewal_countdown(ingested):
    report = portfolio_health(ingested, AS_OF)
    assert [r.account for r in report.accounts] == ["acme-clinics", "orbit-freight"]
    acme = report.accounts[0]
    assert acme.score < report.accounts[1].score
    assert (acme.renewal_date, acme.days_to_renewal) == ("2026-03-01", 50)
    assert "champion_departure" in acme.signals  # "Priya Nair is moving to a new role in January"
    assert report.portfolio.mean_adoption == pytest.approx((121 / 200 + 77 / 80) / 2, abs=1e-3)


def test_first_run_compares_with_last_months_data_then_with_the_stored_snapshot(ingested, knowledge):
    first = portfolio_health(ingested, AS_OF)
    assert first.compared_with.startswith("the same formulas on the data as of 2025-12-10")
    # Data as of 2025-12-10 already showed Acme's decline: only what is new since then is a warning.
    later = AS_OF + dt.timedelta(days=30)
    notes = knowledge / "accounts/orbit-freight/notes"
    (notes / "2026-02-01-email.md").write_text(
        "---\ndate: 2026-02-01\ntype: email\n---\n## Summary\n"
        "Lena Fischer, our sponsor, is leaving the company in March.\n"
    )
    ingested.ingest()
    second = portfolio_health(ingested, later)
    assert second.compared_with == f"the snapshot of {AS_OF.isoformat()}"
    orbit = next(w for w in second.early_warnings if w.account == "orbit-freight")
    assert [s.kind for s in orbit.signals] == ["sponsor_departure"]
    assert "new strong risk signal" in orbit.reason


def test_a_band_crossing_is_an_early_warning(ingested, knowledge):
    portfolio_health(ingested, AS_OF)
    csv = knowledge / "accounts/orbit-freight/metrics.csv"
    csv.write_text(csv.read_text() + "2025-11-01,20,80,60\n2025-12-01,10,80,40\n")
    ingested.ingest()
    report = portfolio_health(ingested, AS_OF + dt.timedelta(days=1))
    orbit = next(w for w in report.early_warnings if w.account == "orbit-freight")
    assert orbit.previous_band != orbit.band
    assert orbit.reason.startswith(f"moved from {orbit.previous_band} to {orbit.band}")
