"""A case's figures computed from its row, its timeline and its policy's business calendar.

The same computation serves the case reaction (a few cases at a time) and the backfill (many
thousand at a time), so the reports read exactly what the old per-request queries computed.
Each row also copies the case's filter columns (opened when, team, category, channel, merged,
finished when), so the reports read this table alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import cache, lru_cache
from typing import NamedTuple

from django.db import connection
from django.db.models import Count, Q, QuerySet

from fairdesk.cases import services as cases
from fairdesk.cases.models import UNRESOLVED, Case, Entry, EntryKind, Status
from fairdesk.insights import daycounts, valuecounts
from fairdesk.insights.models import CaseFigures
from fairdesk.lib import clock, sql, transactions
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


class Figures(NamedTuple):
    """One case's figures, as `store` writes them (the fields are `CaseFigures`' columns,
    by attname): building a model instance for each cost more than the statement."""

    case_id: int
    contacts: int
    handoffs: int
    reopened: bool
    first_response_seconds: float | None
    resolution_seconds: float | None
    refreshed_at: datetime
    created_at: datetime
    team_id: int
    category_id: int | None
    channel: str
    merged: bool
    finished_at: datetime | None


def calendars(ids: Iterable[int] | None = None) -> dict[int, businesstime.Calendar]:
    """The business calendars by id (only the given ones, when ids are given)."""
    rows = Calendar.objects.all() if ids is None else Calendar.objects.filter(pk__in=set(ids))
    return {row.pk: row.business() for row in rows}


# Calendars built before, by (id, last change as read): a changed calendar has a new key.
_BUILT: dict[tuple, businesstime.Calendar] = {}


def _built(ids: set[int], stamps: dict) -> dict[int, businesstime.Calendar]:
    """The calendars `ids`, built once per change (`stamps`: id → its `updated_at` as read),
    read only when not built before."""
    missing = [pk for pk in ids if (pk, stamps.get(pk)) not in _BUILT]
    if missing:
        if len(_BUILT) > 100:
            _BUILT.clear()
        for pk, calendar in calendars(missing).items():
            _BUILT[(pk, stamps.get(pk))] = calendar
    return {pk: _BUILT[(pk, stamps.get(pk))] for pk in ids if (pk, stamps.get(pk)) in _BUILT}


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


def compute(case_ids: Iterable[int]) -> list[Figures]:
    """Unsaved figures for the given cases (those that exist), in one statement (and one for
    a calendar not read before): the reaction runs this after every service that touches a
    case, so the statement is written once as SQL (`_CASE_ROWS`) instead of built by the ORM
    each time (2 ms of Python, the largest gap of a new case's POST)."""
    ids = sorted(set(case_ids))
    if not ids:
        return []
    params = [*CONTACT_KINDS, EntryKind.STATUS, *FINISHED, *UNRESOLVED, *ids]
    found = sql.rows(_case_rows(len(ids)), params)
    rows, counts, came_back, stamps = [], {}, set(), {}
    for row in found:
        case_part = sql.values(Case, _CASE_FIELDS, row[:5] + row[6:12])
        pk = case_part[0]
        rows.append((*case_part[:5], row[5], *case_part[5:]))
        counts[pk] = row[12]
        if row[13]:
            came_back.add(pk)
        if row[5] is not None:
            stamps[row[5]] = row[14]
    return _from_rows(rows, counts, came_back, stamps)


def opened(case: Case, contacts: int) -> Figures | None:
    """The figures of a case opened in this service call, from the case in hand (no reads):
    not answered, not resolved, never handed over or back; None when the case says
    otherwise (then `compute` reads it)."""
    if case.first_response_at or case.resolved_at or case.handoff_count:
        return None
    row = (case.pk, 0, case.created_at, None, None, None, *_columns(case))
    return _figures(row, {case.pk: contacts}, set(), {}, clock.now())


def _columns(case: Case) -> tuple:
    return (
        case.team_id,
        case.category_id,
        case.channel,
        case.merged_into_id,
        case.status,
        case.updated_at,
    )


FINISHED = (Status.RESOLVED, Status.CLOSED)
# CASE_COLUMNS as Case fields (the policy's calendar is not one), for their conversions.
_CASE_FIELDS = tuple("id" if name == "pk" else name for name in CASE_COLUMNS if "__" not in name)


@lru_cache(maxsize=64)  # by the number of cases: bounded
def _case_rows(count: int) -> str:
    """CASE_COLUMNS, the contacts, whether the case came back (`_came_back`) and its
    calendar's last change, of `count` cases: the statement `compute` runs."""
    ids = sql.marks(count)
    # Only placeholders are written into the SQL; every value is a parameter.
    return (
        "SELECT c.id, c.handoff_count, c.created_at, c.first_response_at, c.resolved_at,"  # noqa: S608
        " p.calendar_id, c.team_id, c.category_id, c.channel, c.merged_into_id, c.status,"
        " c.updated_at,"
        " (SELECT COUNT(*) FROM cases_entry e WHERE e.case_id = c.id AND e.kind IN (%s, %s)),"
        " EXISTS (SELECT 1 FROM cases_entry e WHERE e.case_id = c.id AND e.kind = %s"
        " AND e.data ->> 'from' IN (%s, %s)"
        f" AND e.data ->> 'to' IN ({', '.join(['%s'] * len(UNRESOLVED))})),"
        " k.updated_at"
        " FROM cases_case c"
        " LEFT JOIN promises_caseterms t ON t.case_id = c.id"
        " LEFT JOIN promises_policy p ON p.id = t.policy_id"
        " LEFT JOIN promises_calendar k ON k.id = p.calendar_id"
        f" WHERE c.id IN ({ids})"
    )


def compute_range(after: int, last: int) -> list[Figures]:
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


def _from_rows(
    rows: list[tuple], contacts: dict, came_back: set, stamps: dict | None = None
) -> list[Figures]:
    """The figures of the rows (CASE_COLUMNS); `stamps`: each calendar's last change, as
    read with the rows, so a calendar built before is not read again."""
    if not rows:
        return []
    # Only a case answered or resolved needs its calendar (a new one does not).
    needed = {row[5] for row in rows if row[5] is not None and (row[3] or row[4])}
    known = _built(needed, stamps) if stamps is not None else calendars(needed)
    now = clock.now()
    return [_figures(row, contacts, came_back, known, now) for row in rows]


def _figures(row: tuple, contacts: dict, came_back: set, known: dict, now) -> Figures:
    pk, handoffs, created, responded, resolved, calendar_id = row[:6]
    team_id, category_id, channel, merged_into_id, status, updated = row[6:]
    # As the backlog always counted: a case closed without a resolution finished when it
    # was last changed.
    finished = resolved or (updated if status == Status.CLOSED else None)
    return Figures(
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


def store(figures: list[Figures], *, move_counts: bool = True) -> None:
    """Insert or update the rows in one statement per batch; with `move_counts`, move the
    day counts and the value counts by what changed (the backfill rebuilds them instead).
    With `move_counts`, a row whose figures are all as stored is not written again (its
    `refreshed_at` says when its figures last changed): a reply to an answered case changes
    none of them."""
    if not figures:
        return
    case_ids = [f.case_id for f in figures]
    if not move_counts:
        _upsert(figures)
        transactions.memo(STORED_HERE, set[int]).update(case_ids)
        return
    before = _stored_before(case_ids)
    after = {f.case_id: {name: getattr(f, name) for name in ROW_FIELDS} for f in figures}
    changed = [f for f in figures if before.get(f.case_id) != after[f.case_id]]
    _upsert(changed)
    transactions.memo(STORED_HERE, set[int]).update(case_ids)
    was = [before[f.case_id] for f in changed if f.case_id in before]
    now = [after[f.case_id] for f in changed]
    # Moved last in the call (still inside its transaction): a day's count is a row every
    # new case of the team moves, and on PostgreSQL its upsert locks it until the COMMIT.
    transactions.at_last(COUNTS_MOVED, _move_counts, (was, now))


# The collected work that moves the day and value counts (items: rows before, rows after).
COUNTS_MOVED = "insights.counts_moved"


def _move_counts(changes: list[tuple[list[dict], list[dict]]]) -> None:
    """Move the counts by all of the call's changes at once (a case stored twice in the call
    counts as its first row before and its last after: the changes in between cancel)."""
    was = [row for before, _ in changes for row in before]
    now = [row for _, after in changes for row in after]
    for counts in (daycounts, valuecounts):
        counts.move(
            before=[_project(row, counts.ROW_FIELDS) for row in was],
            after=[_project(row, counts.ROW_FIELDS) for row in now],
        )


# The columns the day counts and the value counts depend on: every figure but refreshed_at
# (so `store` can tell an unchanged row; a test holds them to FIGURE_FIELDS).
ROW_FIELDS = tuple(dict.fromkeys(daycounts.ROW_FIELDS + valuecounts.ROW_FIELDS))


def _project(row: dict, names: tuple[str, ...]) -> tuple:
    return tuple(row[name] for name in names)


def _stored_before(case_ids: list[int]) -> dict[int, dict]:
    """The fields the day and value counts depend on (every figure but `refreshed_at`), of
    these cases' rows as stored, locked, by case id. A case opened in this service call has
    no row until this call stores one, so it is not looked for."""
    stored_here = transactions.memo(STORED_HERE, set[int])
    existing = [pk for pk in case_ids if pk in stored_here or not cases.created_here_id(pk)]
    if not existing:
        return {}
    found = sql.rows(
        _stored_rows(len(existing), connection.features.has_select_for_update), existing
    )
    fields = ("case_id", *ROW_FIELDS)
    rows = [sql.values(CaseFigures, fields, row) for row in found]
    return {row[0]: dict(zip(ROW_FIELDS, row[1:], strict=True)) for row in rows}


@lru_cache(maxsize=64)  # by the number of cases: bounded
def _stored_rows(count: int, lock: bool) -> str:
    """The case and ROW_FIELDS of `count` figures rows, locked where the database can."""
    quote = connection.ops.quote_name
    names = ("case_id", *ROW_FIELDS)
    columns = ", ".join(quote(str(CaseFigures._meta.get_field(name).column)) for name in names)
    ids = sql.marks(count)
    # Only column names from the model and placeholders are written into the SQL.
    return (
        f"SELECT {columns} FROM insights_casefigures WHERE case_id IN ({ids})"  # noqa: S608
        + (" FOR UPDATE" if lock else "")
    )


def _upsert(figures: list[Figures]) -> None:
    """INSERT … ON CONFLICT DO UPDATE, the rows as parameters of one statement run many
    times: bulk_create turned every value into SQL through its field, which dominated the
    backfill's profile."""
    if not figures:
        return
    statement, attributes = _upsert_statement()
    adapt = connection.ops.adapt_datetimefield_value
    rows = [
        tuple(
            adapt(value) if isinstance(value, datetime) else value
            for value in (getattr(row, name) for name in attributes)
        )
        for row in figures
    ]
    with connection.cursor() as cursor:
        if len(rows) == 1:
            cursor.execute(statement, rows[0])
        else:
            cursor.executemany(statement, rows)


@cache
def _upsert_statement() -> tuple[str, list[str]]:
    """`_upsert`'s statement and the attributes its parameters come from, built once."""
    quote = connection.ops.quote_name
    fields = [CaseFigures._meta.get_field(n) for n in ("case", *FIGURE_FIELDS)]
    columns = [quote(str(getattr(field, "column", ""))) for field in fields]
    updates = ", ".join(f"{column} = excluded.{column}" for column in columns[1:])
    # Table and column names come from the model, never from input; values are parameters.
    statement = (
        f"INSERT INTO {quote(CaseFigures._meta.db_table)} ({', '.join(columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({columns[0]}) DO UPDATE SET {updates}"
    )
    return statement, [str(getattr(field, "attname", "")) for field in fields]
