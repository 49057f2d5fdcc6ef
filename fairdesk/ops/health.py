"""The health checks: can we reach the database, is a worker alive, is mail or work stuck."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection

from fairdesk.channels.email.selectors import oldest_unsent_mail, received_backlog
from fairdesk.lib import clock
from fairdesk.worker.selectors import newest_run_started, task_queue


@dataclass
class Check:
    name: str
    ok: bool
    reason: str = ""
    facts: dict[str, Any] = field(default_factory=dict)


def checks() -> list[Check]:
    """Every check; when the database cannot be reached the others are not tried."""
    database = _database()
    if not database.ok:
        return [database]
    now = clock.now()
    return [database] + [_guarded(check, now) for check in (_worker, _mail, _intake, _tasks)]


def _guarded(check: Callable[[datetime], "Check"], now: datetime) -> "Check":
    """A check that breaks (Redis unreachable under RQ, a table locked) fails, it does not 500."""
    try:
        return check(now)
    except Exception as error:  # whatever broke, the answer is "unhealthy, because …"
        name = check.__name__.lstrip("_")
        return Check(name, False, f"{name} could not be checked: {error}")


def _database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return Check("database", False, f"the database cannot be reached: {error}")
    return Check("database", True)


def _age(now: datetime, since: datetime | None) -> float | None:
    return None if since is None else round((now - since).total_seconds(), 1)


def _too_old(
    name: str, now: datetime, since: datetime | None, limit: int, says: Callable[[float], str]
) -> Check:
    """A check that fails when `since` lies more than `limit` seconds back."""
    age = _age(now, since)
    facts = {"since": since.isoformat() if since else None, "age_seconds": age}
    if age is not None and age > limit:
        return Check(name, False, says(age), facts)
    return Check(name, True, "", facts)


def _worker(now: datetime) -> Check:
    newest = newest_run_started()
    if newest is None:
        return Check("worker", False, "no worker has run yet: start `fairdesk worker`")
    return _too_old(
        "worker",
        now,
        newest,
        settings.FAIRDESK_HEALTH_WORKER_SECONDS,
        lambda age: f"no worker has run a periodic job for {age:.0f} s",
    )


def _mail(now: datetime) -> Check:
    return _too_old(
        "mail",
        now,
        oldest_unsent_mail(),
        settings.FAIRDESK_HEALTH_MAIL_SECONDS,
        lambda age: f"the oldest unsent mail has waited {age:.0f} s",
    )


def _intake(now: datetime) -> Check:
    """Mail LMTP stored and answered but not filed yet (no case, no acknowledgment)."""
    backlog = received_backlog()
    check = _too_old(
        "intake",
        now,
        backlog.oldest,
        settings.FAIRDESK_HEALTH_INTAKE_SECONDS,
        lambda age: f"the oldest received mail has waited {age:.0f} s to be filed",
    )
    check.facts["waiting"] = backlog.waiting
    return check


def _tasks(now: datetime) -> Check:
    queue = task_queue(now)
    check = _too_old(
        "tasks",
        now,
        queue.oldest_due,
        settings.FAIRDESK_HEALTH_TASK_SECONDS,
        lambda age: f"the oldest due task has waited {age:.0f} s",
    )
    check.facts["depth"] = queue.depth
    return check
