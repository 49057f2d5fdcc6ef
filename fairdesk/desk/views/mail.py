"""Flagged mail: inbound email the channel could not file on its own, for an agent to look at."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fairdesk.channels.email.models import InboundMessage
from fairdesk.channels.email.review import NEEDS_AN_AGENT, mark_reviewed
from fairdesk.channels.email.selectors import flagged_messages, received_backlog
from fairdesk.desk.paging import page_of
from fairdesk.desk.policy import AgentRequest, agent_required
from fairdesk.lib.errors import DomainError


def _with_reviewed(request: HttpRequest) -> bool:
    return request.GET.get("show") == "all"


def _render_list(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    with_reviewed = _with_reviewed(request)
    page = page_of(flagged_messages(with_reviewed=with_reviewed), request.GET.get("page"))
    context = {
        "page": page,
        "which": "flagged",
        "with_reviewed": with_reviewed,
        "pager_query": "show=all" if with_reviewed else "",
        "error": error,
        # Mail stored over LMTP that is not on a case yet: an agent should know it is coming.
        "backlog": received_backlog(),
    }
    return render(request, "desk/flagged_mail.html", context, status=status)


@require_GET
@agent_required
def flagged_mail(request: HttpRequest) -> HttpResponse:
    return _render_list(request)


@require_POST
@agent_required
def mark_mail_reviewed(request: AgentRequest, inbound_id: int) -> HttpResponse:
    """Mark one flagged mail reviewed, then back to the list; a refusal is shown above it
    (422, so htmx swaps it in like the desk's other refused forms)."""
    inbound = get_object_or_404(InboundMessage, pk=inbound_id, state__in=NEEDS_AN_AGENT)
    try:
        mark_reviewed(inbound=inbound, agent=request.user)
    except DomainError as error:
        return _render_list(request, error=error.message, status=422)
    messages.success(request, _("Email marked as reviewed."))
    back = reverse("desk:flagged_mail")
    return redirect(f"{back}?show=all" if _with_reviewed(request) else back)
