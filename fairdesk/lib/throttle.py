"""Counting failed attempts (sign-ins, one-time links) so guessing gets slow.

Counters live in the "throttle" cache (a file cache in the data folder by default, shared
by every worker process on the machine). A key is blocked once it has `limit` failures
within `window` seconds; a success resets it.
"""

import hashlib

from django.core.cache import caches
from django.http import HttpRequest

DEFAULT_LIMIT = 5
DEFAULT_WINDOW = 15 * 60


def _cache():
    return caches["throttle"]


def attempt_key(scope: str, username: str, request: HttpRequest) -> str:
    """One counter per scope, username (case-folded) and client address."""
    address = request.META.get("REMOTE_ADDR", "")
    raw = f"{scope}\0{(username or '').strip().casefold()}\0{address}"
    # Hashed: usernames may hold characters a cache key must not.
    return "throttle:" + hashlib.sha256(raw.encode()).hexdigest()


def is_blocked(key: str, *, limit: int = DEFAULT_LIMIT) -> bool:
    return int(_cache().get(key, 0)) >= limit


def record_failure(key: str, *, window: int = DEFAULT_WINDOW) -> int:
    """Count one failure and return the count; the window starts at the first failure."""
    cache = _cache()
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def reset(key: str) -> None:
    _cache().delete(key)
