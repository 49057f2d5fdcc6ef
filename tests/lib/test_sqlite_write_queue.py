"""Writers to a SQLite file queue on the file lock beside it (fairdesk.lib.sqlite.base): the
next one gets in when the holder commits or rolls back, never while it writes."""

import fcntl
import gc
import multiprocessing
import os
import signal
import threading
import time
from pathlib import Path

import pytest
from django.db import OperationalError, connections

from fairdesk.lib.sqlite import base
from fairdesk.lib.sqlite.base import CHECKPOINT_EVERY, DatabaseWrapper


@pytest.fixture(autouse=True)
def _own_database_files(django_db_blocker):
    # Connections of the test's own to files in tmp_path, not the test database.
    with django_db_blocker.unblock():
        yield


def _writer(path: Path, *, busy_timeout: float = 30, wal: bool = False) -> DatabaseWrapper:
    settings = dict(connections.settings["default"])
    settings["NAME"] = str(path)
    settings["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": busy_timeout}
    if wal:
        settings["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL"
    return DatabaseWrapper(settings, alias="queued")


def _lock_is_free(path: Path) -> bool:
    probe = os.open(f"{path}.write-lock", os.O_RDWR)
    try:
        fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(probe)
    return True


def _begin(writer: DatabaseWrapper) -> None:
    writer.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def _second_writer_gets_in(path: Path, first: DatabaseWrapper) -> threading.Event:
    """Start a second writer in a thread of its own; the event is set once it is in."""
    inside = threading.Event()

    def run() -> None:
        # No busy timeout: SQLite's own waiting would fail at once, so the file lock waits.
        second = _writer(path, busy_timeout=0)
        _begin(second)
        inside.set()
        second.cursor().execute("INSERT INTO note (body) VALUES ('second')")
        second.commit()
        second.close()

    threading.Thread(target=run, daemon=True).start()
    return inside


@pytest.mark.parametrize("ending", ["commit", "rollback"])
def test_a_second_writer_waits_for_the_first_to_end(tmp_path, ending):
    path = tmp_path / "queued.sqlite3"
    first = _writer(path)
    first.cursor().execute("CREATE TABLE note (body TEXT)")
    _begin(first)
    first.cursor().execute("INSERT INTO note (body) VALUES ('first')")
    assert not _lock_is_free(path)  # taken at BEGIN, before SQLite's own lock
    inside = _second_writer_gets_in(path, first)
    time.sleep(0.2)
    assert not inside.is_set()  # queued on the file lock while the first one writes
    getattr(first, ending)()
    assert inside.wait(timeout=10)
    first.set_autocommit(True)
    time.sleep(0.1)
    rows = [row[0] for row in first.cursor().execute("SELECT body FROM note ORDER BY rowid")]
    assert rows == (["first", "second"] if ending == "commit" else ["second"])
    first.close()
    assert _lock_is_free(path)


def test_a_writer_that_closes_its_connection_lets_the_next_in(tmp_path):
    path = tmp_path / "queued.sqlite3"
    first = _writer(path)
    first.cursor().execute("CREATE TABLE note (body TEXT)")
    _begin(first)
    assert not _lock_is_free(path)
    inside = _second_writer_gets_in(path, first)
    time.sleep(0.1)
    assert not inside.is_set()
    first.close()
    assert inside.wait(timeout=10)
    time.sleep(0.1)
    assert _lock_is_free(path)


def test_a_write_outside_a_transaction_waits_its_turn_too(tmp_path):
    path = tmp_path / "queued.sqlite3"
    first = _writer(path)
    first.cursor().execute("CREATE TABLE note (body TEXT)")
    _begin(first)
    first.cursor().execute("INSERT INTO note (body) VALUES ('first')")
    done = threading.Event()

    def run() -> None:
        single = _writer(path, busy_timeout=0)  # SQLite alone would fail "database is locked"
        single.cursor().execute("INSERT INTO note (body) VALUES ('single')")
        single.close()
        done.set()

    threading.Thread(target=run, daemon=True).start()
    time.sleep(0.2)
    assert not done.is_set()
    first.commit()
    assert done.wait(timeout=10)
    first.set_autocommit(True)
    rows = [row[0] for row in first.cursor().execute("SELECT body FROM note ORDER BY rowid")]
    assert rows == ["first", "single"]
    first.close()
    assert _lock_is_free(path)


def test_the_wal_is_copied_into_the_database_by_the_writers_after_they_let_go(tmp_path):
    path = tmp_path / "queued.sqlite3"
    writer = _writer(path, wal=True)
    writer.cursor().execute("CREATE TABLE note (body TEXT)")
    # SQLite's own checkpoint (inside a COMMIT, under the file lock) is off.
    assert writer.cursor().execute("PRAGMA wal_autocheckpoint").fetchone() == (0,)
    size = path.stat().st_size
    for number in range(CHECKPOINT_EVERY):
        if number == CHECKPOINT_EVERY - 1:
            assert path.stat().st_size == size  # every row still in the WAL alone
        _begin(writer)
        writer.cursor().execute("INSERT INTO note (body) VALUES (%s)", ["x" * 4000])
        writer.commit()
        writer.set_autocommit(True)
    assert _lock_is_free(path)
    # The last commit's checkpoint copied the rows into the database file.
    assert path.stat().st_size > size + (CHECKPOINT_EVERY - 1) * 4000
    writer.close()


def _wal_frames(path: Path) -> int:
    """How many frames the WAL file has room for: its longest length since it was cut back."""
    wal = Path(f"{path}-wal")
    return max(wal.stat().st_size - 32, 0) // (4096 + 24) if wal.exists() else 0


def _write_notes(path: str, commits: int) -> None:
    writer = _writer(Path(path), wal=True)
    for _ in range(commits):
        _begin(writer)
        writer.cursor().execute("INSERT INTO note (body) VALUES (%s)", ["x" * 3000])
        writer.commit()
        writer.set_autocommit(True)
    writer.close()


def test_the_wal_starts_over_while_writers_follow_each_other_without_a_pause(tmp_path, monkeypatch):
    # Each writer's checkpoint runs after it lets go, while the next one already writes, so
    # it never finds the WAL all copied; at RESTART_FRAMES the rest is copied under the lock.
    # Processes, as the server's workers are (threads would take turns on the GIL instead).
    monkeypatch.setattr("fairdesk.lib.sqlite.base.RESTART_FRAMES", 64)
    path = tmp_path / "queued.sqlite3"
    # Open all along: the last connection to close would checkpoint and remove the WAL.
    observer = _writer(path, wal=True)
    observer.cursor().execute("CREATE TABLE note (body TEXT)")
    commits = 600
    context = multiprocessing.get_context("fork")
    writers = [context.Process(target=_write_notes, args=(str(path), commits)) for _ in range(3)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=60)
        assert writer.exitcode == 0
    # 1,800 commits wrote about 5,000 frames; a WAL that never started over holds them all.
    assert _wal_frames(path) < 1000
    assert observer.cursor().execute("SELECT count(*) FROM note").fetchone() == (3 * commits,)
    observer.close()


@pytest.mark.parametrize("ending", ["commit", "rollback"])
def test_a_server_worker_collects_no_garbage_while_it_holds_the_write_lock(
    tmp_path, monkeypatch, ending
):
    monkeypatch.setattr(base, "COLLECT_WHILE_WRITING", False)  # as `fairdesk serve` sets it
    writer = _writer(tmp_path / "queued.sqlite3")
    writer.cursor().execute("CREATE TABLE note (body TEXT)")
    assert gc.isenabled()
    _begin(writer)
    writer.cursor().execute("INSERT INTO note (body) VALUES ('first')")
    assert not gc.isenabled()
    getattr(writer, ending)()
    assert gc.isenabled()  # the collection that came due runs now, the lock let go
    writer.set_autocommit(True)
    writer.cursor().execute("INSERT INTO note (body) VALUES ('single')")
    assert gc.isenabled()
    writer.close()


def test_a_collector_turned_off_by_someone_else_stays_off(tmp_path, monkeypatch):
    monkeypatch.setattr(base, "COLLECT_WHILE_WRITING", False)
    writer = _writer(tmp_path / "queued.sqlite3")
    writer.cursor().execute("CREATE TABLE note (body TEXT)")
    gc.disable()
    try:
        _begin(writer)
        writer.commit()
        assert not gc.isenabled()
    finally:
        gc.enable()
        writer.close()


def test_elsewhere_the_collector_runs_inside_a_write_transaction(tmp_path):
    # A long import must collect as it goes.
    writer = _writer(tmp_path / "queued.sqlite3")
    writer.cursor().execute("CREATE TABLE note (body TEXT)")
    _begin(writer)
    assert gc.isenabled()
    writer.commit()
    writer.close()


def _held_by_another(path: Path) -> int:
    """The write lock held through a descriptor of its own, as another process would."""
    holder = os.open(f"{path}.write-lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(holder, fcntl.LOCK_EX)
    return holder


def test_a_writer_behind_a_stuck_holder_gives_up_after_its_busy_timeout(tmp_path):
    path = tmp_path / "queued.sqlite3"
    setup = _writer(path)
    setup.cursor().execute("CREATE TABLE note (body TEXT)")
    setup.close()
    holder = _held_by_another(path)
    writer = _writer(path, busy_timeout=0.3)
    started = time.monotonic()
    with pytest.raises(OperationalError, match="database is locked"):
        _begin(writer)
    assert 0.25 < time.monotonic() - started < 5
    assert not writer._locked
    with pytest.raises(OperationalError, match="database is locked"):
        writer.cursor().execute("INSERT INTO note (body) VALUES ('outside')")
    fcntl.flock(holder, fcntl.LOCK_UN)
    os.close(holder)
    # Nothing was left behind: the same connection writes once the lock is free.
    writer.set_autocommit(True)
    writer.cursor().execute("INSERT INTO note (body) VALUES ('later')")
    assert [row[0] for row in writer.cursor().execute("SELECT body FROM note")] == ["later"]
    writer.close()
    assert _lock_is_free(path)


def test_a_writer_leaves_someone_elses_alarm_alone(tmp_path):
    path = tmp_path / "queued.sqlite3"
    rang = []
    previous = signal.signal(signal.SIGALRM, lambda *_: rang.append(True))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        writer = _writer(path, busy_timeout=0.1)
        _begin(writer)  # the lock is free: taken at once, the alarm untouched
        writer.cursor().execute("CREATE TABLE note (body TEXT)")
        writer.commit()
        writer.close()
        assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] <= 0.5
        time.sleep(0.7)
        assert rang == [True]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
