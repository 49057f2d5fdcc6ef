"""Service transactions: one transaction per outermost service call, no savepoints for the
services it calls, and work collected on the way done once at its end.

Why not plain `@transaction.atomic` on every service: nested services then each open a
savepoint (two statements each, a dozen per new case) that nothing ever rolls back to on its
own, since no service catches another's error and goes on. And why collect work: the search
index of a case was rebuilt after each of its timeline entries, three or four times per new
case; now it is rebuilt once, just before the outermost service returns, inside its
transaction (so a search right after the call finds the write, and a rollback undoes both).
"""

import functools
import threading
from collections.abc import Callable, Hashable
from typing import ParamSpec, TypeVar

from django.db import transaction

P = ParamSpec("P")
R = TypeVar("R")

# Per thread (a thread has its own database connection): key → (flush, items collected).
_local = threading.local()


def _scope() -> dict[str, tuple[Callable[[set], None], set]] | None:
    return getattr(_local, "scope", None)


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
        scope: dict[str, tuple[Callable[[set], None], set]] = {}
        _local.scope = scope
        with transaction.atomic():
            try:
                result = func(*args, **kwargs)
                _flush(scope)
            finally:
                # Before the block ends: callbacks run on commit are outside this service.
                _local.scope = None
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


def _flush(scope: dict[str, tuple[Callable[[set], None], set]]) -> None:
    # A flush may collect more (it may call a service): run until nothing is left.
    while scope:
        key = next(iter(scope))
        flush, items = scope.pop(key)
        flush(items)
