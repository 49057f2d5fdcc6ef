"""The adding upsert the summary tables are moved by."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from django.db import connection
from django.db.models import Model

from fairdesk.lib import sql


def add(
    model: type[Model],
    keys: Sequence[str],
    counts: Sequence[str],
    changes: Sequence[tuple[tuple, Sequence[int]]],
) -> None:
    """One INSERT … ON CONFLICT DO UPDATE SET count = count + excluded.count for the
    (key values, count changes) given; sort them first, so concurrent writers lock rows in
    the same order and never deadlock."""
    if not changes:
        return
    params: list = []
    for key, change in changes:
        params += [*key, *change]
    with connection.cursor() as cursor:
        cursor.execute(_statement(model, tuple(keys), tuple(counts), len(changes)), params)


@lru_cache(maxsize=64)  # by the number of rows: bounded
def _statement(model: type[Model], keys: tuple, counts: tuple, rows: int) -> str:
    """`add`'s statement for `rows` changes, built once."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    marks = sql.marks(len(keys) + len(counts))
    values = ", ".join([f"({marks})"] * rows)
    adds = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in counts)
    # Only the table and column names and the placeholders are written into the SQL.
    return (
        f"INSERT INTO {table} ({', '.join((*keys, *counts))}) VALUES {values} "  # noqa: S608
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {adds}"
    )
