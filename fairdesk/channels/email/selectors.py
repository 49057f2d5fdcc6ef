"""Read queries about mail: what the desk lists for agents."""

from django.db.models import QuerySet

from fairdesk.channels.email.models import InboundMessage
from fairdesk.channels.email.review import NEEDS_AN_AGENT


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
