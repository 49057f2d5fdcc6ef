"""Operations for our migrations where Django's own would cost a table's rebuild."""

from django.db import migrations
from django.db.models import Field

# PostgreSQL gives an indexed text column a second index for LIKE 'prefix%' lookups.
_LIKE = "_like"


def index_dropped(
    model: str, name: str, field: Field, *, table: str, column: str, indexes: list[str]
) -> migrations.SeparateDatabaseAndState:
    """Field `name` of `model`, now `field` (`db_index=False`), loses its own index, named
    `indexes` (Django's names, the same on both backends; PostgreSQL adds a `_like` one for
    text). On SQLite, Django's AlterField would copy the whole table to drop one index."""

    def drop(apps, schema_editor) -> None:
        for index in indexes:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{index}"')

    def restore(apps, schema_editor) -> None:
        postgres = schema_editor.connection.vendor == "postgresql"
        for index in indexes:
            if not index.endswith(_LIKE):
                schema_editor.execute(f'CREATE INDEX "{index}" ON "{table}" ("{column}")')
            elif postgres:
                schema_editor.execute(
                    f'CREATE INDEX "{index}" ON "{table}" ("{column}" varchar_pattern_ops)'
                )

    return migrations.SeparateDatabaseAndState(
        database_operations=[migrations.RunPython(drop, restore)],
        state_operations=[migrations.AlterField(model_name=model, name=name, field=field)],
    )
