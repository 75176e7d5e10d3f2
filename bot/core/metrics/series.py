"""Monthly metric series: [(YYYY-MM-DD, value), …] in date order, and the trends computed from them."""

from __future__ import annotations

from dataclasses import dataclass

Series = list[tuple[str, float]]
TREND_WINDOW = 3  # months compared for "current vs previous" trends


@dataclass(frozen=True)
class Trend:
    """Current value against the value `window` rows earlier."""

    current: float
    current_date: str
    previous: float | None
    previous_date: str | None

    @property
    def change(self) -> float | None:
        return None if self.previous is None else self.current - self.previous

    @property
    def relative_change(self) -> float | None:
        if self.previous in (None, 0):
            return None
        return (self.current - self.previous) / abs(self.previous)

    @property
    def direction(self) -> str:
        """up, down, flat, or new (no earlier value to compare with)."""
        if self.change is None:
            return "new"
        if abs(self.change) < 1e-9:
            return "flat"
        return "up" if self.change > 0 else "down"


def trend(series: Series, window: int = TREND_WINDOW) -> Trend | None:
    """The latest value against the one `window` months before (or the earliest there is)."""
    if not series:
        return None
    current_date, current = series[-1]
    if len(series) == 1:
        return Trend(current, current_date, None, None)
    previous_date, previous = series[max(0, len(series) - 1 - window)]
    return Trend(current, current_date, previous, previous_date)


def until(series: Series, as_of: str) -> Series:
    """The part of a series dated on or before `as_of`."""
    return [(d, v) for d, v in series if d <= as_of]


def ratio_series(numerator: Series, denominator: Series) -> Series:
    """Month-by-month numerator ÷ denominator, skipping months where either is missing or the divisor is 0."""
    divisors = dict(denominator)
    return [(d, v / divisors[d]) for d, v in numerator if divisors.get(d)]
