"""The fairness report's figures computed in the database: waits by segment, and the rows
the overtaken sweep needs, as numbers.

At a million cases, reading every case into Python took minutes. Here the database joins,
groups and sorts: on PostgreSQL one statement with GROUPING SETS and `percentile_cont`
(which interpolates exactly as `insights.stats.percentile` does); on SQLite, which has neither,
window functions number each segment's waits in order and only the rows around the median
and the P90 leave the database. Both give `fairness.segments`' figures (tested against it).
"""

# Every statement here is put together from constants (table names, dimensions, shares);
# the only input, the period, goes in as parameters.
# ruff: noqa: S608

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from django.db import connection, transaction

from fairdesk.accounts.models import Customer
from fairdesk.cases.models import Case, Category, Status
from fairdesk.promises.models import Kind, Promise
from fairdesk.queues import fairness

SHARES = (0.5, 0.9)
# The percentiles sort every wait of a segment: room for a million floats in memory instead
# of spilling the sorts to disk (as insights' reports do).
SORT_MEMORY = "256MB"


def _vendor() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def _hours(end: str, start: str) -> str:
    """Hours from `start` to `end` (both columns), never below 0; NULL without an end."""
    if _vendor() == "postgresql":
        # GREATEST skips NULLs (GREATEST(0, NULL) is 0): ask for the end first.
        return (
            f"CASE WHEN {end} IS NOT NULL"
            f" THEN GREATEST(0, date_part('epoch', {end} - {start}) / 3600.0) END"
        )
    return f"MAX(0, (julianday({end}) - julianday({start})) * 24.0)"


def _epoch(column: str) -> str:
    if _vendor() == "postgresql":
        return f"date_part('epoch', {column})"
    return f"(julianday({column}) - 2440587.5) * 86400.0"


def _top_category(path: str) -> str:
    """The first part of a category path ("Internet > Router" → "Internet"), "" without."""
    if _vendor() == "postgresql":
        return f"split_part(COALESCE({path}, ''), ' > ', 1)"
    return (
        f"CASE WHEN instr({path}, ' > ') > 0 THEN substr({path}, 1, instr({path}, ' > ') - 1)"
        f" ELSE COALESCE({path}, '') END"
    )


def _cases_in(since: datetime, until: datetime, joins: str = "") -> tuple[str, list]:
    """FROM and WHERE of the report's cases: opened in [since, until), merged ones left out."""
    adapt = connection.ops.adapt_datetimefield_value
    sql = (
        f"FROM {Case._meta.db_table} c{joins}"
        " WHERE c.created_at >= %s AND c.created_at < %s AND c.merged_into_id IS NULL"
    )
    return sql, [adapt(since), adapt(until)]


def _served(since: datetime, until: datetime) -> tuple[str, list]:
    """One row per case: its segment in each dimension and its two waits in hours."""
    joins = (
        f" JOIN {Customer._meta.db_table} cu ON cu.id = c.customer_id"
        f" LEFT JOIN {Category._meta.db_table} cat ON cat.id = c.category_id"
    )
    source, params = _cases_in(since, until, joins)
    sql = (
        "SELECT c.channel AS channel, COALESCE(cu.language, '') AS language,"
        " CASE WHEN cu.organisation_id IS NULL THEN 'private' ELSE 'business' END"
        " AS customer_type,"
        f" {_top_category('cat.path')} AS category,"
        f" {_hours('c.first_response_at', 'c.created_at')} AS first_wait,"
        f" {_hours('c.resolved_at', 'c.created_at')} AS resolution_wait "
        f"{source}"
    )
    return sql, params


def segments(*, since: datetime, until: datetime) -> list[fairness.Segment]:
    """`fairness.segments` of the cases opened in [since, until), sorted the same way."""
    if _vendor() == "postgresql":
        found = _segments_postgresql(since, until)
    else:
        found = _segments_sqlite(since, until)
    return sorted(found, key=lambda s: (s.dimension, s.value))


def _value(raw: str | None) -> str:
    return raw or "—"


