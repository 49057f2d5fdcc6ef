import django.db.models.deletion
from django.db import migrations, models

# SQLite: an FTS5 index over search_casetext (external content: the text is stored once,
# in search_casetext), kept in step by triggers as the SQLite documentation shows.
SQLITE_UP = [
    """CREATE VIRTUAL TABLE search_casetext_fts USING fts5(
        title, public, internal,
        content='search_casetext', content_rowid='case_id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER search_casetext_ai AFTER INSERT ON search_casetext BEGIN
        INSERT INTO search_casetext_fts(rowid, title, public, internal)
        VALUES (new.case_id, new.title, new.public, new.internal);
    END""",
    """CREATE TRIGGER search_casetext_ad AFTER DELETE ON search_casetext BEGIN
        INSERT INTO search_casetext_fts(search_casetext_fts, rowid, title, public, internal)
        VALUES ('delete', old.case_id, old.title, old.public, old.internal);
    END""",
    """CREATE TRIGGER search_casetext_au AFTER UPDATE ON search_casetext BEGIN
        INSERT INTO search_casetext_fts(search_casetext_fts, rowid, title, public, internal)
        VALUES ('delete', old.case_id, old.title, old.public, old.internal);
        INSERT INTO search_casetext_fts(rowid, title, public, internal)
        VALUES (new.case_id, new.title, new.public, new.internal);
    END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_casetext_au",
    "DROP TRIGGER IF EXISTS search_casetext_ad",
    "DROP TRIGGER IF EXISTS search_casetext_ai",
    "DROP TABLE IF EXISTS search_casetext_fts",
]


def _vector(column: str, weight: str) -> str:
    return (
        f"setweight(to_tsvector('german'::regconfig, {column})"
        f" || to_tsvector('english'::regconfig, {column}), '{weight}')"
    )


# PostgreSQL: German and English stems of every word, the title weighted highest.
PUBLIC_DOC = f"{_vector('title', 'A')} || {_vector('public', 'B')}"
POSTGRES_UP = [
    f"""ALTER TABLE search_casetext
        ADD COLUMN public_doc tsvector GENERATED ALWAYS AS ({PUBLIC_DOC}) STORED,
        ADD COLUMN all_doc tsvector GENERATED ALWAYS AS
            ({PUBLIC_DOC} || {_vector('internal', 'C')}) STORED""",
    "CREATE INDEX search_casetext_public_doc ON search_casetext USING gin (public_doc)",
    "CREATE INDEX search_casetext_all_doc ON search_casetext USING gin (all_doc)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS search_casetext_all_doc",
    "DROP INDEX IF EXISTS search_casetext_public_doc",
    "ALTER TABLE search_casetext DROP COLUMN IF EXISTS all_doc, DROP COLUMN IF EXISTS public_doc",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cases", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="CaseText",
            fields=[
                (
                    "case",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_text",
                        serialize=False,
                        to="cases.case",
                    ),
                ),
                ("title", models.TextField(blank=True)),
                ("public", models.TextField(blank=True)),
                ("internal", models.TextField(blank=True)),
            ],
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        ),
    ]
