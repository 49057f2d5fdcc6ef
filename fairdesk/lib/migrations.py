"""Operations for our migrations where Django's own would cost a table's rebuild."""

from django.db import migrations
from django.db.models import Field


def index_dropped(
    model: str, name: str, field: Field, *, table: str, column: str, indexes: list[str]
) -> migrations.SeparateDatabaseAndState:
    """Field `name` of `model`, now `field` (`db_index=False`), loses its own index, named
    `indexes` (Django's names, the same on both backends; PostgreSQL adds a `_like` one for
    text). On SQLite, Django's AlterField would copy the whole table to drop one index."""
    drop = tuple(f'DROP INDEX IF EXISTS "{index}"' for index in indexes)
    create = f'CREATE INDEX "{indexes[0]}" ON "{table}" ("{column}")'
    return migrations.SeparateDatabaseAndState(
        database_operations=[migrations.RunSQL(drop, create)],
        state_operations=[migrations.AlterField(model_name=model, name=name, field=field)],
    )
