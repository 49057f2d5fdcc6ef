"""Values read at most once per request: a settings row that every check on a page asks
(which cases an agent sees) costs one query per request, not one per check.

The middleware opens a memo for each request and drops it at the end, so the next request
reads the row afresh: a change made by an admin counts from the next request in every
process, with nothing to invalidate. Outside a request (services, the worker, tests calling
a function directly) nothing is remembered and every call reads.
"""

from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

from django.http import HttpRequest, HttpResponse

T = TypeVar("T")

_memo: ContextVar[dict[str, object] | None] = ContextVar("fairdesk_request_memo", default=None)


def once_per_request(key: str, compute: Callable[[], T]) -> T:
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]  # type: ignore[return-value]


def note(key: str, value: object) -> None:
    """Keep `value` under `key` for the rest of this request: rows it has just written (a new
    case's promises), so that its answer need not read them back. Whoever changes them calls
    `forget(key)`."""
    memo = _memo.get()
    if memo is not None:
        memo[key] = value


def known(key: str) -> object | None:
    """What this request noted under `key` (None: nothing, or outside a request)."""
    memo = _memo.get()
    return None if memo is None else memo.get(key)


def forget(key: str) -> None:
    """After a change in this request, the next read sees it."""
    memo = _memo.get()
    if memo is not None:
        memo.pop(key, None)


def request_memo(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        token = _memo.set({})
        try:
            return get_response(request)
        finally:
            _memo.reset(token)

    return middleware
