"""The day counts behind the backlog and reopen reports: cases opened and finished per day
(in TIME_ZONE), team, category and channel, merged cases left out.

Each case's figures row contributes one "opened" on the day it was opened and, once
finished, one "finished" on that day; on its opening day also one "done" while it is
finished and one "back" once it came back after finishing. When the reaction refreshes a
row, the counts move by the difference between the row before and after (an upsert that
adds, so concurrent services never lose a count); the backfill rebuilds them from the rows
in two grouped queries.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Model, Q
from django.db.models.functions import TruncDate

from fairdesk.insights import upserts

# The figures row's columns a contribution depends on, in this order.
ROW_FIELDS = (
    "created_at",
    "finished_at",
    "team_id",
    "category_id",
    "channel",
    "merged",
    "reopened",
)
COUNTS = ("opened", "finished", "done", "back")
Key = tuple[date, int, int, str]  # day, team id, category key (0: none), channel


def zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def contribution(row: tuple) -> Counter:
    """What one figures row (ROW_FIELDS) adds: {(key, one of COUNTS): 1}."""
    created, finished, team_id, category_id, channel, merged, reopened = row
    if merged:
        return Counter()
    here = zone()
    opening = _key(created, here, team_id, category_id, channel)
    counts: Counter = Counter({(opening, "opened"): 1})
    if finished is not None:
        counts[(_key(finished, here, team_id, category_id, channel), "finished")] += 1
        counts[(opening, "done")] += 1
    if reopened:
        counts[(opening, "back")] += 1
    return counts


def _key(moment: datetime, here: ZoneInfo, team_id, category_id, channel) -> Key:
    return (moment.astimezone(here).date(), team_id, category_id or 0, channel)


def move(*, before: Iterable[tuple], after: Iterable[tuple]) -> None:
    """Move the counts from the rows as they were to the rows as they are now."""
    change: Counter = Counter()
    for row in after:
        change.update(contribution(row))
    for row in before:
        change.subtract(contribution(row))
    by_key: dict[Key, list[int]] = {}
    for (key, what), n in change.items():
        if n:
            by_key.setdefault(key, [0] * len(COUNTS))[COUNTS.index(what)] += n
    if by_key:
        _add(sorted(by_key.items()))


def _add(changes: list[tuple[Key, list[int]]]) -> None:
    from fairdesk.insights.models import DayCount

    rows = [((day.isoformat(), *rest), counts) for (day, *rest), counts in changes]
    upserts.add(DayCount, ("day", "team_id", "category_key", "channel"), COUNTS, rows)


def rebuild(figures_model: type[Model], counts_model: type[Model]) -> int:
    """Count again from every figures row (the models are passed in so the migration can
    use its historical ones); returns how many day counts were written."""
    rows = figures_model.objects.filter(merged=False).order_by()  # type: ignore[attr-defined]
    counts: dict[Key, list[int]] = {}
    opened = (
        rows.annotate(day=TruncDate("created_at", tzinfo=zone()))
        .values_list("day", "team_id", "category_id", "channel")
        .annotate(
            n=Count("pk"),
            done=Count("pk", filter=Q(finished_at__isnull=False)),
            back=Count("pk", filter=Q(reopened=True)),
        )
    )
    for day, team_id, category_id, channel, n, done, back in opened:
        slots = counts.setdefault((day, team_id, category_id or 0, channel), [0] * len(COUNTS))
        slots[0], slots[2], slots[3] = n, done, back
    finished = (
        rows.filter(finished_at__isnull=False)
        .annotate(day=TruncDate("finished_at", tzinfo=zone()))
        .values_list("day", "team_id", "category_id", "channel")
        .annotate(n=Count("pk"))
    )
    for day, team_id, category_id, channel, n in finished:
        counts.setdefault((day, team_id, category_id or 0, channel), [0] * len(COUNTS))[1] = n
    counts_model.objects.all().delete()  # type: ignore[attr-defined]
    counts_model.objects.bulk_create(  # type: ignore[attr-defined]
        (
            counts_model(
                day=day,
                team_id=team_id,
                category_key=category_key,
                channel=channel,
                **dict(zip(COUNTS, values, strict=True)),
            )
            for (day, team_id, category_key, channel), values in counts.items()
        ),
        batch_size=2000,
    )
    return len(counts)
