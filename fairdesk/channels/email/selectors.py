"""Read queries of the email channel: what became of the mail we sent."""

from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from fairdesk.channels.email.models import OutboundKind, OutboundMessage, OutboundState


class Delivery(models.TextChoices):
    """How far a mail got, as an agent reads it."""

    SENDING = "sending", _("being sent")  # queued, not tried yet
    RETRYING = "retrying", _("retrying")  # queued again after a failed try
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")  # given up
    BOUNCED = "bounced", _("bounced")


@dataclass(frozen=True)
class ReplyMail:
    """The mail that carried an agent's reply to the customer."""

    state: Delivery
    to: str
    attempts: int
    error: str
    sent_at: datetime | None


def _state(mail: OutboundMessage) -> Delivery:
    if mail.state == OutboundState.QUEUED:
        return Delivery.RETRYING if mail.attempts else Delivery.SENDING
    return {
        OutboundState.SENT: Delivery.SENT,
        OutboundState.FAILED: Delivery.FAILED,
        OutboundState.BOUNCED: Delivery.BOUNCED,
    }[mail.state]


def reply_mail_by_entry(entry_ids: list[int]) -> dict[int, ReplyMail]:
    """For each of these reply entries that went out by mail, how far its mail got (one query,
    none without entries)."""
    if not entry_ids:
        return {}
    rows = (
        OutboundMessage.objects.filter(entry_id__in=entry_ids, kind=OutboundKind.REPLY)
        .order_by("created_at", "id")
        .only("entry_id", "state", "attempts", "to_address", "last_error", "sent_at")
    )
    return {
        row.entry_id: ReplyMail(
            state=_state(row),
            to=row.to_address,
            attempts=row.attempts,
            error=row.last_error,
            sent_at=row.sent_at,
        )
        for row in rows
    }
