import pytest

from bot.core.knowledge.documents import LoadError
from bot.core.knowledge.metrics_csv import parse_metrics_csv


def test_good_rows_are_kept_and_each_bad_row_or_cell_is_reported():
    text = (
        "date,active_users,nps\n"
        "2026-03-01,30,10\n"
        "2026-01-01,10,n/a\n"  # non-numeric cell: the cell is skipped, the row kept
        "2026-13-01,99,99\n"  # impossible date: the row is skipped
        "2026-02-01,20\n"  # wrong cell count: the row is skipped
        "2026-03-01,31,11\n"  # duplicate date: the later row wins
        "\n"
    )
    rows, warnings = parse_metrics_csv(text)
    assert [(r.date, r.values) for r in rows] == [
        ("2026-01-01", {"active_users": 10.0}),
        ("2026-03-01", {"active_users": 31.0, "nps": 11.0}),
    ]
    assert warnings == [
        "line 3: nps='n/a' is not a number; cell skipped",
        "line 4: bad date '2026-13-01'; row skipped",
        "line 5: 2 cells, header has 3; row skipped",
        "line 6: duplicate date 2026-03-01; the later row wins",
    ]


def test_percent_signs_thousands_separators_and_empty_cells():
    rows, warnings = parse_metrics_csv('date,rate,arr,nps\n2026-01-01,91%,"1,200,000",\n')
    assert rows[0].values == {"rate": 91.0, "arr": 1200000.0}
    assert warnings == []


def test_non_finite_numbers_are_rejected():
    rows, warnings = parse_metrics_csv("date,x\n2026-01-01,nan\n2026-02-01,5\n")
    assert rows[-1].values == {"x": 5.0}
    assert warnings == ["line 2: x='nan' is not finite; cell skipped"]


def test_a_file_with_no_valid_rows_fails_listing_the_reasons():
    with pytest.raises(LoadError, match="no valid rows: line 2: bad date"):
        parse_metrics_csv("date,x\nsoon,1\n")
