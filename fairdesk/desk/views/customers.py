"""A customer and all of their cases."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from fairdesk.accounts.models import Customer
from fairdesk.cases import selectors
from fairdesk.desk.policy import AgentRequest, agent_required, visible_cases


@require_GET
@agent_required
def customer_detail(request: AgentRequest, customer_id: int) -> HttpResponse:
    customer = get_object_or_404(
        Customer.objects.select_related("organisation").prefetch_related("emails"), pk=customer_id
    )
    cases = (
        selectors.cases_for_customer(customer)
        .filter(pk__in=visible_cases(request.user).values("pk"))
        .select_related("team", "assignee", "category")
        .order_by("-created_at")
    )
    return render(request, "desk/customer.html", {"customer": customer, "cases": cases})
