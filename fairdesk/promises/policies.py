"""The policies a new case chooses from, read as one fixed statement (the write path's first
read: `services.policy_for`).

Through the ORM this read cost about a millisecond of Python per new case (the EXISTS
subquery, two joined calendars, the instances built), against some 80 µs for the database.
Here the statement is written once; each policy row is converted as the ORM converts it
(`fairdesk.lib.sql`) the first time it is read as it is (kept per process by the row's
values, so an edited policy reads as edited from the next case), and its calendars are
kept by row and version (the statement reads each calendar's `updated_at`, so an edited
calendar counts from the next case, as `Calendar.business()` already keys its built
calendar). Every case gets its own policy instances.
"""

# The statement is put together from the models' table and column names only.
# ruff: noqa: S608

from functools import cache

from django.db import connection

from fairdesk.lib import joined, sql
from fairdesk.promises.models import Calendar, Contract, Policy

# (calendar id, updated_at as read) → the row as the ORM reads it, shared by every policy
# naming it: the statement reads each calendar's columns, converted only the first time.
_CALENDARS: dict[tuple, Calendar] = {}
_KEPT = 64  # calendars change seldom: past this many versions, start again


@cache
def _statement() -> str:
    policy, calendar = Policy._meta.db_table, Calendar._meta.db_table
    return (
        f"SELECT {joined.columns_of((Policy, Calendar, Calendar), ('p', 'c', 'rc'))},"
        f" EXISTS (SELECT 1 FROM {Contract._meta.db_table} k"
        "  WHERE k.customer_id = %s AND k.policy_id = p.id)"
        f" FROM {policy} p JOIN {calendar} c ON c.id = p.calendar_id"
        f" LEFT JOIN {calendar} rc ON rc.id = p.resolution_calendar_id"
        " ORDER BY p.name"
    )


def policies_with_calendars(customer_id: int | None) -> tuple[dict[int, Policy], int | None]:
    """Every policy by id (in name order) with its calendars, and the first whose contract
    with the customer names it (None: none does), in one query."""
    names, width = joined.fields(Policy), len(joined.fields(Calendar))
    policies: dict[int, Policy] = {}
    contracted = None
    for row in sql.rows(_statement(), [customer_id]):
        policy = Policy.from_db(connection.alias, names, _converted(row[: len(names)]))
        start = len(names)
        policy.calendar = _calendar(row[start : start + width])
        resolution = row[start + width : start + 2 * width]
        policy.resolution_calendar = _calendar(resolution) if resolution[0] is not None else None
        policies[policy.pk] = policy
        if row[-1] and contracted is None:
            contracted = policy.pk
    return policies, contracted


# A policy's row as read → its values as the ORM converts them (the rows change seldom;
# each new case builds its own instances from them).
_POLICY_VALUES: dict[tuple, list] = {}


def _converted(row: tuple) -> list:
    if row not in _POLICY_VALUES:
        if len(_POLICY_VALUES) >= _KEPT:
            _POLICY_VALUES.clear()
        _POLICY_VALUES[row] = sql.values(Policy, joined.fields(Policy), row)
    return list(_POLICY_VALUES[row])


def _calendar(row: tuple) -> Calendar:
    names = joined.fields(Calendar)
    key = (row[names.index("id")], row[names.index("updated_at")])
    if key not in _CALENDARS:
        if len(_CALENDARS) >= _KEPT:
            _CALENDARS.clear()
        values = sql.values(Calendar, names, row)
        _CALENDARS[key] = Calendar.from_db(connection.alias, names, values)
    return _CALENDARS[key]
