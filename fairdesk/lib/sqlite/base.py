"""Django's SQLite backend, with writers queued on a file lock instead of SQLite's busy sleeps.

The settings begin every transaction with `BEGIN IMMEDIATE`, so a transaction holds SQLite's
write lock from its first statement to its COMMIT, and a second writer waits in SQLite's busy
handler. That handler polls: it sleeps 1, 2, 5, 10, 15, 20, 25 … ms between tries and cannot
know when the lock frees, so a writer behind a 10 ms transaction typically wakes several
milliseconds after its turn came, while the lock stands unused. Here each connection first
takes an exclusive `flock` on a file beside the database (`<name>.write-lock`) and only then
sends `BEGIN IMMEDIATE`: the kernel wakes the next waiter the moment the holder lets go at
COMMIT or ROLLBACK, in the order they came. A writing statement outside a transaction (a
task enqueued after commit, a read logged) takes the same lock for its one statement, so the
busy handler is left for other programs.

A process that dies lets go of its lock with its file descriptors. An in-memory database (the
tests) has nobody else to wait for, so it takes no lock.
"""

import fcntl
import functools
import os
from typing import Any

from django.db.backends.sqlite3 import base

# django-stubs leaves out the backend's transaction methods and the cursor's query rewrite
# that these classes extend.
_SQLiteWrapper: Any = base.DatabaseWrapper
_SQLiteCursor: Any = base.SQLiteCursorWrapper


# The statements that write; what else runs outside a transaction (reads, PRAGMAs) needs
# no write lock.
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class _Cursor(_SQLiteCursor):
    """Django rewrites a statement's `%s` marks to SQLite's `?` with a regular expression on
    every run; the statements repeat (the ORM's and the fixed ones), so each rewrite is kept."""

    def convert_query(self, query: str, *, param_names: list | None = None) -> str:
        if param_names is None:
            return _qmark(query)
        return super().convert_query(query, param_names=param_names)


@functools.lru_cache(maxsize=1024)
def _qmark(query: str) -> str:
    return base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")


class DatabaseWrapper(_SQLiteWrapper):
    _lock_fd: int | None = None
    _locked = False

    def create_cursor(self, name: str | None = None) -> _Cursor:
        return self.connection.cursor(factory=_Cursor)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.execute_wrappers.append(self._queue_single_write)

    def _queues(self) -> bool:
        return self.transaction_mode == "IMMEDIATE" and not self.is_in_memory_db()

    def _queue_single_write(self, execute, sql, params, many, context):  # noqa: ANN001, ANN202
        """A writing statement outside a transaction waits its turn like a transaction."""
        if not self.autocommit or self._locked or not self._queues():
            return execute(sql, params, many, context)
        if not sql.lstrip()[:7].upper().startswith(WRITES):
            return execute(sql, params, many, context)
        self._take_write_lock()
        try:
            return execute(sql, params, many, context)
        finally:
            self._let_go()

    def _start_transaction_under_autocommit(self) -> None:
        if self._queues():
            self._take_write_lock()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._let_go()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()
        finally:
            self._let_go()

    def _rollback(self) -> None:
        try:
            super()._rollback()
        finally:
            self._let_go()

    def _close(self) -> None:
        try:
            super()._close()
        finally:
            self._let_go()
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None

    def _take_write_lock(self) -> None:
        if self._lock_fd is None:
            path = f"{self.settings_dict['NAME']}.write-lock"
            self._lock_fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
        self._locked = True

    def _let_go(self) -> None:
        if self._locked and self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
        self._locked = False
