"""Small statistics for reports, pure Python: percentiles and 95 % confidence intervals."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

Z95 = 1.959964


def percentile(values: Sequence[float], share: float) -> float | None:
    """The `share` quantile (0.5 = median) by linear interpolation; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def percentile_of_counts(counts: Mapping[int, int], share: float) -> float | None:
    """`percentile` of the values each key stands for `counts[key]` times, without writing
    them out: exact for the small whole numbers a report counts (contacts, handoffs)."""
    ordered = sorted((value, n) for value, n in counts.items() if n > 0)
    total = sum(n for _value, n in ordered)
    if not total:
        return None
    position = (total - 1) * share
    low = math.floor(position)
    high = min(low + 1, total - 1)
    a, b = _nth(ordered, low), _nth(ordered, high)
    return a + (b - a) * (position - low)


def _nth(ordered: list[tuple[int, int]], index: int) -> int:
    """The value at `index` (from 0) of the sorted values the counts stand for."""
    seen = 0
    for value, n in ordered:
        seen += n
        if index < seen:
            return value
    raise IndexError(index)


def wilson(successes: int, total: int) -> tuple[float, float] | None:
    """95 % Wilson interval of a share; honest for small strata, unlike the normal one."""
    if total == 0:
        return None
    p = successes / total
    denominator = 1 + Z95**2 / total
    centre = (p + Z95**2 / (2 * total)) / denominator
    half = Z95 * math.sqrt(p * (1 - p) / total + Z95**2 / (4 * total**2)) / denominator
    # With no success (or no failure) the bound is exactly 0 (or 1); rounding left 1e-18.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == total else min(1.0, centre + half)
    return low, high


def mean_interval(values: Sequence[float]) -> tuple[float, float, float] | None:
    """Mean and its 95 % interval (normal approximation); None below two values."""
    n = len(values)
    if n < 2:
        return None
    mean = sum(values) / n
    variance = sum((v - mean) ** 2 for v in values) / (n - 1)
    half = Z95 * math.sqrt(variance / n)
    return mean, mean - half, mean + half
