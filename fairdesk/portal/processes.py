"""Portal pages for processes: contracts, orders and every open process with its steps,
and starting a return from an order."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fairdesk.accounts.models import Customer
from fairdesk.lib.errors import DomainError
from fairdesk.portal.process_forms import ReturnForm
from fairdesk.portal.views import customer_required
from fairdesk.processes import selectors, services
from fairdesk.processes.models import Order


@require_GET
@customer_required
def overview(request: HttpRequest, customer: Customer) -> HttpResponse:
    context = {
        "processes": [selectors.process_view(p) for p in selectors.open_processes_for(customer)],
        "contracts": selectors.contracts_of(customer),
        "orders": selectors.orders_of(customer),
    }
    return render(request, "portal/processes/overview.html", context)


@require_http_methods(["GET", "POST"])
@customer_required
def start_return(request: HttpRequest, customer: Customer, number: str) -> HttpResponse:
    order = Order.objects.filter(customer=customer, number=number).first()
    if order is None:
        raise Http404("No such order.")
    form = ReturnForm(request.POST or None, order=order)
    if request.method == "POST" and form.is_valid():
        try:
            parcel = services.start_shop_return(
                order=order,
                items=form.chosen(),
                wanted=form.cleaned_data["wanted"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Your return %(n)s is registered.") % {"n": parcel.number})
            return redirect("portal:case", parcel.case.reference)
    status = 422 if form.errors else 200
    return render(
        request, "portal/processes/return.html", {"form": form, "order": order}, status=status
    )
