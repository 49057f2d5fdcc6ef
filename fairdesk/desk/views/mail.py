"""Flagged mail: inbound email the channel could not file on its own, for an agent to look at."""

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fairdesk.channels.email.models import InboundMessage, InboundState
from fairdesk.desk.paging import page_of
from fairdesk.desk.policy import agent_required

NEEDS_AN_AGENT = (InboundState.FLAGGED, InboundState.UNPARSED)


def flagged_messages() -> QuerySet[InboundMessage]:
    """Unparsed, over-limit and otherwise flagged mail, newest first, with the case it is on."""
    return (
        InboundMessage.objects.filter(state__in=NEEDS_AN_AGENT)
        .select_related("case")
        .only(
            "state",
            "reason",
            "sender",
            "subject",
            "received_at",
            "entry_id",
            "case__reference",
            "case__subject",
        )
        .order_by("-received_at", "-id")
    )


@require_GET
@agent_required
def flagged_mail(request: HttpRequest) -> HttpResponse:
    page = page_of(flagged_messages(), request.GET.get("page"))
    return render(request, "desk/flagged_mail.html", {"page": page, "which": "flagged"})
