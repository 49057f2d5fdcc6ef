"""Fixed statements run without the ORM building them, for the hot write paths.

Through the ORM a statement costs 0.1–0.5 ms of Python to build (cloning the queryset,
resolving lookups, compiling the SQL) against 10–50 µs for SQLite to run it; a new case runs
about forty. On the paths measured hot (`docs/scale.md`) a statement is written once as SQL
and run through Django's connection (the same transaction, the same query log and test
counts), and what it reads becomes values or model instances with the ORM's own
conversions. Everything else keeps the ORM: this is for the few statements a create or a
reply runs every time.

The SQL is plain and portable (SQLite and PostgreSQL): `%s` placeholders, `RETURNING`.
"""

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models import signals
from django.db.models.base import ModelState
from django.db.models.expressions import Col

M = TypeVar("M", bound=models.Model)

Converter = Callable[[Any, Any, Any], Any]
Conversion = tuple[Col, list[Converter]]


def execute(sql: str, params: Sequence[Any] = ()) -> int:
    """Run a statement; the number of rows it changed."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def one(sql: str, params: Sequence[Any] = ()) -> tuple | None:
    """The first row of a query, raw (SQLite gives naive datetimes: see `load`)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def rows(sql: str, params: Sequence[Any] = ()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def load(model: type[M], fields: Sequence[str], sql: str, params: Sequence[Any] = ()) -> list[M]:
    """Instances of `model` from a query whose columns are `fields` (attnames, in order; the
    primary key among them), converted as the ORM converts them (aware datetimes, decoded
    JSON, booleans); the fields not named are deferred, as with `.only()`."""
    names = tuple(fields)
    return [built(model, names, values(model, names, row)) for row in rows(sql, params)]


def values(model: type[models.Model], fields: Sequence[str], row: Sequence[Any]) -> list[Any]:
    """A raw row's columns converted as `model`'s `fields` would be by the ORM."""
    converters = _converters(model, tuple(fields))
    if not _converting(model, tuple(fields)):  # text and numbers come as they are
        return list(row)
    db = _db()
    return [_converted(value, kept, db) for value, kept in zip(row, converters, strict=True)]


def insert(obj: M) -> M:
    """INSERT `obj` as `obj.save()` would (its fields' defaults and conversions, the primary
    key set from the database), with the statement compiled once per model. No signals are
    sent (fairdesk connects none to its models). A value the database must compute (a
    `db_default` left unset, an expression) goes through `save()` instead."""
    fields, sql = _insert_statement(type(obj))
    params, db = [], _db()
    for field in fields:
        value = field.pre_save(obj, True)
        if hasattr(value, "resolve_expression"):
            obj.save(force_insert=True)
            return obj
        params.append(field.get_db_prep_save(value, db))
    row = one(sql, params)
    assert row is not None
    return _stored(obj, row[0])


def insert_all(objs: Sequence[M]) -> Sequence[M]:
    """INSERT several new instances of one model in one statement, as `bulk_create` would
    (their primary keys set from the database), the statement compiled once per model and
    number of rows. A value the database must compute goes through `bulk_create` instead."""
    if not objs:
        return objs
    fields, sql = _insert_statement(type(objs[0]), len(objs))
    params, db = [], _db()
    for obj in objs:
        for field in fields:
            value = field.pre_save(obj, True)
            if hasattr(value, "resolve_expression"):
                return type(obj)._default_manager.bulk_create(objs)
            params.append(field.get_db_prep_save(value, db))
    # Both backends answer a multi-row INSERT's RETURNING in the order of its rows (as
    # Django's bulk_create relies on).
    for obj, (key,) in zip(objs, rows(sql, params), strict=True):
        _stored(obj, key)
    return objs


def upsert(obj: M, unique: str) -> M:
    """INSERT `obj`, or where a row with its value of the unique field `unique` exists, set
    that row's other columns to `obj`'s: one statement (as `bulk_create(update_conflicts=…)`,
    compiled once per model); the primary key set from the database."""
    fields, sql = _upsert_statement(type(obj), unique)
    db = _db()
    params = [field.get_db_prep_save(field.pre_save(obj, True), db) for field in fields]
    row = one(sql, params)
    assert row is not None
    return _stored(obj, row[0])


def update(obj: models.Model, fields: Sequence[str]) -> int:
    """UPDATE `obj`'s row with its values of `fields` (names), as `save(update_fields=…)`
    would write them, compiled once per model and fields; the number of rows changed."""
    chosen, sql = _update_statement(type(obj), tuple(fields))
    db = _db()
    params = [field.get_db_prep_save(getattr(obj, field.attname), db) for field in chosen]
    return execute(sql, [*params, obj.pk])


def marks(count: int) -> str:
    """`count` placeholders for an `IN (…)` or a row of VALUES: "%s, %s, %s"."""
    return ", ".join(["%s"] * count)


def _db() -> Any:
    # The connection itself, looked up once per call: each attribute read through
    # `django.db.connection` looks it up again in a context-local store.
    return connections[DEFAULT_DB_ALIAS]


def _stored(obj: M, key: Any) -> M:
    obj.pk = key
    obj._state.adding = False
    obj._state.db = DEFAULT_DB_ALIAS
    return obj


@cache
def _upsert_statement(model: type[models.Model], unique: str) -> tuple[list[models.Field], str]:
    fields, insert = _insert_statement(model)
    quote = connection.ops.quote_name
    key = model._meta.get_field(unique)
    assert isinstance(key, models.Field)
    changed = ", ".join(
        f"{quote(field.column)} = excluded.{quote(field.column)}"
        for field in fields
        if field is not key
    )
    head, returning = insert.rsplit(" RETURNING ", 1)
    conflict = f" ON CONFLICT ({quote(key.column)}) DO UPDATE SET {changed}"
    return fields, f"{head}{conflict} RETURNING {returning}"


@cache
def _update_statement(
    model: type[models.Model], names: tuple[str, ...]
) -> tuple[list[models.Field], str]:
    meta, quote = model._meta, connection.ops.quote_name
    fields = [meta.get_field(name) for name in names]
    assert all(isinstance(field, models.Field) for field in fields), names
    chosen = [field for field in fields if isinstance(field, models.Field)]
    columns = ", ".join(f"{quote(field.column)} = %s" for field in chosen)
    table, key = quote(meta.db_table), quote(meta.pk.column)
    return chosen, f"UPDATE {table} SET {columns} WHERE {key} = %s"  # noqa: S608


@cache
def _insert_statement(model: type[models.Model], count: int = 1) -> tuple[list[models.Field], str]:
    meta = model._meta
    # A generated column is the database's to write (as `save()` leaves it out).
    fields = [field for field in meta.concrete_fields if not (field.primary_key or field.generated)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    rows = ", ".join([f"({marks(len(fields))})"] * count)
    table, key = quote(meta.db_table), quote(meta.pk.column)
    sql = f"INSERT INTO {table} ({columns}) VALUES {rows} RETURNING {key}"  # noqa: S608
    return fields, sql


@cache
def _converters(model: type[models.Model], names: tuple[str, ...]) -> list[Conversion]:
    # What the ORM's compiler applies to a selected column: the backend's converters for
    # its field type (aware datetimes on SQLite, booleans), then the field's own (JSON).
    table = model._meta.db_table
    found = []
    for name in names:
        field = model._meta.get_field(name)
        assert isinstance(field, models.Field), name  # a column, not a relation's reverse
        column = Col(table, field)
        converters = connection.ops.get_db_converters(column)
        found.append((column, converters + column.get_db_converters(connection)))
    return found


@cache
def _converting(model: type[models.Model], names: tuple[str, ...]) -> bool:
    """Whether any of these fields' values is converted when read."""
    return any(converters for _column, converters in _converters(model, names))


def _converted(value: Any, conversion: Conversion, db: Any) -> Any:
    column, converters = conversion
    for convert in converters:
        value = convert(value, column, db)
    return value


def instance(model: type[M], fields: Sequence[str], row: Sequence[Any]) -> M:
    """An instance of `model` from part of a raw row (a join's columns for one table), its
    `fields` converted as in `load`."""
    names = tuple(fields)
    return built(model, names, values(model, names, row))


def built(model: type[M], names: tuple[str, ...], converted: Sequence[Any]) -> M:
    """What `model.from_db(DEFAULT_DB_ALIAS, names, converted)` gives (the fields not named
    deferred), without `Model.__init__`: it walks every concrete field to skip the deferred
    ones and sends the init signals, 5 µs an instance against 0.7 µs here; a list page
    builds a hundred. A fresh instance's fields are its `__dict__` entries (as `__init__`
    leaves them; a field missing there is deferred). Models with init signal receivers
    (none of fairdesk's) go through `from_db`."""
    if _has_init_receivers(model):
        return model.from_db(DEFAULT_DB_ALIAS, names, list(converted))
    obj = model.__new__(model)
    state = obj._state = ModelState()
    state.adding, state.db = False, DEFAULT_DB_ALIAS
    obj.__dict__.update(zip(names, converted, strict=True))
    return obj


def _has_init_receivers(model: type[models.Model]) -> bool:
    return signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model)


def columns(model: type[models.Model], fields: Sequence[str], alias: str) -> str:
    """`alias.column, …` for `fields` of `model`, to select them in a fixed statement."""
    return ", ".join(f"{alias}.{model._meta.get_field(name).column}" for name in fields)
