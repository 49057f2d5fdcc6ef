"""A customer and all of their cases; clearing a bouncing address's mark by hand."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fairdesk.accounts import services as accounts
from fairdesk.accounts.models import Customer
from fairdesk.cases import selectors
from fairdesk.desk.policy import AgentRequest, agent_required, visible_cases
from fairdesk.lib.errors import DomainError
from fairdesk.privacy import services as privacy
from fairdesk.privacy.models import ReadKind


@require_GET
@agent_required
def customer_detail(request: AgentRequest, customer_id: int) -> HttpResponse:
    customer = get_object_or_404(
        Customer.objects.select_related("organisation").prefetch_related("emails"), pk=customer_id
    )
    privacy.log_read(user=request.user, kind=ReadKind.CUSTOMER, customer_id=customer.pk)
    cases = (
        selectors.cases_for_customer(customer)
        .filter(pk__in=visible_cases(request.user).values("pk"))
        .select_related("team", "assignee", "category")
        .order_by("-created_at")
    )
    return render(request, "desk/customer.html", {"customer": customer, "cases": cases})


@require_POST
@agent_required
def clear_bounce(request: AgentRequest, customer_id: int) -> HttpResponse:
    """The customer confirmed (on the phone) that mail to the address reaches them again."""
    customer = get_object_or_404(Customer, pk=customer_id)
    address = request.POST.get("address", "").strip()
    try:
        cleared = accounts.clear_bouncing_by_hand(
            customer=customer, address=address, agent=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if cleared:
            text = _("%(address)s counts as reachable again: mail goes to it.")
        else:
            text = _("%(address)s is no longer marked as bouncing.")
        messages.success(request, text % {"address": cleared or address})
    return redirect("desk:customer", customer.pk)
