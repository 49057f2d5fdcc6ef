"""Business times counted in bands, and the median and P90 read back from the counts.

A report over a million cases cannot sort every response time on each request, so the
summary tables count how many cases fell into each band of time. The bands are exact to the
minute up to two hours and then never wider than 5 % of the values they hold (5 minutes up
to 8 hours, 15 minutes up to a day, an hour up to three days, 2 hours up to 10 days,
12 hours up to 60 days, a day beyond): fine enough for a manager, coarse enough that a day's
values fall into a few hundred bands. Every band edge is a whole minute.

A percentile is read as `stats.percentile` reads it (linear interpolation between the two
values around the position), each of those two values placed evenly inside its band, so the
result lies between the lower edge of the lower value's band and the upper edge of the upper
value's band: within one band of the exact figure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

MINUTE = 60
HOUR = 3600
DAY = 86_400

# (up to seconds, band width in seconds), in order; the last width continues for ever.
TIERS: tuple[tuple[float, int], ...] = (
    (2 * HOUR, MINUTE),
    (8 * HOUR, 5 * MINUTE),
    (DAY, 15 * MINUTE),
    (3 * DAY, HOUR),
    (10 * DAY, 2 * HOUR),
    (60 * DAY, 12 * HOUR),
    (math.inf, DAY),
)


def _starts() -> tuple[tuple[int, int, int], ...]:
    """Per tier: (first band number, lower edge in seconds, width)."""
    starts, band, low = [], 0, 0
    for upper, width in TIERS:
        starts.append((band, low, width))
        if upper != math.inf:
            band += int((upper - low) // width)
            low = int(upper)
    return tuple(starts)


STARTS = _starts()


def band(seconds: float) -> int:
    """The band number of a time (negative times, which a clock moved back could give,
    count as zero)."""
    seconds = max(0.0, seconds)
    for first, low, width in reversed(STARTS):
        if seconds >= low:
            return first + int((seconds - low) // width)
    raise AssertionError("unreachable: the first tier starts at zero")


def edges(number: int) -> tuple[int, int]:
    """The band's lower (inclusive) and upper (exclusive) edge in seconds."""
    for first, low, width in reversed(STARTS):
        if number >= first:
            lower = low + (number - first) * width
            return lower, lower + width
    raise ValueError(f"no band {number}")


def percentile(counts: Mapping[int, int], share: float) -> float | None:
    """The `share` quantile (0.5 = median) in seconds of the times counted per band
    ({band: how many}), read as `stats.percentile` reads the values; None for none."""
    ordered = sorted((number, n) for number, n in counts.items() if n > 0)
    total = sum(n for _number, n in ordered)
    if not total:
        return None
    position = (total - 1) * share
    low = math.floor(position)
    high = min(low + 1, total - 1)
    a, b = _nth(ordered, low), _nth(ordered, high)
    return a + (b - a) * (position - low)


def _nth(ordered: list[tuple[int, int]], index: int) -> float:
    """The value at `index` (from 0) of the counted times, the n values of a band spread
    evenly across it (the k-th at the middle of the k-th n-th of the band)."""
    seen = 0
    for number, n in ordered:
        if index < seen + n:
            lower, upper = edges(number)
            return lower + (index - seen + 0.5) / n * (upper - lower)
        seen += n
    raise IndexError(index)
