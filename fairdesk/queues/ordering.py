"""The one queue order, as a key: earliest owed promise first (broken and overdue ones are
due in the past, so they lead), then age; cases without a dated promise follow, oldest first.

No case is ever left out for being old (some routers skip backlog older than a threshold;
fairdesk does not), and the key ends in the case id, so it is a total order: two different
cases never tie. The selectors in `queues.selectors` walk the database in this same order.
"""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Waiting:
    """A case as the queue sees it."""

    case_id: int
    created_at: datetime
    due_at: datetime | None  # its earliest owed promise, if dated


QueueKey = tuple[int, datetime, datetime, int]


def queue_key(case: Waiting) -> QueueKey:
    """Sort key: (promised first, when due or opened, when opened, id)."""
    if case.due_at is not None:
        return (0, case.due_at, case.created_at, case.case_id)
    return (1, case.created_at, case.created_at, case.case_id)


def in_queue_order(cases: list[Waiting]) -> list[Waiting]:
    return sorted(cases, key=queue_key)


def overtaken(served: Waiting, waiting: list[Waiting]) -> int:
    """How many of `waiting` had an older due promise than `served` when it was served
    (the fairness report's "overtaken" count for one service)."""
    if served.due_at is None:
        return 0
    return sum(1 for case in waiting if case.due_at is not None and case.due_at < served.due_at)
