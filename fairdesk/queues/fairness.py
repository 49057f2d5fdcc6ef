"""Is the queue fair? Waits by segment, the best-to-worst ratio, P90s, overtaken counts.

Pure: the definitions. `queues.waits` computes the same segment figures in the database
(tested against `segments` here); `queues.report` feeds `overtaken_in_team` sorted rows.

A segment is one value of one dimension (channel "email", language "de", customer type
"business", category "Internet"). The ratio compares
the median wait to first response of the worst-served segment with the best-served one's
(the target is at most 1.2); segments with fewer than MIN_CASES cases are shown but left out
of the ratio, since a handful of cases says nothing.
"""

import heapq
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter
from typing import Any

from fairdesk.insights.stats import percentile

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
    # When it stopped waiting without an answer: resolved, or closed unresolved (a spam mail,
    # a duplicate). Such a case is not overtaken by the answers that come after it.
    finished: datetime | None = None


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
    return percentile(values, 0.9)


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
            first_median=percentile(first[key], 0.5),
            first_p90=p90(first[key]),
            resolution_median=percentile(resolution[key], 0.5),
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
    by_team: dict[int, list[tuple[datetime, datetime, datetime | None, datetime | None]]]
    by_team = defaultdict(list)
    for row in rows:
        if row.first_due is not None:
            by_team[row.team_id].append(
                (row.arrived, row.first_due, row.first_response, row.finished)
            )
    return sum(overtaken_in_team(sorted(cases, key=itemgetter(0))) for cases in by_team.values())


def overtaken_in_team(cases: Sequence[tuple[Any, Any, Any, Any]]) -> int:
    """`overtaken` within one team: `cases` are (arrived, first due, first response or None,
    finished or None) sorted by arrival, as datetimes or as epoch seconds (the report reads
    numbers: a million of them decode several times faster than datetimes)."""
    # Sweep through the answers in time: arrivals up to each answer join a heap of waiting
    # due dates (an arrival at the very moment of an answer counts as waiting); the earliest
    # due date still waiting (those answered or finished by then dropped) is compared with
    # the answered one. O(n log n).
    answers = sorted((case[2], index) for index, case in enumerate(cases) if case[2] is not None)
    waiting: list[tuple[Any, int]] = []
    arrived = count = 0
    for answered_at, index in answers:
        while arrived < len(cases) and cases[arrived][0] <= answered_at:
            heapq.heappush(waiting, (cases[arrived][1], arrived))
            arrived += 1
        while waiting and _stopped_waiting(cases[waiting[0][1]], answered_at):
            heapq.heappop(waiting)
        if waiting and waiting[0][0] < cases[index][1]:
            count += 1
    return count


def _stopped_waiting(case: tuple[Any, Any, Any, Any], at: Any) -> bool:
    return any(moment is not None and moment <= at for moment in case[2:])
