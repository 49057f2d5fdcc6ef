"""Distribution figures (count, mean, percentiles, max) computed in the database.

PostgreSQL has `percentile_cont`, which interpolates linearly exactly as `stats.percentile`
does, so the rows never leave the database; on other databases (SQLite in development) the
values are read and `stats.percentile` computes the same figures in Python.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
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


def spreads(
    queryset: QuerySet, value: str, *, group: str | None = None, scale: float = 1.0, at_least=None
) -> dict:
    """Spread of `value` / `scale` per `group` (one key None without a group), null values
    left out. `at_least` counts the values at or above it."""
    queryset = queryset.filter(**{f"{value}__isnull": False})
    if in_database():
        return _spreads_in_database(queryset, value, group, scale, at_least)
    values: dict = defaultdict(list)
    for key, number in queryset.values_list(group or value, value).iterator(chunk_size=5000):
        values[key if group else None].append(number / scale if scale != 1.0 else number)
    return {key: _spread(numbers, at_least) for key, numbers in values.items()}


def _spreads_in_database(queryset, value, group, scale, at_least) -> dict:
    expression = F(value) / Value(scale) if scale != 1.0 else F(value)
    figures = {
        "n": Count(value),
        "mean": Avg(expression, output_field=FloatField()),
        "median": PercentileCont(expression, share=0.5),
        "p90": PercentileCont(expression, share=0.9),
        "top": Max(expression),
        "many": Count(value, filter=Q(**{f"{value}__gte": at_least if at_least else 0})),
    }
    rows = queryset.values(group).annotate(**figures) if group else [queryset.aggregate(**figures)]
    result = {}
    for row in rows:
        if not row["n"]:
            continue
        result[row[group] if group else None] = Spread(
            row["n"],
            float(row["mean"]),
            row["median"],
            row["p90"],
            row["top"],
            row["many"] if at_least else 0,
        )
    return result


def _spread(values: list, at_least) -> Spread:
    return Spread(
        len(values),
        sum(values) / len(values),
        stats.percentile(values, 0.5),
        stats.percentile(values, 0.9),
        max(values),
        sum(1 for v in values if v >= at_least) if at_least else 0,
    )
