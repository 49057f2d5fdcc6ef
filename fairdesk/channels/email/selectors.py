"""Read queries about mail: what the desk lists for agents, and how far a sent mail got."""

from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.db.models import Count, Min, QuerySet
from django.utils.translation import gettext_lazy as _

from fairdesk.cases.selectors import Along
from fairdesk.channels.email.models import (
    InboundMessage,
    InboundState,
    OutboundKind,
    OutboundMessage,
    OutboundState,
)
from fairdesk.channels.email.review import NEEDS_AN_AGENT

# The quoted text of the mail an entry came from, read with the desk's timeline
# (`cases.selectors.timeline_page`): an entry came from one mail at most (a one-to-one).
QUOTED_TEXT = Along(
    attribute="quoted_text",
    column="m.quoted_text",
    join="LEFT JOIN mail_inboundmessage m ON m.entry_id = e.id",
)


def flagged_messages(*, with_reviewed: bool = False) -> QuerySet[InboundMessage]:
    """Unparsed, over-limit and otherwise flagged mail, newest first, with the case it is on
    and who reviewed it; only mail nobody has reviewed yet unless `with_reviewed`."""
    rows = InboundMessage.objects.filter(state__in=NEEDS_AN_AGENT)
    if not with_reviewed:
        rows = rows.filter(reviewed_at__isnull=True)
    return (
        rows.select_related("case", "reviewed_by")
        .only(
            "state",
            "reason",
            "sender",
            "subject",
            "received_at",
            "entry_id",
            "reviewed_at",
            "case__reference",
            "case__subject",
            "reviewed_by__username",
            "reviewed_by__first_name",
            "reviewed_by__last_name",
        )
        .order_by("-received_at", "-id")
    )


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
    }[OutboundState(mail.state)]


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
        if row.entry_id is not None  # always, by the filter; for the type checker
    }


def mail_by_state() -> tuple[dict[str, int], dict[str, int]]:
    """How many inbound messages, and how many outbound ones, are in each state."""
    inbound = InboundMessage.objects.order_by().values_list("state").annotate(n=Count("id"))
    outbound = OutboundMessage.objects.order_by().values_list("state").annotate(n=Count("id"))
    return dict(inbound), dict(outbound)


def oldest_unsent_mail() -> datetime | None:
    """When the oldest mail still waiting to be sent was queued (None: nothing waits)."""
    waiting = OutboundMessage.objects.filter(state=OutboundState.QUEUED)
    return waiting.aggregate(oldest=Min("created_at"))["oldest"]


@dataclass(frozen=True)
class Backlog:
    """Mail LMTP stored that the drain has not filed yet: how much, and since when."""

    waiting: int
    oldest: datetime | None


def received_backlog() -> Backlog:
    """How many received messages wait to be filed, and when the oldest came (one query)."""
    rows = InboundMessage.objects.filter(state=InboundState.RECEIVED).order_by()
    figures = rows.aggregate(waiting=Count("id"), oldest=Min("received_at"))
    return Backlog(waiting=figures["waiting"], oldest=figures["oldest"])
