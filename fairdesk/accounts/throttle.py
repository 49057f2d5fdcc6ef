"""Counting failed sign-ins so guessing gets slow, without letting anyone lock an owner out.

Two counters, kept apart: one per client address (whatever names it tries: a password spray
from one address is stopped) and one per account (whatever address tries it: a guess spread
over many addresses is stopped). The account's limit is above the address limit, so one
address alone can never lock an account; an account locked by many addresses still lets its
owner in with a second factor or a one-time link (the interfaces decide which).

Counters are rows in the database, so every web process shares them; a count grows with a
conditional UPDATE, so simultaneous failures are all counted.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from fairdesk.accounts.models import SignInCounter
from fairdesk.lib import clock


def address_key(scope: str, address: str) -> str:
    return _key(scope, "address", address)


def account_key(scope: str, account: str) -> str:
    return _key(scope, "account", (account or "").strip().casefold())


def _key(scope: str, kind: str, value: str) -> str:
    # Hashed: a fixed length, and no address or name stored in the clear.
    return hashlib.sha256(f"{scope}\0{kind}\0{value}".encode()).hexdigest()


def _window() -> timedelta:
    return timedelta(seconds=settings.FAIRDESK_SIGN_IN_WINDOW_SECONDS)


def failures(key: str) -> int:
    row = SignInCounter.objects.filter(key=key, window_ends__gt=clock.now()).first()
    return row.failures if row else 0


def is_blocked(key: str, *, limit: int) -> bool:
    return failures(key) >= limit


def record_failure(key: str) -> None:
    """Count one failure; the window starts at the first failure after the last one ended."""
    now = clock.now()
    with transaction.atomic():
        grown = SignInCounter.objects.filter(key=key, window_ends__gt=now).update(
            failures=F("failures") + 1
        )
        if grown:
            return
        restarted = SignInCounter.objects.filter(key=key).update(
            failures=1, window_ends=now + _window()
        )
        if restarted:
            return
        try:
            with transaction.atomic():
                SignInCounter.objects.create(key=key, failures=1, window_ends=now + _window())
        except IntegrityError:  # another process created it first: count on it
            SignInCounter.objects.filter(key=key).update(failures=F("failures") + 1)


def reset(key: str) -> None:
    SignInCounter.objects.filter(key=key).delete()


def forget_expired() -> int:
    """Remove counters whose window has ended (a periodic job)."""
    return SignInCounter.objects.filter(window_ends__lte=clock.now()).delete()[0]


class SignInAttempt:
    """One sign-in attempt's two counters: its client address and the account it names."""

    def __init__(self, scope: str, *, address: str, account: str) -> None:
        self.address = address_key(scope, address)
        self.account = account_key(scope, account)

    def address_blocked(self) -> bool:
        return is_blocked(self.address, limit=settings.FAIRDESK_SIGN_IN_ADDRESS_LIMIT)

    def account_blocked(self) -> bool:
        return is_blocked(self.account, limit=settings.FAIRDESK_SIGN_IN_ACCOUNT_LIMIT)

    def failed(self) -> None:
        record_failure(self.address)
        record_failure(self.account)

    def succeeded(self) -> None:
        # Only the account's count: a success must not clear an address that sprays others.
        reset(self.account)
