"""A case's figures computed from its row, its timeline and its policy's business calendar.

The same computation serves the case reaction (a few cases at a time) and the backfill (many
thousand at a time), so the reports read exactly what the old per-request queries computed.
Each row also copies the case's filter columns (opened when, team, category, channel, merged,
finished when), so the reports read this table alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from fairdesk.cases import services as cases
from fairdesk.cases.models import UNRESOLVED, Case, Entry, EntryKind, Status
from fairdesk.insights import daycounts, valuecounts
from fairdesk.insights.models import CaseFigures
from fairdesk.lib import clock, transactions
from fairdesk.promises import businesstime
from fairdesk.promises.models import Calendar

CONTACT_KINDS = (EntryKind.MESSAGE_IN, EntryKind.CALL)
FIGURE_FIELDS = (
    "contacts",
    "handoffs",
    "reopened",
    "first_response_seconds",
    "resolution_seconds",
    "refreshed_at",
    "created_at",
    "team",
    "category",
    "channel",
    "merged",
    "finished_at",
)
# Cases whose figures this service call has stored (memo): they have a row from then on.
STORED_HERE = "insights.stored_here"
CASE_COLUMNS = (
    "pk",
    "handoff_count",
    "created_at",
    "first_response_at",
    "resolved_at",
    "terms__policy__calendar_id",
    "team_id",
    "category_id",
    "channel",
    "merged_into_id",
    "status",
    "updated_at",
)


def calendars(ids: Iterable[int] | None = None) -> dict[int, businesstime.Calendar]:
    """The business calendars by id (only the given ones, when ids are given)."""
    rows = Calendar.objects.all() if ids is None else Calendar.objects.filter(pk__in=set(ids))
    return {row.pk: row.business() for row in rows}


def business_seconds(
    calendars: dict[int, businesstime.Calendar],
    calendar_id: int | None,
    start: datetime | None,
    end: datetime | None,
) -> float | None:
    """Business seconds from start to end on the calendar; wall-clock without a calendar."""
    if start is None or end is None:
        return None
    calendar = calendars.get(calendar_id) if calendar_id is not None else None
    took = businesstime.between(calendar, start, end) if calendar else end - start
    return took.total_seconds()


def compute(case_ids: Iterable[int]) -> list[CaseFigures]:
    """Unsaved figures for the given cases (those that exist), in one query and one for the
    calendars they need: the reaction runs this after every service that touches a case."""
    contacts = (
        Entry.objects.filter(case=OuterRef("pk"), kind__in=CONTACT_KINDS)
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = list(
        Case.objects.filter(pk__in=list(case_ids))
        .annotate(n=Coalesce(Subquery(contacts), 0), back=Exists(_came_back(case=OuterRef("pk"))))
        .order_by()
        .values_list(*CASE_COLUMNS, "n", "back")
    )
    counts = {row[0]: row[-2] for row in rows}
    came_back = {row[0] for row in rows if row[-1]}
    return _from_rows([row[:-2] for row in rows], counts, came_back)


def compute_range(after: int, last: int) -> list[CaseFigures]:
    """Unsaved figures for the cases with ids in (after, last], set-based: one query for the
    cases, one for their contacts, one for those that came back (the backfill)."""
    rows = list(
        Case.objects.filter(pk__gt=after, pk__lte=last).order_by().values_list(*CASE_COLUMNS)
    )
    in_range = Q(case_id__gt=after, case_id__lte=last)
    counts = dict(
        Entry.objects.filter(in_range, kind__in=CONTACT_KINDS)
        .values("case_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("case_id", "n")
    )
    came_back = set(_came_back(in_range).order_by().values_list("case_id", flat=True).distinct())
    return _from_rows(rows, counts, came_back)


def _came_back(*where: Q, **lookups) -> QuerySet[Entry]:
    """Status entries that took a finished case back to work."""
    return Entry.objects.filter(
        *where,
        kind=EntryKind.STATUS,
        data__from__in=[Status.RESOLVED, Status.CLOSED],
        data__to__in=list(UNRESOLVED),
        **lookups,
    )


def _from_rows(rows: list[tuple], contacts: dict, came_back: set) -> list[CaseFigures]:
    if not rows:
        return []
    # Only a case answered or resolved needs its calendar (a new one does not).
    known = calendars(row[5] for row in rows if row[5] is not None and (row[3] or row[4]))
    now = clock.now()
    return [_figures(row, contacts, came_back, known, now) for row in rows]


def _figures(row: tuple, contacts: dict, came_back: set, known: dict, now) -> CaseFigures:
    pk, handoffs, created, responded, resolved, calendar_id = row[:6]
    team_id, category_id, channel, merged_into_id, status, updated = row[6:]
    # As the backlog always counted: a case closed without a resolution finished when it
    # was last changed.
    finished = resolved or (updated if status == Status.CLOSED else None)
    return CaseFigures(
        case_id=pk,
        contacts=contacts.get(pk, 0),
        handoffs=handoffs,
        reopened=pk in came_back,
        first_response_seconds=business_seconds(known, calendar_id, created, responded),
        resolution_seconds=business_seconds(known, calendar_id, created, resolved),
        refreshed_at=now,
        created_at=created,
        team_id=team_id,
        category_id=category_id,
        channel=channel,
        merged=merged_into_id is not None,
        finished_at=finished,
    )


def store(figures: list[CaseFigures], *, move_counts: bool = True) -> None:
    """Insert or update the rows in one statement per batch; with `move_counts`, move the
    day counts and the value counts by what changed (the backfill rebuilds them instead)."""
    if not figures:
        return
    case_ids = [f.case_id for f in figures]
    if move_counts:
        before = _stored_before(case_ids)
    _upsert(figures)
    transactions.memo(STORED_HERE, set[int]).update(case_ids)
    if move_counts:
        after = [{name: getattr(f, name) for name in ROW_FIELDS} for f in figures]
        for counts in (daycounts, valuecounts):
            counts.move(
                before=[_project(row, counts.ROW_FIELDS) for row in before],
                after=[_project(row, counts.ROW_FIELDS) for row in after],
            )


# The columns the day counts and the value counts depend on.
ROW_FIELDS = tuple(dict.fromkeys(daycounts.ROW_FIELDS + valuecounts.ROW_FIELDS))


def _project(row: dict, names: tuple[str, ...]) -> tuple:
    return tuple(row[name] for name in names)


def _stored_before(case_ids: list[int]) -> list[dict]:
    """The fields the day and value counts depend on, of these cases' rows as stored,
    locked. A case opened in this service call has no row until this call stores one, so it
    is not looked for."""
    stored_here = transactions.memo(STORED_HERE, set[int])
    existing = [pk for pk in case_ids if pk in stored_here or not cases.created_here_id(pk)]
    if not existing:
        return []
    return list(
        CaseFigures.objects.select_for_update()
        .filter(case_id__in=existing)
        .order_by()
        .values(*ROW_FIELDS)
    )


def _upsert(figures: list[CaseFigures]) -> None:
    """INSERT … ON CONFLICT DO UPDATE, the rows as parameters of one statement run many
    times: bulk_create turned every value into SQL through its field, which dominated the
    backfill's profile."""
    quote = connection.ops.quote_name
    fields = [CaseFigures._meta.get_field(n) for n in ("case", *FIGURE_FIELDS)]
    columns = [quote(str(getattr(field, "column", ""))) for field in fields]
    updates = ", ".join(f"{column} = excluded.{column}" for column in columns[1:])
    # Table and column names come from the model, never from input; values are parameters.
    sql = (
        f"INSERT INTO {quote(CaseFigures._meta.db_table)} ({', '.join(columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({columns[0]}) DO UPDATE SET {updates}"
    )
    attributes = [str(getattr(field, "attname", "")) for field in fields]
    adapt = connection.ops.adapt_datetimefield_value
    rows = [
        tuple(
            adapt(value) if isinstance(value, datetime) else value
            for value in (getattr(row, name) for name in attributes)
        )
        for row in figures
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
