"""How long each write transaction waited for SQLite's write lock and how long it held it.

A bench tool, not part of fairdesk: `install(folder)` wraps the SQLite backend's BEGIN,
COMMIT and ROLLBACK with timers; each process appends "wait_ms hold_ms cpu_ms" lines (cpu:
the process's CPU time while holding) to its own file in `folder`, and `summary(folder)`
reads them all. Wait is from asking for BEGIN IMMEDIATE until it returned (the file lock
included); hold is from then until COMMIT or ROLLBACK returned (on fairdesk's SQLite backend,
until the file lock was let go).

On fairdesk's SQLite backend each process also appends "asked got let_go" (seconds on the
machine's monotonic clock) for every hold of the file lock, a single write's included, to
its `.holds` file, and `summary` prints how much of the run the lock was held and how long it
stood free between a writer letting go and the next, already waiting, taking it.
"""

import atexit
import os
import statistics
import time
from pathlib import Path


def flush() -> None:
    """Write what this process has timed so far (replaced by `install`)."""


def install(folder: Path) -> None:
    from django.db import connections

    wrapper = type(connections["default"])
    commit, rollback = wrapper._commit, wrapper._rollback
    lines: list[str] = []
    holds: list[str] = []
    started: dict[int, tuple[float, float, float]] = {}

    def timed(begin):  # noqa: ANN001, ANN202
        def timed_begin(self, *args) -> None:  # noqa: ANN001
            asked = time.perf_counter()
            begin(self, *args)
            if not args or args == (False,):  # PostgreSQL's: only autocommit turned off
                started[id(self)] = (asked, time.perf_counter(), time.process_time())

        return timed_begin

    def ended(self, at: float | None = None) -> None:
        if (times := started.pop(id(self), None)) is not None:
            asked, got, cpu = times
            wall = ((at or time.perf_counter()) - got) * 1000
            cpu_ms = (time.process_time() - cpu) * 1000
            lines.append(f"{(got - asked) * 1000:.3f} {wall:.3f} {cpu_ms:.3f}\n")
            if len(lines) >= 20 or len(holds) >= 40:
                write()

    def timed_commit(self) -> None:
        try:
            commit(self)
        finally:
            ended(self)

    def timed_rollback(self) -> None:
        try:
            rollback(self)
        finally:
            ended(self)

    def write() -> None:
        if lines and folder.exists():  # an in-process run's folder is gone at exit
            with open(folder / f"{os.getpid()}.txt", "a") as out:
                out.writelines(lines)
            with open(folder / f"{os.getpid()}.holds", "a") as out:
                out.writelines(holds)
        lines.clear()
        holds.clear()

    global flush
    flush = write
    if hasattr(wrapper, "_start_transaction_under_autocommit"):  # SQLite
        wrapper._start_transaction_under_autocommit = timed(
            wrapper._start_transaction_under_autocommit
        )
    else:  # PostgreSQL: a transaction begins when autocommit is turned off
        wrapper._set_autocommit = timed(wrapper._set_autocommit)
    if hasattr(wrapper, "_let_go"):
        # fairdesk's SQLite backend: the hold ends when the file lock is let go, before the
        # checkpoint that may follow a commit outside the lock.
        take, let_go = wrapper._take_write_lock, wrapper._let_go
        taken: dict[int, tuple[float, float]] = {}

        def timed_take(self) -> None:
            asked = time.perf_counter()
            take(self)
            taken[id(self)] = (asked, time.perf_counter())

        def timed_let_go(self) -> None:
            # Timed before the lock is let go: right after it, the kernel often runs the
            # writer it woke in this process's place, and a later reading would overlap the
            # next hold.
            locked, now = self._locked, time.perf_counter()
            let_go(self)
            if locked and (times := taken.pop(id(self), None)) is not None:
                holds.append(f"{times[0]:.6f} {times[1]:.6f} {now:.6f}\n")
            ended(self, now)

        wrapper._take_write_lock = timed_take

        wrapper._let_go = timed_let_go
    else:
        wrapper._commit = timed_commit
        wrapper._rollback = timed_rollback
    atexit.register(write)


def _rows(folder: Path, files: str = "*.txt") -> list[tuple[float, ...]]:
    return [
        tuple(float(x) for x in line.split())
        for path in folder.glob(files)
        for line in path.read_text().splitlines()
    ]


def handoffs(folder: Path) -> str:
    """The file lock's holds from all processes in order: the share of the time from the
    first ask to the last let-go that it was held, and the gap from one holder's let-go to
    the next holder's taking it when that one was already waiting."""
    holds = sorted(_rows(folder, "*.holds"), key=lambda hold: hold[1])
    if len(holds) < 2:
        return ""
    held = sum(let_go - got for _asked, got, let_go in holds)
    span = holds[-1][2] - min(asked for asked, _got, _let_go in holds)
    gaps = [
        (after[1] - before[2]) * 1000
        for before, after in zip(holds, holds[1:], strict=False)
        if after[0] < before[2]
    ]
    return (
        f"file lock: {len(holds)} holds, held {held / span:.0%} of the run;"
        f" {len(gaps)} taken by a waiter, free in between median"
        f" {statistics.median(gaps):.3f}, p95 {statistics.quantiles(gaps, n=100)[94]:.3f} ms"
        if len(gaps) >= 2
        else ""
    )


def cpu_inside(folder: Path) -> float:
    """CPU ms spent inside write transactions, all of them together."""
    return sum(row[2] for row in _rows(folder))


def summary(folder: Path) -> str:
    rows = _rows(folder)
    if len(rows) < 2:
        return "lock: no transactions recorded"
    waits, holds, cpus = zip(*rows, strict=True)

    def cut(values: tuple[float, ...]) -> str:
        q = statistics.quantiles(values, n=100)
        return f"median {statistics.median(values):.1f}, p95 {q[94]:.1f} ms"

    return (
        f"write lock over {len(rows)} transactions: waited {cut(waits)}; held {cut(holds)}"
        f" (of which CPU in this process {cut(cpus)})"
    )
