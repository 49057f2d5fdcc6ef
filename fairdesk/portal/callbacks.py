"""Book a callback instead of waiting on the hotline: in a window, or "as soon as possible,
keep my place"; see and cancel it (queues.services does the rest).

Three ways in: the signed-in customer's case page; the signed link in the acknowledgment
mail (no sign-in: the link names the case); and the public page, where the case reference
and one of the customer's addresses lead to the same signed page (throttled per client
address, so references cannot be guessed by trying).
"""

from collections.abc import Callable
from datetime import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fairdesk.accounts import throttle
from fairdesk.accounts.models import Customer
from fairdesk.cases.models import Case
from fairdesk.lib.addresses import client_address
from fairdesk.lib.errors import DomainError
from fairdesk.portal import policy
from fairdesk.portal.views import customer_required
from fairdesk.queues import services as queues
from fairdesk.queues.models import BookingState, CallbackBooking
from fairdesk.queues.tokens import callback_token

MINUTES = 30
# Wrong reference-and-address pairs one client address may try in the throttle window.
LOOKUP_LIMIT = 10


CancelUrl = Callable[[int], str]


def _page(
    request, customer, case, *, here: str, cancel: CancelUrl, error: str = "", status: int = 200
) -> HttpResponse:
    bookings = (
        CallbackBooking.objects.filter(case=case, state=BookingState.BOOKED)
        .select_related("slot")
        .order_by("slot__starts_at", "id")
    )
    context = {
        "case": case,
        "windows": queues.free_windows(case, minutes=MINUTES),
        "bookings": [(booking, cancel(booking.pk)) for booking in bookings],
        "phone": request.POST.get("phone") or customer.phone,
        "error": error,
        "here": here,
    }
    return render(request, "portal/callback.html", context, status=status)


def _book(request: HttpRequest, customer: Customer, case: Case) -> None:
    """Book what the form asks for: a window, or "as soon as possible"."""
    phone = request.POST.get("phone", "")
    if request.POST.get("window") == "asap":
        queues.book_callback_asap(case=case, customer=customer, phone=phone)
        return
    try:
        starts_at = datetime.fromisoformat(request.POST.get("window", ""))
    except ValueError:
        raise DomainError(_("Choose a window."), field="window") from None
    queues.book_callback(
        case=case, customer=customer, starts_at=starts_at, minutes=MINUTES, phone=phone
    )


def _handle(request, customer: Customer, case: Case, *, here: str, cancel: CancelUrl):
    if request.method == "GET":
        return _page(request, customer, case, here=here, cancel=cancel)
    try:
        _book(request, customer, case)
    except DomainError as error:
        return _page(
            request, customer, case, here=here, cancel=cancel, error=error.message, status=422
        )
    messages.success(request, _("Your callback is booked. We will call you."))
    return redirect(here)


def _cancel(request, customer: Customer, case: Case, booking_id: int, *, here: str):
    booking = get_object_or_404(CallbackBooking, pk=booking_id, case=case)
    try:
        queues.cancel_callback(booking=booking, customer=customer)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your callback is cancelled."))
    return redirect(here)


@require_http_methods(["GET", "POST"])
@customer_required
def callback(request: HttpRequest, customer: Customer, reference: str) -> HttpResponse:
    case = policy.case_for(customer, reference)
    here = reverse("portal:callback", args=[case.reference])
    return _handle(
        request,
        customer,
        case,
        here=here,
        cancel=lambda pk: reverse("portal:callback_cancel", args=[case.reference, pk]),
    )


@require_POST
@customer_required
def cancel(request: HttpRequest, customer: Customer, reference: str, booking_id: int):
    case = policy.case_for(customer, reference)
    here = reverse("portal:callback", args=[case.reference])
    return _cancel(request, customer, case, booking_id, here=here)


@require_http_methods(["GET", "POST"])
def by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The acknowledgment's link: the case's callback page without signing in."""
    case = policy.case_by_callback_link(token)
    here = reverse("portal:callback_link", args=[token])
    return _handle(
        request,
        case.customer,
        case,
        here=here,
        cancel=lambda pk: reverse("portal:callback_link_cancel", args=[token, pk]),
    )


@require_POST
def cancel_by_link(request: HttpRequest, token: str, booking_id: int) -> HttpResponse:
    case = policy.case_by_callback_link(token)
    here = reverse("portal:callback_link", args=[token])
    return _cancel(request, case.customer, case, booking_id, here=here)


@require_http_methods(["GET", "POST"])
def find(request: HttpRequest) -> HttpResponse:
    """The public page: case reference and email address lead to the case's callback page."""
    context = {
        "reference": request.POST.get("reference", ""),
        "email": request.POST.get("email", ""),
    }
    if request.method == "GET":
        return render(request, "portal/callback_find.html", context)
    key = throttle.address_key("callback-find", client_address(request))
    if throttle.is_blocked(key, limit=LOOKUP_LIMIT):
        context["error"] = _("Too many tries. Please wait a while and try again.")
        return render(request, "portal/callback_find.html", context, status=429)
    case = policy.case_by_reference_and_email(context["reference"], context["email"])
    if case is None:
        throttle.record_failure(key)
        context["error"] = _("We found no case with this reference and email address.")
        return render(request, "portal/callback_find.html", context, status=422)
    return redirect("portal:callback_link", callback_token(case.pk))
