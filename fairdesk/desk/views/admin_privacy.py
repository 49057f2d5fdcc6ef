"""The privacy pages for admins: exports and erasures (when, by whom), legal holds, retention
rules, and a customer's export and erasure."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fairdesk.accounts.models import Customer
from fairdesk.cases.models import Case
from fairdesk.desk.admin_forms import posted
from fairdesk.desk.policy import AgentRequest, admin_required
from fairdesk.desk.privacy_forms import EraseForm, HoldForm, RetentionForm
from fairdesk.lib.errors import DomainError
from fairdesk.privacy import selectors
from fairdesk.privacy import services as privacy
from fairdesk.privacy.downloads import archive_response


@require_http_methods(["GET", "POST"])
@admin_required
def overview(request: AgentRequest) -> HttpResponse:
    """What was exported and erased, the open legal holds, and the retention rules."""
    form = RetentionForm(posted(request), prefix="rule")
    if request.method == "POST" and form.is_valid():
        category = form.cleaned_data["category"]
        try:
            privacy.set_retention(
                category_id=category.pk if category else None,
                months=form.cleaned_data["months"],
                agent=request.user,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Retention rule saved."))
            return redirect("desk:admin_privacy")
    context = {
        "records": selectors.records()[:200],
        "holds": selectors.open_holds(),
        "rules": selectors.retention_rules(),
        "form": form,
        "section": "privacy",
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "desk/admin/privacy.html", context, status=status)


@require_POST
@admin_required
def export(request: AgentRequest, customer_id: int) -> HttpResponse:
    customer = get_object_or_404(Customer, pk=customer_id)
    return archive_response(
        privacy.export_customer(customer=customer, agent=request.user), customer
    )


@require_http_methods(["GET", "POST"])
@admin_required
def erase(request: AgentRequest, customer_id: int) -> HttpResponse:
    customer = get_object_or_404(Customer.objects.prefetch_related("emails"), pk=customer_id)
    form = EraseForm(posted(request), prefix="erase")
    if request.method == "POST" and form.is_valid():
        try:
            privacy.erase_customer(customer=customer, agent=request.user)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The customer's personal data was erased."))
            return redirect("desk:admin_privacy")
    context = {"customer": customer, "form": form, "section": "privacy"}
    status = 422 if request.method == "POST" else 200
    return render(request, "desk/admin/erase.html", context, status=status)


@require_POST
@admin_required
def hold(request: AgentRequest, reference: str, action: str) -> HttpResponse:
    case = get_object_or_404(Case, reference=reference)
    form = HoldForm(request.POST, prefix="hold")
    try:
        if action == "release":
            privacy.release_hold(case=case, agent=request.user)
        elif form.is_valid():
            privacy.place_hold(case=case, reason=form.cleaned_data["reason"], agent=request.user)
        else:
            raise DomainError(_("A legal hold needs a reason."), field="reason")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("desk:case", reference=case.reference)
