"""QBR charts as PNG files (matplotlib, headless): usage vs seats, satisfaction, outcome metrics."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.core.metrics.goals import GoalProgress, metric_unit, plain_label, sentence_case, unit_suffix
from bot.core.metrics.series import Series

WELL_KNOWN = {"active_users", "licensed_seats", "feature_adoption", "nps", "csat", "ces", "open_tickets", "arr"}
DPI = 110


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # headless: no display on servers, CI or in Slack workers
    import matplotlib.pyplot as plt

    return plt


def _dates(series: Series) -> list[dt.date]:
    return [dt.date.fromisoformat(d) for d, _ in series]


def _style(ax, title: str, ylabel: str) -> None:
    import matplotlib.dates as mdates

    ax.set_title(title, fontsize=12, fontweight="bold")
    ax.set_xlabel("Month")
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    for tick in ax.get_xticklabels():
        tick.set_rotation(30)
        tick.set_horizontalalignment("right")


def usage_chart(name: str, active: Series, seats: Series, out: Path) -> Path | None:
    """Active users against licensed seats, with seat adoption (%) annotated on the last point."""
    if not active:
        return None
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=DPI)
    ax.plot(_dates(active), [v for _, v in active], marker="o", color="#1f77b4", label="Active users")
    if seats:
        ax.plot(_dates(seats), [v for _, v in seats], linestyle="--", color="#7f7f7f", label="Licensed seats")
        last_seats = dict(seats).get(active[-1][0])
        if last_seats:
            share = active[-1][1] / last_seats
            text = f"{active[-1][1]:,.0f} of {last_seats:,.0f} seats active ({share:.0%})"
            ax.annotate(text, (_dates(active)[-1], active[-1][1]), textcoords="offset points", xytext=(-10, -18),
                        ha="right", fontsize=9)  # fmt: skip
    ax.set_ylim(bottom=0, top=max(v for _, v in [*active, *seats]) * 1.12)
    _style(ax, f"{name}: active users vs licensed seats", "Users (count)")
    ax.legend(loc="lower left")
    return _save(fig, out / "usage_vs_seats.png", _footnote(active))


def satisfaction_chart(name: str, nps: Series, csat: Series, out: Path) -> Path | None:
    """NPS (left axis, -100..100) and CSAT (right axis, 1..5) by month."""
    if not nps and not csat:
        return None
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=DPI)
    handles = []
    if nps:
        handles += ax.plot(_dates(nps), [v for _, v in nps], marker="o", color="#2ca02c", label="NPS")
        ax.axhline(0, color="#999999", linewidth=0.8)
    _style(ax, f"{name}: NPS and CSAT", "NPS (-100 to 100)")
    if csat:
        right = ax.twinx() if nps else ax
        handles += right.plot(_dates(csat), [v for _, v in csat], marker="s", color="#d62728", label="CSAT")
        right.set_ylim(1, 5)
        right.set_ylabel("CSAT (1 to 5)")
    latest = [f"NPS {nps[-1][1]:g}" if nps else "", f"CSAT {csat[-1][1]:g}" if csat else ""]
    ax.legend(handles=handles, loc="best", title=f"Latest: {', '.join(x for x in latest if x)}", fontsize=9,
              title_fontsize=9)  # fmt: skip
    return _save(fig, out / "satisfaction.png", _footnote(nps or csat))


def outcomes_chart(name: str, series: dict[str, Series], goals: list[GoalProgress], out: Path) -> Path | None:
    """One panel per account-specific outcome metric, with the goal's target as a dashed line."""
    outcomes = [m for m in series if m not in WELL_KNOWN and series[m]]
    if not outcomes:
        return None
    plt = _pyplot()
    fig, axes = plt.subplots(len(outcomes), 1, figsize=(8, 3.4 * len(outcomes)), dpi=DPI, squeeze=False)
    for ax, metric in zip(axes[:, 0], outcomes, strict=True):
        values = series[metric]
        shown = sentence_case(plain_label(metric))
        ax.plot(_dates(values), [v for _, v in values], marker="o", color="#9467bd", label=shown)
        goal = next((g for g in goals if g.metric == metric and g.target is not None), None)
        if goal:
            target = f"Goal target: {_plain(goal.target)}{unit_suffix(metric_unit(metric))}"
            ax.axhline(goal.target, linestyle="--", color="#ff7f0e", label=target)
            low, high = min(goal.target, *(v for _, v in values)), max(goal.target, *(v for _, v in values))
            ax.set_ylim(low - 0.08 * (high - low or 1), high + 0.12 * (high - low or 1))
        ax.annotate(f"{_plain(values[-1][1])}", (_dates(values)[-1], values[-1][1]), textcoords="offset points",
                    xytext=(0, 8), ha="center", fontsize=9)  # fmt: skip
        _style(ax, f"{name}: {shown}", _unit_label(metric))
        ax.legend(loc="best", fontsize=8)
    return _save(fig, out / "outcomes.png", _footnote(next(iter(series.values()))))


def _plain(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def _unit_label(metric: str) -> str:
    unit = metric_unit(metric)
    return f"{sentence_case(plain_label(metric))} ({unit or 'count'})"


def _footnote(series: Series) -> str:
    """Where the numbers come from and what period they cover."""
    if not series:
        return "Source: metrics.csv"
    first, last = (dt.date.fromisoformat(d).strftime("%b %Y") for d in (series[0][0], series[-1][0]))
    return f"Source: metrics.csv, monthly values {first} to {last}"


def _save(fig, path: Path, footnote: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if footnote:
        fig.text(0.01, 0.005, footnote, fontsize=8, color="#555555", ha="left", va="bottom")
    fig.tight_layout(rect=(0, 0.03 if footnote else 0, 1, 1))
    fig.savefig(path)
    import matplotlib.pyplot as plt

    plt.close(fig)
    return path
