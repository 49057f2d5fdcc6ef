"""`make check`'s way past migrating: each test worker starts from a copy of a database
migrated once, as long as nothing that shapes the migrated database has changed since.

Migrating the ~90 migrations costs each worker about six seconds of CPU, a tenth of the quick
run. The first worker of a run with changed migrations (or settings, or Django, or a module a
migration imports) migrates for real and keeps the result beside the checkout's virtualenv; the next
workers and runs load it with SQLite's backup. `make test` never takes this path: it always
migrates, so a stale copy could at worst mislead the quick loop, never CI.
"""

import fcntl
import hashlib
import os
import re
import sqlite3
from contextlib import closing
from pathlib import Path

import django
from django.core.management.commands import migrate
from django.db import connections

ROOT = Path(__file__).resolve().parent.parent
KEPT = ROOT / ".venv"  # this checkout's own, and never committed
SWITCH = "FAIRDESK_TEST_DB_TEMPLATE"
IMPORTED = re.compile(r"^\s*(?:from|import) (fairdesk(?:\.\w+)+)", re.MULTILINE)


def wanted() -> bool:
    return os.environ.get(SWITCH) == "1"


def install() -> None:
    """Make the next `migrate` (the test database's creation) load the kept copy or keep one."""
    original = migrate.Command.handle

    def handle(self, *args, **options):
        migrate.Command.handle = original  # only the creation: tests may migrate themselves
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            return original(self, *args, **options)
        path = KEPT / f"test-db-{_fingerprint()}.sqlite3"
        with open(path.with_suffix(".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # the other worker waits for the first copy
            connection.ensure_connection()
            if path.exists():
                with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as kept:
                    kept.backup(connection.connection)
                return None
            original(self, *args, **options)
            _keep(connection.connection, path)
        return None

    migrate.Command.handle = handle


def _keep(source: sqlite3.Connection, path: Path) -> None:
    for old in path.parent.glob("test-db-*"):
        if old.stem != path.stem:
            old.unlink(missing_ok=True)
    part = path.with_suffix(".part")
    with closing(sqlite3.connect(part)) as copy:
        source.backup(copy)
    os.replace(part, path)


def _fingerprint() -> str:
    """What the migrated database depends on: the migrations, the modules they import, the
    settings and Django itself."""
    migrations = sorted(ROOT.glob("fairdesk/**/migrations/*.py"))
    modules = {m for path in migrations for m in IMPORTED.findall(path.read_text())}
    files = migrations + [ROOT / "fairdesk/settings.py", ROOT / "tests/settings.py"]
    files += [_source(module) for module in sorted(modules)]
    digest = hashlib.sha256(django.__version__.encode())
    for path in files:
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _source(module: str) -> Path:
    path = ROOT.joinpath(*module.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
