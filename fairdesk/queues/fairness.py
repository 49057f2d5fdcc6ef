"""Is the queue fair? Waits by segment, the best-to-worst ratio, P90s, overtaken counts.

Pure: `queues.report` reads the rows. A segment is one value of one dimension (channel
"email", language "de", customer type "business", category "Internet"). The ratio compares
the median wait to first response of the worst-served segment with the best-served one's
(the target is at most 1.2); segments with fewer than MIN_CASES cases are shown but left out
of the ratio, since a handful of cases says nothing.
"""

import heapq
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

DIMENSIONS = ("channel", "language", "customer_type", "category")
MIN_CASES = 20
TARGET_RATIO = 1.2


@dataclass(frozen=True)
class Served:
    """One case as the report sees it; waits in hours (None: not yet)."""

    team_id: int
    segments: dict[str, str]  # dimension → value
    arrived: datetime
    first_due: datetime | None  # its first-response promise
    first_response: datetime | None
    resolved: datetime | None


@dataclass(frozen=True)
class Segment:
    dimension: str
    value: str
    cases: int
    first_median: float | None
    first_p90: float | None
    resolution_median: float | None
    resolution_p90: float | None


def _hours(start: datetime, end: datetime | None) -> float | None:
    return None if end is None else max(0.0, (end - start).total_seconds() / 3600)


def p90(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]


def segments(rows: Iterable[Served]) -> list[Segment]:
    first: dict[tuple[str, str], list[float]] = defaultdict(list)
    resolution: dict[tuple[str, str], list[float]] = defaultdict(list)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for row in rows:
        wait_first = _hours(row.arrived, row.first_response)
        wait_resolved = _hours(row.arrived, row.resolved)
        for dimension in DIMENSIONS:
            key = (dimension, row.segments.get(dimension) or "—")
            counts[key] += 1
            if wait_first is not None:
                first[key].append(wait_first)
            if wait_resolved is not None:
                resolution[key].append(wait_resolved)
    return [
        Segment(
            dimension=key[0],
            value=key[1],
            cases=counts[key],
            first_median=statistics.median(first[key]) if first[key] else None,
            first_p90=p90(first[key]),
            resolution_median=statistics.median(resolution[key]) if resolution[key] else None,
            resolution_p90=p90(resolution[key]),
        )
        for key in sorted(counts)
    ]


def ratio(found: list[Segment]) -> float | None:
    """Worst median wait to first response over the best, among segments big enough."""
    medians = [s.first_median for s in found if s.cases >= MIN_CASES and s.first_median is not None]
    if len(medians) < 2:
        return None
    best = min(medians)
    return max(medians) / best if best > 0 else None


def overtaken(rows: Iterable[Served]) -> int:
    """How many first responses went to a case while, in its team, a case with an earlier
    first-response due date was still waiting."""
    by_team: dict[int, list[Served]] = defaultdict(list)
    for row in rows:
        if row.first_due is not None:
            by_team[row.team_id].append(row)
    count = 0
    for cases in by_team.values():
        count += _overtaken_in_team(cases)
    return count


def _overtaken_in_team(cases: list[Served]) -> int:
    # Sweep through time: arrivals join a heap of waiting due dates; at each first response
    # the earliest still-waiting due date (stale ones dropped) is compared with the served one.
    events: list[tuple[datetime, int, int]] = []
    for index, case in enumerate(cases):
        events.append((case.arrived, 0, index))
        if case.first_response is not None:
            events.append((case.first_response, 1, index))
    events.sort()
    waiting: list[tuple[datetime, int]] = []
    served: set[int] = set()
    count = 0
    for _at, kind, index in events:
        case = cases[index]
        assert case.first_due is not None
        if kind == 0:
            heapq.heappush(waiting, (case.first_due, index))
            continue
        served.add(index)
        while waiting and waiting[0][1] in served:
            heapq.heappop(waiting)
        if waiting and waiting[0][0] < case.first_due:
            count += 1
    return count
