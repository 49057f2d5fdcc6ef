"""Distribution figures (count, mean, percentiles, max) computed in the database.

PostgreSQL has `percentile_cont`, which interpolates linearly exactly as `stats.percentile`
does, so the rows never leave the database; on other databases (SQLite in development) the
values are read and `stats.percentile` computes the same figures in Python.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Aggregate, Avg, Count, F, FloatField, Max, Q, QuerySet, Value

from fairdesk.insights import stats


class PercentileCont(Aggregate):
    """PostgreSQL's ordered-set aggregate: the `share` quantile, linearly interpolated."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(share)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, *, share: float, **extra) -> None:
        # The share is a constant of the report, never input: safe to write into the SQL.
        super().__init__(expression, share=repr(float(share)), **extra)


@dataclass(frozen=True)
class Spread:
    count: int
    mean: float | None
    median: float | None
    p90: float | None
    top: float | None
    at_least: int  # values at or above the threshold asked for


EMPTY = Spread(0, None, None, None, None, 0)


def in_database() -> bool:
    return connection.vendor == "postgresql"


# The percentiles sort every value of a group in the database: room for a million floats in
# memory instead of spilling the sort to disk (about twice as fast, measured at 1M cases).
SORT_MEMORY = "64MB"


def spreads(
    queryset: QuerySet, value: str, *, group: str | None = None, scale: float = 1.0, at_least=None
) -> dict:
    """Spread of `value` / `scale` per `group` (one key None without a group), null values
    left out. `at_least` counts the values at or above it."""
    return spreads_of(queryset, (value,), group=group, scale=scale, at_least=at_least)[value]


def spreads_of(
    queryset: QuerySet,
    values: tuple[str, ...],
    *,
    group: str | None = None,
    scale: float = 1.0,
    at_least=None,
) -> dict[str, dict]:
    """`spreads` of several columns of the same rows, read in one pass: {value: {group:
    Spread}}, each column's null values left out (a group without any is left out)."""
    if in_database():
        return _spreads_in_database(queryset, values, group, scale, at_least)
    numbers: dict[str, dict] = {value: defaultdict(list) for value in values}
    rows = queryset.values_list(group or values[0], *values).iterator(chunk_size=5000)
    for key, *row in rows:
        for value, number in zip(values, row, strict=True):
            if number is not None:
                numbers[value][key if group else None].append(
                    number / scale if scale != 1.0 else number
                )
    return {
        value: {key: _spread(found, at_least) for key, found in groups.items()}
        for value, groups in numbers.items()
    }


def _spreads_in_database(queryset, values, group, scale, at_least) -> dict[str, dict]:
    figures: dict = {}
    for index, value in enumerate(values):
        expression = F(value) / Value(scale) if scale != 1.0 else F(value)
        figures |= {
            f"n{index}": Count(value),
            f"mean{index}": Avg(expression, output_field=FloatField()),
            f"median{index}": PercentileCont(expression, share=0.5),
            f"p90{index}": PercentileCont(expression, share=0.9),
            f"top{index}": Max(expression),
            f"many{index}": Count(value, filter=Q(**{f"{value}__gte": at_least or 0})),
        }
    with roomy_sorts():
        rows = (
            list(queryset.values(group).annotate(**figures).order_by())
            if group
            else [queryset.aggregate(**figures)]
        )
    result: dict[str, dict] = {value: {} for value in values}
    for row in rows:
        for index, value in enumerate(values):
            if not row[f"n{index}"]:
                continue
            result[value][row[group] if group else None] = Spread(
                row[f"n{index}"],
                float(row[f"mean{index}"]),
                row[f"median{index}"],
                row[f"p90{index}"],
                row[f"top{index}"],
                row[f"many{index}"] if at_least else 0,
            )
    return result


@contextmanager
def roomy_sorts() -> Iterator[None]:
    """On PostgreSQL, SORT_MEMORY for the sorts of the statements inside (this transaction
    only: SET LOCAL)."""
    if not in_database():
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL work_mem = '{SORT_MEMORY}'")  # a constant
        yield


def spread_of_counts(counts: Mapping[int, int], at_least=None) -> Spread:
    """The spread of whole numbers given as {value: how many}, exactly as `_spread` of the
    values written out (a report counts contacts in a handful of distinct values, so the
    database groups instead of sorting)."""
    total = sum(counts.values())
    if not total:
        return EMPTY
    return Spread(
        total,
        sum(value * n for value, n in counts.items()) / total,
        stats.percentile_of_counts(counts, 0.5),
        stats.percentile_of_counts(counts, 0.9),
        max(value for value, n in counts.items() if n),
        sum(n for value, n in counts.items() if value >= at_least) if at_least else 0,
    )


def _spread(values: list, at_least) -> Spread:
    return Spread(
        len(values),
        sum(values) / len(values),
        stats.percentile(values, 0.5),
        stats.percentile(values, 0.9),
        max(values),
        sum(1 for v in values if v >= at_least) if at_least else 0,
    )
