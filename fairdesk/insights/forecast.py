"""Arrival forecasts from history, pure Python: seasonal naive and additive Holt-Winters.

A series is a list of counts per interval (e.g. per hour), oldest first, with a `season` of
intervals (168 for an hour-of-week profile). Every forecast is reported beside the seasonal
naive baseline with its backtest error: a method that cannot beat "same hour last week" on
the last weeks of history is not worth believing, and the page says so.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass


def seasonal_naive(history: Sequence[float], *, season: int, horizon: int) -> list[float]:
    """Each interval as it was one season earlier (the last season repeated)."""
    if len(history) < season:
        raise ValueError("need at least one full season of history")
    last = list(history[-season:])
    return [last[i % season] for i in range(horizon)]


def seasonal_profile(history: Sequence[float], *, season: int) -> list[float]:
    """The mean of each slot of the season over the history's full seasons."""
    seasons = len(history) // season
    if seasons == 0:
        raise ValueError("need at least one full season of history")
    start = len(history) - seasons * season
    return [
        sum(history[start + s * season + slot] for s in range(seasons)) / seasons
        for slot in range(season)
    ]


@dataclass(frozen=True)
class Smoothing:
    level: float = 0.2  # alpha
    trend: float = 0.01  # beta
    season: float = 0.1  # gamma


def holt_winters(
    history: Sequence[float], *, season: int, horizon: int, smoothing: Smoothing = Smoothing()
) -> list[float]:
    """Additive Holt-Winters; starts from the first two seasons, never forecasts below 0."""
    if len(history) < 2 * season:
        raise ValueError("need at least two full seasons of history")
    first, second = history[:season], history[season : 2 * season]
    level = sum(first) / season
    trend = (sum(second) - sum(first)) / season / season
    seasonal = [value - level for value in first]
    a, b, g = smoothing.level, smoothing.trend, smoothing.season
    for t in range(season, len(history)):
        value, slot = history[t], t % season
        previous = level
        level = a * (value - seasonal[slot]) + (1 - a) * (level + trend)
        trend = b * (level - previous) + (1 - b) * trend
        seasonal[slot] = g * (value - level) + (1 - g) * seasonal[slot]
    n = len(history)
    return [max(0.0, level + (h + 1) * trend + seasonal[(n + h) % season]) for h in range(horizon)]


def mean_absolute_error(actual: Sequence[float], predicted: Sequence[float]) -> float:
    if len(actual) != len(predicted) or not actual:
        raise ValueError("need two series of the same, non-zero length")
    return sum(abs(x - y) for x, y in zip(actual, predicted, strict=True)) / len(actual)


GRID = [
    Smoothing(level, trend, seasonal)
    for level, trend, seasonal in itertools.product((0.05, 0.2, 0.5), (0.0, 0.01), (0.05, 0.2))
]


@dataclass(frozen=True)
class Forecast:
    method: str  # "holt_winters" or "seasonal_naive": whichever backtested better
    values: list[float]
    error: float  # backtest mean absolute error of the chosen method
    baseline_error: float  # the seasonal naive's backtest error


def forecast(history: Sequence[float], *, season: int, horizon: int) -> Forecast:
    """The better of Holt-Winters (a small grid of smoothings) and seasonal naive, judged on
    the last season of history held out; with under three seasons only the naive is used."""
    if len(history) < season:
        raise ValueError("need at least one full season of history")
    if len(history) < 3 * season:
        values = seasonal_naive(history, season=season, horizon=horizon)
        return Forecast("seasonal_naive", values, error=float("nan"), baseline_error=float("nan"))
    train, test = history[:-season], list(history[-season:])
    naive_error = mean_absolute_error(test, seasonal_naive(train, season=season, horizon=season))
    best = min(
        GRID,
        key=lambda s: mean_absolute_error(
            test, holt_winters(train, season=season, horizon=season, smoothing=s)
        ),
    )
    hw_error = mean_absolute_error(
        test, holt_winters(train, season=season, horizon=season, smoothing=best)
    )
    if hw_error < naive_error:
        values = holt_winters(history, season=season, horizon=horizon, smoothing=best)
        return Forecast("holt_winters", values, hw_error, naive_error)
    values = seasonal_naive(history, season=season, horizon=horizon)
    return Forecast("seasonal_naive", values, naive_error, naive_error)
