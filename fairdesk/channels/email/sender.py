"""Sending queued mail at least once: a sender claims a row with a lease, and whatever no
sender holds (a task lost in a crash, a retry that is due, a dead worker's lease) is taken
by the periodic job `send_due` that every `fairdesk worker` runs.

The row is written in the transaction of the case change that causes it (outbound.py), so a
process killed right after the commit loses nothing. A claim is one conditional UPDATE, so
of any number of senders exactly one sends a row at a time; a sender that dies mid-send
loses its lease after FAIRDESK_MAIL_SEND_LEASE seconds and the row is sent again (at least
once: the same bytes and Message-ID, so the recipient's mailer can tell the copies apart).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import F, Q

from fairdesk.channels.email import outbound as outbound_mail
from fairdesk.channels.email.models import OutboundMessage, OutboundState
from fairdesk.lib import clock

log = logging.getLogger(__name__)
SEND_TASK = "fairdesk.channels.email.tasks.send_outbound"


class _Composed:
    """Our composed bytes where Django's SMTP backend expects a MIME object."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw

    def as_bytes(self, linesep: str = "\r\n") -> bytes:
        return self.raw


class ComposedMail(EmailMessage):
    """A Django EmailMessage that sends bytes composed before (same Message-ID every try)."""

    def __init__(self, *, raw: bytes, from_email: str, to: list[str]) -> None:
        super().__init__(from_email=from_email, to=to)
        self.raw = raw

    def message(self, *, policy=None) -> _Composed:
        return _Composed(self.raw)


def retry_delay(attempt: int) -> timedelta:
    """1, 4, 16, 64 … minutes after the attempt that failed, at most a day."""
    return min(timedelta(minutes=4 ** (attempt - 1)), timedelta(days=1))


def _due(now: datetime) -> Q:
    return (
        Q(state=OutboundState.QUEUED)
        & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        & (Q(lease_until__isnull=True) | Q(lease_until__lt=now))
    )


def claim(outbound_id: int) -> bool:
    """Take the row for one attempt, if it is due and nobody holds it."""
    now = clock.now()
    lease = now + timedelta(seconds=settings.FAIRDESK_MAIL_SEND_LEASE)
    claimed = OutboundMessage.objects.filter(_due(now), pk=outbound_id)
    return bool(claimed.update(lease_until=lease, attempts=F("attempts") + 1))


def send_one(outbound_id: int) -> str:
    """Claim, write (on the first attempt) and send one queued message; the row's state after.
    On failure it is due again later (retry_delay), and fails visibly after the last try."""
    if not claim(outbound_id):
        return OutboundMessage.objects.filter(pk=outbound_id).values_list("state", flat=True)[0]
    outbound = OutboundMessage.objects.select_related("case__customer", "entry").get(pk=outbound_id)
    try:
        raw = outbound_mail.composed(outbound)
    except Exception as error:  # trying again writes the same failing message: give up now
        log.exception("composing %s failed", outbound.pk)
        outbound_mail.mark_failed(outbound, f"{type(error).__name__}: {error}")
        return OutboundState.FAILED
    try:
        recipients = [outbound.to_address, *outbound.cc_addresses]
        mail = ComposedMail(raw=raw, from_email=settings.FAIRDESK_MAIL_FROM, to=recipients)
        get_connection(fail_silently=False).send_messages([mail])
    except Exception as error:  # any failure of the network or server means: try again later
        return _failed_attempt(outbound, f"{type(error).__name__}: {error}")
    OutboundMessage.objects.filter(pk=outbound.pk, state=OutboundState.QUEUED).update(
        state=OutboundState.SENT, sent_at=clock.now(), last_error="", lease_until=None
    )
    return OutboundState.SENT


def _failed_attempt(outbound: OutboundMessage, message: str) -> str:
    log.warning("sending %s failed (try %s): %s", outbound.pk, outbound.attempts, message)
    if outbound.attempts >= settings.FAIRDESK_MAIL_SEND_ATTEMPTS:
        outbound_mail.mark_failed(outbound, message)
        return OutboundState.FAILED
    OutboundMessage.objects.filter(pk=outbound.pk, state=OutboundState.QUEUED).update(
        last_error=message[:2000],
        lease_until=None,
        next_attempt_at=clock.now() + retry_delay(outbound.attempts),
    )
    return OutboundState.QUEUED


def send_due(*, limit: int = 200) -> int:
    """The periodic job: end sending tasks a dead worker left running, then send_queued."""
    _end_orphaned_tasks()
    return send_queued(limit=limit)


def send_queued(*, limit: int = 200) -> int:
    """Send every queued row that is due and unheld, oldest first; the number sent. Also
    every round of `fairdesk worker` where tasks wait in the database (outbound.announce)."""
    due = OutboundMessage.objects.filter(_due(clock.now())).order_by("created_at", "id")
    return sum(
        send_one(outbound_id) == OutboundState.SENT
        for outbound_id in due.values_list("pk", flat=True)[:limit]
    )


def _end_orphaned_tasks() -> None:
    """A sending task a dead worker left "running" ends as failed once its lease is over:
    its row has been (or is now being) taken over by this job, so nothing is lost."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    stale = clock.now() - timedelta(seconds=settings.FAIRDESK_MAIL_SEND_LEASE)
    DBTaskResult.objects.filter(
        task_path=SEND_TASK, status=TaskResultStatus.RUNNING, started_at__lt=stale
    ).update(status=TaskResultStatus.FAILED, finished_at=clock.now())
