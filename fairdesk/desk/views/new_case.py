"""Open a case for a caller, a letter or a visitor: find the customer, record what they said."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fairdesk.accounts.models import Customer
from fairdesk.accounts.selectors import customers_matching
from fairdesk.cases import services
from fairdesk.desk import forms
from fairdesk.desk.policy import AgentRequest, agent_required
from fairdesk.lib.errors import DomainError


@require_http_methods(["GET", "POST"])
@agent_required
def new_case(request: AgentRequest) -> HttpResponse:
    """GET: the form, with the customers matching `find` and the one chosen; POST: record."""
    find = " ".join(request.GET.get("find", "").split())[:200]
    if request.method == "POST":
        form = forms.NewCaseForm(request.POST)
        if form.is_valid():
            try:
                intake = _record(request, form.cleaned_data)
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, _said(intake))
                return redirect("desk:case", reference=intake.case.reference)
    else:
        chosen = request.GET.get("customer", "")
        form = forms.NewCaseForm(
            initial={"customer": chosen if chosen.isdigit() else None, "channel": "phone"}
        )
    chosen_id = form["customer"].value()
    context = {
        "form": form,
        "find": find,
        "matches": customers_matching(find),
        "chosen": _customer(chosen_id),
        "which": "new_case",
    }
    return render(request, "desk/new_case.html", context, status=422 if form.errors else 200)


def _customer(customer_id: object) -> Customer | None:
    if not str(customer_id or "").isdigit():
        return None
    return Customer.objects.prefetch_related("emails").filter(pk=int(str(customer_id))).first()


def _record(request: AgentRequest, data: dict) -> services.Intake:
    customer = _customer(data["customer"]) if data["customer"] else None
    if data["customer"] and customer is None:
        raise DomainError(_("That customer no longer exists; find them again."))
    return services.open_case_for_caller(
        agent=request.user,
        customer=customer,
        name=data["name"],
        email=data["email"],
        phone=data["phone"],
        language=data["language"],
        channel=data["channel"],
        subject=data["subject"],
        body=data["body"],
        category=data["category"],
        priority=data["priority"],
    )


def _said(intake: services.Intake) -> str:
    """What the agent tells the caller: the case it joined (and that it did), or the new one."""
    if intake.joined:
        return _(
            "The customer already had case %(ref)s open about this; the contact was added "
            "to it. Tell them this reference."
        ) % {"ref": intake.case.reference}
    return _("Case %(ref)s opened; the customer gets the acknowledgment.") % {
        "ref": intake.case.reference
    }
