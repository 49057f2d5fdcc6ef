"""Book a callback instead of waiting on the hotline: the case's free windows, booking and
cancelling (queues.services does the rest)."""

from datetime import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fairdesk.accounts.models import Customer
from fairdesk.lib.errors import DomainError
from fairdesk.portal import policy
from fairdesk.portal.views import customer_required
from fairdesk.queues import services as queues
from fairdesk.queues.models import BookingState, CallbackBooking

MINUTES = 30


def _page(request, customer, case, *, error: str = "", status: int = 200) -> HttpResponse:
    context = {
        "case": case,
        "windows": [(start, free) for start, free in queues.free_windows(case, minutes=MINUTES)],
        "bookings": CallbackBooking.objects.filter(case=case, state=BookingState.BOOKED)
        .select_related("slot")
        .order_by("slot__starts_at"),
        "phone": request.POST.get("phone") or customer.phone,
        "error": error,
    }
    return render(request, "portal/callback.html", context, status=status)


@require_http_methods(["GET", "POST"])
@customer_required
def callback(request: HttpRequest, customer: Customer, reference: str) -> HttpResponse:
    case = policy.case_for(customer, reference)
    if request.method == "GET":
        return _page(request, customer, case)
    try:
        starts_at = datetime.fromisoformat(request.POST.get("window", ""))
    except ValueError:
        return _page(request, customer, case, error=_("Choose a window."), status=422)
    try:
        queues.book_callback(
            case=case,
            customer=customer,
            starts_at=starts_at,
            minutes=MINUTES,
            phone=request.POST.get("phone", ""),
        )
    except DomainError as error:
        return _page(request, customer, case, error=error.message, status=422)
    messages.success(request, _("Your callback is booked. We will call you in that window."))
    return redirect("portal:callback", case.reference)


@require_POST
@customer_required
def cancel(request: HttpRequest, customer: Customer, reference: str, booking_id: int):
    case = policy.case_for(customer, reference)
    booking = get_object_or_404(CallbackBooking, pk=booking_id, case=case)
    try:
        queues.cancel_callback(booking=booking, customer=customer)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your callback is cancelled."))
    return redirect("portal:callback", case.reference)
