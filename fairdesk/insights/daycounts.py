"""The day counts behind the backlog report: cases opened and finished per day (in
TIME_ZONE), team, category and channel, merged cases left out.

Each case's figures row contributes one "opened" on the day it was opened and, once
finished, one "finished" on that day. When the reaction refreshes a row, the counts move by
the difference between the row before and after (an upsert that adds, so concurrent services
never lose a count); the backfill rebuilds them from the rows in two grouped queries.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Count, Model
from django.db.models.functions import TruncDate

# The figures row's columns a contribution depends on, in this order.
ROW_FIELDS = ("created_at", "finished_at", "team_id", "category_id", "channel", "merged")
Key = tuple[date, int, int, str]  # day, team id, category key (0: none), channel


def zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def contribution(row: tuple) -> Counter:
    """What one figures row (ROW_FIELDS) adds: {(key, "opened" | "finished"): 1}."""
    created, finished, team_id, category_id, channel, merged = row
    if merged:
        return Counter()
    here = zone()
    counts: Counter = Counter({(_key(created, here, team_id, category_id, channel), "opened"): 1})
    if finished is not None:
        counts[(_key(finished, here, team_id, category_id, channel), "finished")] += 1
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
            by_key.setdefault(key, [0, 0])[0 if what == "opened" else 1] += n
    if by_key:
        _add(sorted(by_key.items()))


def _add(changes: list[tuple[Key, list[int]]]) -> None:
    """One upsert that adds to the counts (keys sorted: concurrent writers lock in order)."""
    from fairdesk.insights.models import DayCount

    quote = connection.ops.quote_name
    table = quote(DayCount._meta.db_table)
    values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(changes))
    params: list = []
    for (day, team_id, category_key, channel), (opened, finished) in changes:
        params += [day.isoformat(), team_id, category_key, channel, opened, finished]
    # Only the table name and the placeholders are written into the SQL; values are params.
    sql = (
        f"INSERT INTO {table} (day, team_id, category_key, channel, opened, finished) "  # noqa: S608
        f"VALUES {values} ON CONFLICT (day, team_id, category_key, channel) DO UPDATE SET "
        f"opened = {table}.opened + excluded.opened, "
        f"finished = {table}.finished + excluded.finished"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def rebuild(figures_model: type[Model], counts_model: type[Model]) -> int:
    """Count again from every figures row (the models are passed in so the migration can
    use its historical ones); returns how many day counts were written."""
    rows = figures_model.objects.filter(merged=False).order_by()  # type: ignore[attr-defined]
    counts: dict[Key, list[int]] = {}
    for field, slot in (("created_at", 0), ("finished_at", 1)):
        grouped = (
            rows.filter(**{f"{field}__isnull": False})
            .annotate(day=TruncDate(field, tzinfo=zone()))
            .values_list("day", "team_id", "category_id", "channel")
            .annotate(n=Count("pk"))
        )
        for day, team_id, category_id, channel, n in grouped:
            counts.setdefault((day, team_id, category_id or 0, channel), [0, 0])[slot] += n
    counts_model.objects.all().delete()  # type: ignore[attr-defined]
    counts_model.objects.bulk_create(  # type: ignore[attr-defined]
        (
            counts_model(
                day=day,
                team_id=team_id,
                category_key=category_key,
                channel=channel,
                opened=opened,
                finished=finished,
            )
            for (day, team_id, category_key, channel), (opened, finished) in counts.items()
        ),
        batch_size=2000,
    )
    return len(counts)
