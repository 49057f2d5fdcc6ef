"""Background work of the email channel: writing and sending one queued message, with retries."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import F
from django_tasks import task

from fairdesk.channels.email import outbound as outbound_mail
from fairdesk.channels.email.models import OutboundMessage, OutboundState
from fairdesk.lib import clock

log = logging.getLogger(__name__)


class _Composed:
    """Our composed bytes where Django's SMTP backend expects a MIME object."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw

    def as_bytes(self, linesep: str = "\r\n") -> bytes:
        return self.raw


class ComposedMail(EmailMessage):
    """A Django EmailMessage that sends bytes composed before (same Message-ID every try)."""

    def __init__(self, *, raw: bytes, from_email: str, to: str) -> None:
        super().__init__(from_email=from_email, to=[to])
        self.raw = raw

    def message(self, *, policy=None) -> _Composed:
        return _Composed(self.raw)


def retry_delay(attempt: int) -> timedelta:
    """1, 4, 16, 64 … minutes after the attempt that failed, at most a day."""
    return min(timedelta(minutes=4 ** (attempt - 1)), timedelta(days=1))


@task()
def send_outbound(outbound_id: int) -> str:
    """Write (on the first attempt) and send one queued message; on failure try again later,
    and give up visibly at the end."""
    outbound = OutboundMessage.objects.select_related("case__customer", "entry").get(pk=outbound_id)
    if outbound.state != OutboundState.QUEUED:
        return outbound.state
    try:
        raw = outbound_mail.composed(outbound)
    except Exception as error:  # trying again writes the same failing message: give up now
        log.exception("composing %s failed", outbound.pk)
        outbound_mail.mark_failed(outbound, f"{type(error).__name__}: {error}")
        return OutboundState.FAILED
    OutboundMessage.objects.filter(pk=outbound.pk).update(attempts=F("attempts") + 1)
    outbound.refresh_from_db(fields=["attempts"])
    try:
        mail = ComposedMail(raw=raw, from_email=settings.FAIRDESK_MAIL_FROM, to=outbound.to_address)
        get_connection(fail_silently=False).send_messages([mail])
    except Exception as error:  # any failure of the network or server means: try again later
        message = f"{type(error).__name__}: {error}"
        log.warning("sending %s failed (try %s): %s", outbound.pk, outbound.attempts, message)
        if outbound.attempts >= settings.FAIRDESK_MAIL_SEND_ATTEMPTS:
            outbound_mail.mark_failed(outbound, message)
            return OutboundState.FAILED
        OutboundMessage.objects.filter(pk=outbound.pk).update(last_error=message[:2000])
        _retry(outbound)
        return OutboundState.QUEUED
    OutboundMessage.objects.filter(pk=outbound.pk, state=OutboundState.QUEUED).update(
        state=OutboundState.SENT, sent_at=clock.now(), last_error=""
    )
    return OutboundState.SENT


def _retry(outbound: OutboundMessage) -> None:
    queued = send_outbound
    if queued.get_backend().supports_defer:
        queued = queued.using(run_after=clock.now() + retry_delay(outbound.attempts))
    # A backend without deferral (the immediate one in tests) retries at once, up to the limit.
    queued.enqueue(outbound.pk)
