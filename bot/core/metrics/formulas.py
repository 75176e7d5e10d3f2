"""Customer success formulas (CS_DOMAIN.md, "Metrics"), each a pure function with its definition."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

FORMULAS_VERSION = "formulas-v1"


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def nps(scores: Sequence[int]) -> float:
    """Net Promoter Score: % promoters (9–10) − % detractors (0–6), from -100 to 100."""
    if not scores:
        raise ValueError("NPS needs at least one answer")
    if any(not 0 <= s <= 10 for s in scores):
        raise ValueError("NPS answers are on a 0–10 scale")
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    return 100.0 * (promoters - detractors) / len(scores)


def csat(scores: Sequence[int]) -> float:
    """CSAT: share of 4–5 answers on a 1–5 scale, from 0 to 1."""
    if not scores:
        raise ValueError("CSAT needs at least one answer")
    if any(not 1 <= s <= 5 for s in scores):
        raise ValueError("CSAT answers are on a 1–5 scale")
    return _share(sum(1 for s in scores if s >= 4), len(scores))


def ces(scores: Sequence[float], scale: tuple[int, int] = (1, 7)) -> float:
    """Customer Effort Score: the mean answer on the stated scale (default 1–7, lower is easier)."""
    if not scores:
        raise ValueError("CES needs at least one answer")
    low, high = scale
    if any(not low <= s <= high for s in scores):
        raise ValueError(f"CES answers are on a {low}–{high} scale")
    return sum(scores) / len(scores)


def adoption(active_users: float, licensed_seats: float) -> float | None:
    """Seat adoption: active users ÷ licensed seats; None when there are no seats to adopt."""
    if licensed_seats <= 0:
        return None
    return active_users / licensed_seats


def logo_churn(customers_at_start: int, customers_lost: int) -> float:
    """Logo churn: customers lost in the period ÷ customers at the *start* of the period."""
    if customers_at_start <= 0:
        raise ValueError("logo churn needs customers at the start of the period")
    if not 0 <= customers_lost <= customers_at_start:
        raise ValueError("customers lost must be between 0 and the customers at the start")
    return customers_lost / customers_at_start


def grr(starting_arr: float, contraction: float, churned_arr: float) -> float:
    """Gross revenue retention: (starting ARR − contraction − churn) ÷ starting ARR; at most 100%."""
    if starting_arr <= 0:
        raise ValueError("GRR needs a positive starting ARR")
    return (starting_arr - contraction - churned_arr) / starting_arr


def nrr(starting_arr: float, expansion: float, contraction: float, churned_arr: float) -> float:
    """Net revenue retention: (starting ARR + expansion − contraction − churn) ÷ starting ARR."""
    if starting_arr <= 0:
        raise ValueError("NRR needs a positive starting ARR")
    return (starting_arr + expansion - contraction - churned_arr) / starting_arr


def arr_movements(start: dict[str, float], end: dict[str, float]) -> dict[str, float]:
    """Split the ARR change between two dates into expansion, contraction and churn, account by account.

    Accounts present at the end but not at the start are new business and count in none of them.
    """
    expansion = contraction = churned = 0.0
    for account, before in start.items():
        after = end.get(account, 0.0)
        if after <= 0:
            churned += before
        elif after > before:
            expansion += after - before
        else:
            contraction += before - after
    return {"starting_arr": sum(start.values()), "expansion": expansion, "contraction": contraction,
            "churn": churned}  # fmt: skip


def cltv(average_arr: float, gross_margin: float, churn_rate: float) -> float:
    """Customer lifetime value ≈ average ARR × gross margin ÷ annual churn rate (assumes constant churn)."""
    if churn_rate <= 0:
        raise ValueError("CLTV needs a positive churn rate (with no churn the lifetime is unbounded)")
    return average_arr * gross_margin / churn_rate


def time_to_value(contract_start: str, first_value: str) -> int:
    """Days from contract start (or first login) to the first value milestone."""
    days = (dt.date.fromisoformat(first_value) - dt.date.fromisoformat(contract_start)).days
    if days < 0:
        raise ValueError("the first value milestone is before the contract start")
    return days
