"""The indexes a write maintains: each one a reader needs, none twice.

Every index is one more page a new row writes (and, on SQLite, reads again after another
writer's commit), so a key found through a composite index that begins with it has no index
of its own. What must hold instead: every foreign key still leads some index, since a lookup
by it (a case's entries, a customer's cases) and the check when its target row is deleted
would otherwise read the whole table.
"""

import pytest
from django.apps import apps
from django.db import connection, models

OURS = [model for model in apps.get_models() if model.__module__.startswith("fairdesk.")]


def _leading_columns(table: str) -> set[str]:
    """The columns some index (or unique key) of `table` begins with."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {
        found["columns"][0]
        for found in constraints.values()
        if (found["index"] or found["unique"] or found["primary_key"]) and found["columns"]
    }


@pytest.mark.django_db
@pytest.mark.parametrize("model", OURS, ids=lambda model: model._meta.label)
def test_every_foreign_key_leads_an_index(model):
    leading = _leading_columns(model._meta.db_table)
    keys = [
        field
        for field in model._meta.local_fields
        if isinstance(field, models.ForeignKey) and field.db_constraint
    ]
    missing = [field.column for field in keys if field.column not in leading]
    assert not missing, f"{model._meta.label}: no index begins with {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("model", OURS, ids=lambda model: model._meta.label)
def test_no_index_is_the_prefix_of_another(model):
    """A one-column index that a composite one begins with is left out (unique ones stay:
    they are rules, not lookups)."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    plain = {
        name: tuple(found["columns"])
        for name, found in constraints.items()
        if found["index"]
        and not found["unique"]
        and not found["primary_key"]
        # a partial index covers only some rows: not a substitute for a whole one
        and "WHERE" not in _definition(name)
    }
    covered = [
        name
        for name, columns in plain.items()
        if len(columns) == 1
        and any(other[: len(columns)] == columns and other != columns for other in plain.values())
    ]
    assert not covered, f"{model._meta.label}: covered by a composite index: {covered}"


def _definition(index: str) -> str:
    if connection.vendor == "sqlite":
        sql = "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = %s"
    else:
        sql = "SELECT indexdef FROM pg_indexes WHERE indexname = %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [index])
        row = cursor.fetchone()
    return (row[0] or "") if row else ""
