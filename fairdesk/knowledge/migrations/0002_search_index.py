"""The full-text index of knowledge_articletext, as fairdesk.search keeps the cases' one.

SQLite: an FTS5 index (external content: the text is stored once, in the table) kept in step
by triggers; the rows are few and change only when an article is published. PostgreSQL: a
generated tsvector of German and English stems, the title weighted higher, with a GIN index.
"""

from django.db import migrations

SQLITE_UP = [
    """CREATE VIRTUAL TABLE knowledge_articletext_fts USING fts5(
        title, body,
        content='knowledge_articletext', content_rowid='article_id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER knowledge_articletext_ai AFTER INSERT ON knowledge_articletext BEGIN
        INSERT INTO knowledge_articletext_fts(rowid, title, body)
        VALUES (new.article_id, new.title, new.body);
    END""",
    """CREATE TRIGGER knowledge_articletext_ad AFTER DELETE ON knowledge_articletext BEGIN
        INSERT INTO knowledge_articletext_fts(knowledge_articletext_fts, rowid, title, body)
        VALUES ('delete', old.article_id, old.title, old.body);
    END""",
    """CREATE TRIGGER knowledge_articletext_au AFTER UPDATE ON knowledge_articletext BEGIN
        INSERT INTO knowledge_articletext_fts(knowledge_articletext_fts, rowid, title, body)
        VALUES ('delete', old.article_id, old.title, old.body);
        INSERT INTO knowledge_articletext_fts(rowid, title, body)
        VALUES (new.article_id, new.title, new.body);
    END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS knowledge_articletext_au",
    "DROP TRIGGER IF EXISTS knowledge_articletext_ad",
    "DROP TRIGGER IF EXISTS knowledge_articletext_ai",
    "DROP TABLE IF EXISTS knowledge_articletext_fts",
]


def _vector(column: str, weight: str) -> str:
    return (
        f"setweight(to_tsvector('german'::regconfig, {column})"
        f" || to_tsvector('english'::regconfig, {column}), '{weight}')"
    )


POSTGRES_UP = [
    f"""ALTER TABLE knowledge_articletext ADD COLUMN doc tsvector
        GENERATED ALWAYS AS ({_vector("title", "A")} || {_vector("body", "B")}) STORED""",
    "CREATE INDEX knowledge_articletext_doc ON knowledge_articletext USING gin (doc)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS knowledge_articletext_doc",
    "ALTER TABLE knowledge_articletext DROP COLUMN IF EXISTS doc",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
