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
tests) has nobody else to wait for, so it takes no lock. A process that is alive but stuck
inside a transaction would hold it for ever, so a writer waits at most the busy timeout
SQLite itself would have waited ("timeout" in the options), then fails with SQLite's own
"database is locked". `flock` has no timeout: an alarm signal interrupts the wait, which
only the main thread can receive, so a writer in another thread (the development server)
waits without a bound, as does one whose process has an alarm of its own set.

The WAL's checkpoint is run after the lock is let go. SQLite runs it inside the COMMIT that
brings the WAL to 1,000 pages (about every tenth new case): it copies the pages into the
database and syncs both files, 5–20 ms during which the file lock would still be held and
every other writer wait. So a connection that queues turns SQLite's automatic checkpoint off
and runs the same PASSIVE checkpoint itself (it never blocks a writer or a reader) after
every CHECKPOINT_EVERY of its commits, once it has let go of the lock.

SQLite starts the WAL over only for a writer that finds every frame of it copied, and a
checkpoint run outside the lock is always a step behind: while it copies, the next writer is
already writing. Under a steady stream of writes the WAL would then never start over; it
grew to 520 MB in a minute of creates, and every page a transaction reads is looked up in
one more hash table of the WAL's index per 4,096 frames. So once the WAL is RESTART_FRAMES
long, the connection copies what is left while holding the lock (only what came in since
its own checkpoint), and the next writer starts the WAL from its beginning.

Python's cyclic garbage collector runs whenever enough objects have been made, inside a
transaction as anywhere: in a web worker a full collection took 65–120 ms, and when it fell
inside a write transaction every other writer waited through it (4–6 % of a run of creates).
So where COLLECT_WHILE_WRITING is off (`fairdesk serve` turns it off: a request's write is
short and bounded), a connection pauses the collector while it holds the write lock, and the
collection due runs after it lets go.
"""

import contextlib
import fcntl
import functools
import gc
import os
import signal
import sqlite3
import threading
from collections.abc import Iterator
from typing import Any

from django.db.backends.sqlite3 import base
from django.db.utils import OperationalError

# django-stubs leaves out the backend's transaction methods and the cursor's query rewrite
# that these classes extend.
_SQLiteWrapper: Any = base.DatabaseWrapper
_SQLiteCursor: Any = base.SQLiteCursorWrapper


# The statements that write; what else runs outside a transaction (reads, PRAGMAs) needs
# no write lock.
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")

# A connection's commits between its checkpoints: a new case writes about 100 pages (its
# rows and their indexes, the search index's segments), so this is about SQLite's own 1,000
# pages in a process that writes alone; several processes checkpoint the one WAL in turns.
CHECKPOINT_EVERY = 16
# The WAL's length, in frames (pages), from which it is made to start over: one hash table
# of its index. Its file is cut back to JOURNAL_LIMIT bytes when it does.
RESTART_FRAMES = 4096
JOURNAL_LIMIT = 32 * 2**20
# Whether the holder of the write lock lets the garbage collector run; off only in processes
# whose write transactions are short (a long import must still collect as it goes).
COLLECT_WHILE_WRITING = True


class _Cursor(_SQLiteCursor):
    """Django rewrites a statement's `%s` marks to SQLite's `?` with a regular expression on
    every run; the statements repeat (the ORM's and the fixed ones), so each rewrite is kept."""

    def convert_query(self, query: str, *, param_names: list | None = None) -> str:
        if param_names is None:
            return _qmark(query)
        return super().convert_query(query, param_names=param_names)


class _GaveUp(Exception):
    pass


def _lock_within(fd: int, seconds: float) -> None:
    """Take the exclusive lock on `fd`, waiting at most `seconds` where an alarm can end the
    wait (see the module's text); 0 sets no bound."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        pass
    bounded = seconds > 0 and threading.current_thread() is threading.main_thread()
    if not bounded or signal.getitimer(signal.ITIMER_REAL)[0]:
        fcntl.flock(fd, fcntl.LOCK_EX)
        return
    waiting = True

    def ring(_signum: int, _frame: object) -> None:
        if waiting:
            raise _GaveUp

    previous = signal.signal(signal.SIGALRM, ring)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        fcntl.flock(fd, fcntl.LOCK_EX)
        waiting = False
    except _GaveUp:
        # The alarm can ring just after the lock was taken, before `waiting` is cleared.
        fcntl.flock(fd, fcntl.LOCK_UN)
        raise OperationalError("database is locked") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@functools.lru_cache(maxsize=1024)
def _qmark(query: str) -> str:
    return base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")


class DatabaseWrapper(_SQLiteWrapper):
    _lock_fd: int | None = None
    _locked = False
    _paused_collector = False
    # Commits since this connection's last checkpoint (None: SQLite checkpoints on its own).
    _commits: int | None = None

    def create_cursor(self, name: str | None = None) -> _Cursor:
        return self.connection.cursor(factory=_Cursor)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.execute_wrappers.append(self._queue_single_write)

    def _queues(self) -> bool:
        return self.transaction_mode == "IMMEDIATE" and not self.is_in_memory_db()

    def get_new_connection(self, conn_params: dict) -> Any:
        connection = super().get_new_connection(conn_params)
        self._commits = None
        if self._queues():
            connection.execute("PRAGMA wal_autocheckpoint=0")
            connection.execute(f"PRAGMA journal_size_limit={JOURNAL_LIMIT}")
            self._commits = 0
        return connection

    def _queue_single_write(self, execute, sql, params, many, context):  # noqa: ANN001, ANN202
        """A writing statement outside a transaction waits its turn like a transaction."""
        if not self.autocommit or self._locked or not self._queues():
            return execute(sql, params, many, context)
        if not sql.lstrip()[:7].upper().startswith(WRITES):
            return execute(sql, params, many, context)
        with self._write_lock():
            result = execute(sql, params, many, context)
        self._committed()
        return result

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
        self._committed()

    def _committed(self) -> None:
        """Count a commit; every CHECKPOINT_EVERY, checkpoint outside the write lock, and
        once the WAL is RESTART_FRAMES long, copy its rest under the lock."""
        if self._commits is None:
            return
        self._commits += 1
        if self._commits < CHECKPOINT_EVERY:
            return
        self._commits = 0
        if self._checkpoint() >= RESTART_FRAMES:
            with self._write_lock():
                self._checkpoint()

    def _checkpoint(self) -> int:
        """A PASSIVE checkpoint: it copies what no reader still needs and waits for nobody;
        what it leaves is copied by the next one. The WAL's length in frames (-1: another
        process's checkpoint is running). The commit is done: a checkpoint that cannot run
        now must not turn it into an error."""
        try:
            _busy, frames, _copied = self.connection.execute(
                "PRAGMA wal_checkpoint(PASSIVE)"
            ).fetchone()
        except sqlite3.Error:
            return -1
        return frames

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

    @contextlib.contextmanager
    def _write_lock(self) -> Iterator[None]:
        """Hold the write lock for one piece of work outside a transaction."""
        self._take_write_lock()
        try:
            yield
        finally:
            self._let_go()

    def _take_write_lock(self) -> None:
        if self._lock_fd is None:
            path = f"{self.settings_dict['NAME']}.write-lock"
            self._lock_fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        _lock_within(self._lock_fd, self.settings_dict["OPTIONS"].get("timeout", 5))
        self._locked = True
        if not COLLECT_WHILE_WRITING and gc.isenabled():
            gc.disable()
            self._paused_collector = True

    def _let_go(self) -> None:
        if self._locked and self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
        self._locked = False
        if self._paused_collector:
            self._paused_collector = False
            gc.enable()
