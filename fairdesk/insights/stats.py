"""Small statistics for reports, pure Python: percentiles and 95 % confidence intervals."""

from __future__ import annotations

import math
from collections.abc import Sequence

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


def wilson(successes: int, total: int) -> tuple[float, float] | None:
    """95 % Wilson interval of a share; honest for small strata, unlike the normal one."""
    if total == 0:
        return None
    p = successes / total
    denominator = 1 + Z95**2 / total
    centre = (p + Z95**2 / (2 * total)) / denominator
    half = Z95 * math.sqrt(p * (1 - p) / total + Z95**2 / (4 * total**2)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def mean_interval(values: Sequence[float]) -> tuple[float, float, float] | None:
    """Mean and its 95 % interval (normal approximation); None below two values."""
    n = len(values)
    if n < 2:
        return None
    mean = sum(values) / n
    variance = sum((v - mean) ** 2 for v in values) / (n - 1)
    half = Z95 * math.sqrt(variance / n)
    return mean, mean - half, mean + half
