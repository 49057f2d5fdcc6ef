"""Model instances from the columns of one joined row, as `select_related` gives them, for the
fixed statements of the hot paths (`fairdesk.lib.sql`): the token with its holder, the case
with its customer.

A statement names each model's columns with `columns(Model, alias)` (every concrete field, in
the model's order), and `instances` cuts a row into those models again, converted as the ORM
converts them. A model whose primary key is NULL (an outer join that found nothing) is None.
"""

from collections.abc import Sequence
from functools import cache
from typing import Any

from django.db import connection, models

from fairdesk.lib import sql


@cache
def fields(model: type[models.Model]) -> tuple[str, ...]:
    """The model's concrete fields' attnames, in the order `columns` selects them."""
    return tuple(field.attname for field in model._meta.concrete_fields)


@cache
def columns(model: type[models.Model], alias: str) -> str:
    """The model's columns as `alias.column, …`, in the order `instances` reads them."""
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(field.column)}" for field in model._meta.concrete_fields)


def columns_of(models_: Sequence[type[models.Model]], aliases: Sequence[str]) -> str:
    """The `columns` of each model under its alias, in turn: the row `instances` cuts up."""
    return ", ".join(columns(model, alias) for model, alias in zip(models_, aliases, strict=True))


def instances(models_: Sequence[type[models.Model]], row: Sequence[Any]) -> list[Any]:
    """One instance (or None) per model of `models_`, from a row of their `columns` in turn."""
    found: list[Any] = []
    start = 0
    for model in models_:
        names = fields(model)
        part = row[start : start + len(names)]
        start += len(names)
        key = part[names.index(model._meta.pk.attname)]
        if key is None:
            found.append(None)
            continue
        found.append(sql.built(model, names, sql.values(model, names, part)))
    return found


def keep_related(obj: models.Model, name: str, value: models.Model | None) -> None:
    """Note `value` as `obj`'s related object `name` (a foreign key, or a reverse one-to-one
    whose None means "has none"), as `select_related` would: reading it runs no query."""
    obj._state.fields_cache[name] = value