def _segments_postgresql(since: datetime, until: datetime) -> list[fairness.Segment]:
    served, params = _served(since, until)
    figures = ", ".join(
        f"percentile_cont({share}) WITHIN GROUP (ORDER BY {wait})"
        for wait in ("first_wait", "resolution_wait")
        for share in SHARES
    )
    dimensions = ", ".join(fairness.DIMENSIONS)
    marks = ", ".join(f"GROUPING({d})" for d in fairness.DIMENSIONS)
    sets = ", ".join(f"({d})" for d in fairness.DIMENSIONS)
    sql = (
        f"WITH served AS ({served}) SELECT {marks}, {dimensions}, COUNT(*), {figures}"
        f" FROM served GROUP BY GROUPING SETS ({sets})"
    )
    found = []
    with _roomy_sorts(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    width = len(fairness.DIMENSIONS)
    for row in rows:
        # The one dimension this row groups by is the one GROUPING() marks 0.
        which = row[:width].index(0)
        cases, first_median, first_p90, resolution_median, resolution_p90 = row[2 * width :]
        found.append(
            fairness.Segment(
                dimension=fairness.DIMENSIONS[which],
                value=_value(row[width + which]),
                cases=cases,
                first_median=first_median,
                first_p90=first_p90,
                resolution_median=resolution_median,
                resolution_p90=resolution_p90,
            )
        )
    return found


@contextmanager
def _roomy_sorts() -> Iterator[None]:
    """PostgreSQL: SORT_MEMORY and no JIT compilation for the statements inside, in a
    transaction (SET LOCAL ends with it). Compiling the grouping took 2 of 7 s at 1M cases."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL work_mem = '{SORT_MEMORY}'")  # a constant
        cursor.execute("SET LOCAL jit = off")
        yield


def _long(since: datetime, until: datetime) -> tuple[str, list]:
    """SQLite: the served rows once per dimension (dimension, value, waits)."""
    served, params = _served(since, until)
    parts = " UNION ALL ".join(
        f"SELECT '{d}' AS dimension, {d} AS value, first_wait, resolution_wait FROM served"
        for d in fairness.DIMENSIONS
    )
    return f"WITH served AS ({served}), long AS ({parts}) ", params


def _ranked(wait: str) -> str:
    """SQLite: each segment's waits numbered in order from 0 (none last), with the segment's
    cases and waits counted; only its first row and the rows on either side of each
    percentile's position kept."""
    near = " OR ".join(
        f"rank BETWEEN CAST((n - 1) * {share} AS INTEGER) - 1"
        f" AND CAST((n - 1) * {share} AS INTEGER) + 2"
        for share in SHARES
    )
    segment = "PARTITION BY dimension, value"
    return (
        "SELECT dimension, value, cases, n, rank, wait FROM ("
        f" SELECT dimension, value, {wait} AS wait,"
        f" ROW_NUMBER() OVER ({segment} ORDER BY {wait} NULLS LAST) - 1 AS rank,"
        f" COUNT({wait}) OVER ({segment}) AS n, COUNT(*) OVER ({segment}) AS cases"
        f" FROM long"
        f") WHERE rank = 0 OR ({near})"
    )


def _segments_sqlite(since: datetime, until: datetime) -> list[fairness.Segment]:
    long, params = _long(since, until)
    counts: dict[tuple[str, str], int] = {}
    figures = {}
    with connection.cursor() as cursor:
        for wait in ("first_wait", "resolution_wait"):
            cursor.execute(long + _ranked(wait), params)
            rows = cursor.fetchall()
            counts |= {(d, v): cases for d, v, cases, *_rest in rows}
            figures[wait] = _percentiles([row for row in rows if row[3]])
    empty = dict.fromkeys(SHARES)
    return [
        fairness.Segment(
            dimension=key[0],
            value=_value(key[1]),
            cases=n,
            first_median=figures["first_wait"].get(key, empty)[0.5],
            first_p90=figures["first_wait"].get(key, empty)[0.9],
            resolution_median=figures["resolution_wait"].get(key, empty)[0.5],
            resolution_p90=figures["resolution_wait"].get(key, empty)[0.9],
        )
        for key, n in counts.items()
    ]


def _percentiles(rows: list[tuple]) -> dict[tuple[str, str], dict[float, float]]:
    """From (dimension, value, cases, n, rank, wait) rows around each position (n waits):
    each segment's percentiles, interpolated as `insights.stats.percentile` does."""
    near: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    sizes: dict[tuple[str, str], int] = {}
    for dimension, value, _cases, n, rank, wait in rows:
        near[(dimension, value)][rank] = wait
        sizes[(dimension, value)] = n
    found = {}
    for key, waits in near.items():
        figures = {}
        for share in SHARES:
            position = (sizes[key] - 1) * share
            low = math.floor(position)
            high = min(low + 1, sizes[key] - 1)
            figures[share] = waits[low] + (waits[high] - waits[low]) * (position - low)
        found[key] = figures
    return found


FINISHED = (
    f"CASE WHEN c.status = '{Status.CLOSED.value}' THEN COALESCE(c.resolved_at, c.updated_at)"
    " ELSE c.resolved_at END"
)


def first_response_rows(*, since: datetime, until: datetime) -> Iterator[tuple]:
    """(team, arrived, first due, first response or None, finished or None) in epoch seconds,
    for each case of the report with a first-response promise, ordered by team and arrival:
    what `fairness.overtaken_in_team` sweeps. A case's earliest first-response due date
    counts; a case closed unresolved finished at its last change (closing is its last)."""
    due = (
        f"SELECT case_id, MIN(due_at) AS due_at FROM {Promise._meta.db_table}"
        " WHERE kind = %s AND due_at IS NOT NULL GROUP BY case_id"
    )
    source, params = _cases_in(since, until, f" JOIN ({due}) p ON p.case_id = c.id")
    sql = (
        f"SELECT c.team_id, {_epoch('c.created_at')}, {_epoch('p.due_at')},"
        f" {_epoch('c.first_response_at')}, {_epoch(FINISHED)}"
        f" {source} ORDER BY c.team_id, c.created_at, c.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [Kind.FIRST_RESPONSE.value, *params])
        while chunk := cursor.fetchmany(10_000):
            yield from chunk
