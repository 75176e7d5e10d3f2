"""`metrics.csv`: monthly numeric rows, loaded row by row so one bad row never loses the others."""

from __future__ import annotations

import csv
import io
import math

from bot.core.knowledge.documents import LoadError, MetricRow
from bot.core.knowledge.frontmatter import parse_iso_date

MAX_ISSUES_LISTED = 5


def parse_metrics_csv(text: str) -> tuple[list[MetricRow], list[str]]:
    """Return (rows sorted by date, warnings). Raises LoadError when nothing usable is left."""
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader, [])]
    if "date" not in header:
        raise LoadError("metrics.csv has no 'date' column in its header")
    date_at = header.index("date")
    by_date: dict[str, MetricRow] = {}
    warnings: list[str] = []
    for line_no, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        row, problems = _parse_row(header, date_at, cells, line_no)
        warnings.extend(problems)
        if row is None:
            continue
        if row.date in by_date:
            warnings.append(f"line {line_no}: duplicate date {row.date}; the later row wins")
        by_date[row.date] = row
    if not by_date:
        raise LoadError("metrics.csv has no valid rows" + _summarize(warnings))
    return [by_date[d] for d in sorted(by_date)], warnings


def _parse_row(header: list[str], date_at: int, cells: list[str], line_no: int) -> tuple[MetricRow | None, list[str]]:
    if len(cells) != len(header):
        return None, [f"line {line_no}: {len(cells)} cells, header has {len(header)}; row skipped"]
    date = parse_iso_date(cells[date_at])
    if date is None:
        return None, [f"line {line_no}: bad date {cells[date_at].strip()!r}; row skipped"]
    values: dict[str, float] = {}
    problems: list[str] = []
    for name, cell in zip(header, cells, strict=True):
        if name == "date" or not name or not cell.strip():
            continue
        try:
            value = float(cell.strip().rstrip("%").replace(",", ""))
        except ValueError:
            problems.append(f"line {line_no}: {name}={cell.strip()!r} is not a number; cell skipped")
            continue
        if math.isfinite(value):
            values[name] = value
        else:
            problems.append(f"line {line_no}: {name}={cell.strip()!r} is not finite; cell skipped")
    return MetricRow(date=date, values=values), problems


def _summarize(warnings: list[str]) -> str:
    if not warnings:
        return ""
    shown = "; ".join(warnings[:MAX_ISSUES_LISTED])
    more = f" (+{len(warnings) - MAX_ISSUES_LISTED} more)" if len(warnings) > MAX_ISSUES_LISTED else ""
    return f": {shown}{more}"
