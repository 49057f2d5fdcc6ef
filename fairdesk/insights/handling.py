"""Average handling time estimated from the timeline, pure Python.

The timeline says when an agent acted, not for how long. An agent's work is a sequence of
actions; the time between two consecutive actions of one agent, within one sitting (a gap
under `sitting`), is taken as spent on the later action's case; a sitting's first action
counts `opening`. The per-case totals are that case's handling time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta


def per_case(
    actions: Iterable[tuple[int, datetime, int]],
    *,
    sitting: timedelta = timedelta(minutes=30),
    opening: timedelta = timedelta(minutes=3),
) -> dict[int, float]:
    """Seconds of handling per case from (agent id, when, case id) actions."""
    by_agent: dict[int, list[tuple[datetime, int]]] = defaultdict(list)
    for agent, when, case in actions:
        by_agent[agent].append((when, case))
    totals: dict[int, float] = defaultdict(float)
    for steps in by_agent.values():
        steps.sort()
        previous: datetime | None = None
        for when, case in steps:
            gap = when - previous if previous is not None else None
            spent = gap if gap is not None and gap < sitting else opening
            totals[case] += spent.total_seconds()
            previous = when
    return dict(totals)


def average(actions: Iterable[tuple[int, datetime, int]], *, default: float = 600.0) -> float:
    """Mean handling seconds per case; `default` when the timeline has nothing yet."""
    totals = per_case(actions)
    return sum(totals.values()) / len(totals) if totals else default
