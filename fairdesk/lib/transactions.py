"""Service transactions: one transaction per outermost service call, no savepoints for the
services it calls, and work collected on the way done once at its end.

Why not plain `@transaction.atomic` on every service: nested services then each open a
savepoint (two statements each, a dozen per new case) that nothing ever rolls back to on its
own, since no service catches another's error and goes on. And why collect work: the search
index of a case was rebuilt after each of its timeline entries, three or four times per new
case; now it is rebuilt once, just before the outermost service returns, inside its
transaction (so a search right after the call finds the write, and a rollback undoes both).
Work collected with `at_last` runs after all the other collected work: a write that locks a
row other calls want too (a team's queue row on PostgreSQL) holds it only from there to the
COMMIT.
"""

import functools
import threading
from collections.abc import Callable, Hashable
from typing import Any, ParamSpec, TypeVar

from django.db import transaction

P = ParamSpec("P")
R = TypeVar("R")

# Per thread (a thread has its own database connection): key → (flush, items collected),
# in `scope` the work for the end; in `last` the work after it, key → (flush, items, rank).
_local = threading.local()
# Per thread: what the outermost service call has read or noted, forgotten when it ends.
_memos = threading.local()

T = TypeVar("T")


Collected = dict[str, tuple[Callable[[Any], None], Any]]
Last = dict[str, tuple[Callable[[list], None], list, int]]


def _scope() -> Collected | None:
    return getattr(_local, "scope", None)


def _last() -> Last:
    return _local.last


def service(func: Callable[P, R]) -> Callable[P, R]:
    """Run `func` in a transaction: its own when outermost, its caller's otherwise.

    The outermost call keeps `transaction.atomic`'s savepoint when it runs inside a caller's
    transaction, so a caller may still catch its error and go on. A service must not catch
    an error raised by a service it calls (there is no savepoint to return to).
    """

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if _scope() is not None:
            with transaction.atomic(savepoint=False):
                return func(*args, **kwargs)
        scope: Collected = {}
        last: Last = {}
        _local.scope, _local.last = scope, last
        _memos.values = {}
        with transaction.atomic():
            try:
                result = func(*args, **kwargs)
                _flush(scope, last)
            finally:
                # Before the block ends: callbacks run on commit are outside this service.
                _local.scope = _local.last = None
                _memos.values = None
        return result

    return run


def at_end(key: str, flush: Callable[[set], None], item: Hashable) -> None:
    """Collect `item` under `key`; `flush(items)` runs once with everything collected at the
    end of the outermost service call, inside its transaction. Outside a service: now."""
    scope = _scope()
    if scope is None:
        flush({item})
        return
    scope.setdefault(key, (flush, set()))[1].add(item)


def in_order_at_end(key: str, flush: Callable[[list], None], item: object) -> None:
    """Like `at_end`, but the items are kept in the order they came, repeats included
    (rows written together at the end, such as the audit events)."""
    scope = _scope()
    if scope is None:
        flush([item])
        return
    scope.setdefault(key, (flush, []))[1].append(item)


def at_last(key: str, flush: Callable[[list], None], item: object, *, rank: int = 0) -> None:
    """Like `in_order_at_end`, but `flush(items)` runs after all the work collected with
    `at_end` and `in_order_at_end` (and all the work that work collects), still inside the
    transaction: for a write that locks a row other calls wait for, held from there to the
    COMMIT. Among such work the higher `rank` runs later (the row more calls wait for),
    the same rank in the order the keys came. Outside a service: now."""
    scope = _scope()
    if scope is None:
        flush([item])
        return
    _last().setdefault(key, (flush, [], rank))[1].append(item)


def now_instead(key: str) -> None:
    """Run the work collected under `key` now (a reader in this call needs its rows)."""
    scope = _scope()
    if scope is not None and key in scope:
        flush, items = scope.pop(key)
        flush(items)
    elif scope is not None and key in _last():
        flush, items, _ = _last().pop(key)
        flush(items)


def memo(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` once per outermost service call: what the call reads several times and
    does not change itself (the default policy, a team's rules). It is read inside the
    call's transaction, so it is as fresh as a query would be. Outside a service: computed."""
    values = getattr(_memos, "values", None)
    if values is None:
        return compute()
    if key not in values:
        values[key] = compute()
    return values[key]


def remember(key: Hashable, value: object) -> None:
    """Store `value` for `memo(key, …)` in this service call (a row it just wrote)."""
    values = getattr(_memos, "values", None)
    if values is not None:
        values[key] = value


def forget(key: Hashable) -> None:
    """Drop what `memo(key, …)` holds in this service call (the call changed it)."""
    values = getattr(_memos, "values", None)
    if values is not None:
        values.pop(key, None)


def _flush(scope: Collected, last: Last) -> None:
    # A flush may collect more (it may call a service): run until nothing is left, the work
    # for the end before the work for after it.
    while scope or last:
        if scope:
            flush, items = scope.pop(next(iter(scope)))
            flush(items)
        else:
            key = min(last, key=lambda k: last[k][2])  # the first of the lowest rank
            last_flush, last_items, _ = last.pop(key)
            last_flush(last_items)
