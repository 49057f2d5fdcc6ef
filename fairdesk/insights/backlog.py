"""A fluid projection of a multi-day backlog, pure Python: work flows in and out like water.

Per interval (say a business day) `arrivals` come in and agents clear up to `capacity`, oldest
first. The backlog after each interval follows; so does how long the work that arrived in an
interval waits, and with it the first interval whose work will miss a promise of
`promise_intervals` if nothing changes. Deliberately simple: for email queues of days, the
randomness that Erlang models averages out and the flow is what matters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Projection:
    backlog: list[float]  # open work at the end of each interval
    waits: list[float | None]  # intervals the work arriving in each waits (None: not cleared)
    first_break: int | None  # the first interval whose arrivals miss the promise


def project(
    *,
    arrivals: Sequence[float],
    capacity: Sequence[float],
    promise_intervals: float,
    backlog: float = 0.0,
) -> Projection:
    """Project FIFO work: `backlog` open now, then `arrivals[i]` and `capacity[i]` per interval."""
    if len(arrivals) != len(capacity):
        raise ValueError("arrivals and capacity need one value per interval each")
    if backlog < 0 or any(x < 0 for x in (*arrivals, *capacity)):
        raise ValueError("arrivals, capacity and backlog must not be negative")
    ends, cleared, open_work = [], [0.0], backlog
    for came, can in zip(arrivals, capacity, strict=True):
        done = min(open_work + came, can)
        open_work = open_work + came - done
        ends.append(open_work)
        cleared.append(cleared[-1] + done)
    # The work arriving in interval i is done once the cumulative clearance reaches the
    # cumulative arrivals up to the end of i (FIFO: everything before it goes first).
    waits: list[float | None] = []
    arrived = backlog
    for i, came in enumerate(arrivals):
        arrived += came
        waits.append(_done_by(cleared, arrived, i))
    first_break = next(
        (i for i, wait in enumerate(waits) if wait is None or wait > promise_intervals), None
    )
    return Projection(ends, waits, first_break)


def _done_by(cleared: list[float], amount: float, start: int) -> float | None:
    """Intervals from the start of interval `start` until `amount` work is cleared; the
    cumulative clearance cleared[j] is reached at the end of interval j - 1."""
    for j in range(start + 1, len(cleared)):
        if cleared[j] >= amount - 1e-9:
            before = cleared[j - 1]
            part = (amount - before) / (cleared[j] - before) if cleared[j] > before else 1.0
            return (j - 1 + part) - start
    return None
