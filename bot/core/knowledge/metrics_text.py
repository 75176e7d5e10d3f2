"""Turns metric rows into sentences, so a question like "how are active users trending?" retrieves them."""

from __future__ import annotations

from bot.core.knowledge.chunking import Piece
from bot.core.knowledge.documents import MetricRow

LABELS = {
    "active_users": "active users",
    "licensed_seats": "licensed seats",
    "feature_adoption": "feature adoption",
    "nps": "NPS",
    "csat": "CSAT",
    "ces": "customer effort score (CES)",
    "open_tickets": "open support tickets",
    "arr": "ARR",
    "adoption": "seat adoption",
}


def format_number(value: float) -> str:
    """Integers print without decimals; others with at most two."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


RATIO_METRICS = {"adoption", "feature_adoption"}


def show_metric(metric: str, value: float) -> str:
    """A metric value as people read it: shares as percentages, counts without decimals."""
    return f"{value:.0%}" if metric in RATIO_METRICS else format_number(value)


def label(metric: str) -> str:
    return LABELS.get(metric, metric.replace("_", " "))


def describe_metrics(rows: list[MetricRow]) -> list[Piece]:
    """One piece per metric column (plus computed adoption), stating values, trend and dates."""
    columns = sorted({name for row in rows for name in row.values})
    pieces = [_describe(name, [(r.date, r.values[name]) for r in rows if name in r.values]) for name in columns]
    adoption = [
        (r.date, r.values["active_users"] / r.values["licensed_seats"])
        for r in rows
        if r.values.get("licensed_seats") and "active_users" in r.values
    ]
    if adoption:
        pieces.append(_describe("adoption", adoption, percent=True))
    return [p for p in pieces if p is not None]


def _describe(name: str, series: list[tuple[str, float]], percent: bool = False) -> Piece | None:
    if not series:
        return None

    def show(value: float) -> str:
        return f"{value * 100:.0f}%" if percent else format_number(value)

    title = "seat adoption (active users / licensed seats)" if percent else label(name)
    (first_date, first), (last_date, last) = series[0], series[-1]
    text = f"{title.capitalize()} trend: latest {show(last)} on {last_date}"
    if len(series) >= 4:
        three_ago_date, three_ago = series[-4]
        text += (
            f", {_direction(three_ago, last)} from {show(three_ago)} on {three_ago_date} over the last 3 months"
            f"{_pct(three_ago, last)}"
        )
    if len(series) > 1:
        text += f", and {_direction(first, last)} from {show(first)} on {first_date} over the whole period"
    history = ", ".join(f"{d[:7]}: {show(v)}" for d, v in series)
    text += f". Monthly {title} values: {history}."
    return Piece(section=name, text=text)


def _direction(before: float, after: float) -> str:
    if after > before:
        return "up"
    if after < before:
        return "down"
    return "flat"


def _pct(before: float, after: float) -> str:
    if before == 0 or before == after:
        return ""
    return f" ({(after - before) / abs(before) * 100:+.1f}%)"
