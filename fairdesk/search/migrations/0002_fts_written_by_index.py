"""SQLite: fairdesk.search.index writes the FTS5 index itself, a batch at a time.

Row triggers made FTS5 write each row out on its own (every trigger statement is a
savepoint, and FTS5 flushes its pending terms at each one): a full reindex spent most of
its time there. Deleting a case still goes through the delete trigger, which stays.
"""

from django.db import migrations

DROP = [
    "DROP TRIGGER IF EXISTS search_casetext_ai",
    "DROP TRIGGER IF EXISTS search_casetext_au",
]
RESTORE = [
    """CREATE TRIGGER search_casetext_ai AFTER INSERT ON search_casetext BEGIN
        INSERT INTO search_casetext_fts(rowid, title, public, internal)
        VALUES (new.case_id, new.title, new.public, new.internal);
    END""",
    """CREATE TRIGGER search_casetext_au AFTER UPDATE ON search_casetext BEGIN
        INSERT INTO search_casetext_fts(search_casetext_fts, rowid, title, public, internal)
        VALUES ('delete', old.case_id, old.title, old.public, old.internal);
        INSERT INTO search_casetext_fts(rowid, title, public, internal)
        VALUES (new.case_id, new.title, new.public, new.internal);
    END""",
]


def _on_sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(_on_sqlite(DROP), _on_sqlite(RESTORE)),
    ]
