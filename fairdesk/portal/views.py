"""Portal pages: sign-in, my cases, a new request, a case, files. Thin: parse, check, call."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fairdesk.accounts import throttle
from fairdesk.accounts.models import Customer
from fairdesk.accounts.throttle import SignInAttempt
from fairdesk.cases import services as cases
from fairdesk.cases.models import UNRESOLVED, Case, Channel, Status
from fairdesk.lib.addresses import client_address
from fairdesk.lib.downloads import attachment_response
from fairdesk.lib.errors import DomainError
from fairdesk.lib.locale import remember_language
from fairdesk.portal import policy
from fairdesk.portal import services as portal
from fairdesk.portal.forms import (
    LinkRequestForm,
    NewRequestForm,
    PasswordForm,
    ReplyForm,
    attachments_from,
)
from fairdesk.portal.promises import credits_of, first_response, promises_of
from fairdesk.promises.selectors import next_due
from fairdesk.queues.selectors import late_prediction

CustomerView = Callable[..., HttpResponseBase]


def customer_required(view: CustomerView) -> Callable[..., HttpResponseBase]:
    """Run `view(request, customer, ...)` for a signed-in customer; else go to sign-in."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        customer = policy.current_customer(request)
        if customer is None:
            return redirect(f"{reverse('portal:sign_in')}?next={request.path}")
        request.portal_customer = customer  # type: ignore[attr-defined]  # for the page header
        return view(request, customer, *args, **kwargs)

    return wrapper


def _with_language(response: HttpResponse, language: str) -> HttpResponse:
    """Remember `language` in the portal's language cookie (the desk keeps its own)."""
    return remember_language(response, path=reverse("portal:my_cases"), language=language)


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed and target.startswith("/") else fallback


def _signed_in(request: HttpRequest, customer: Customer) -> HttpResponse:
    policy.sign_in(request, customer)
    return _with_language(
        redirect(_safe_next(request, reverse("portal:my_cases"))), customer.language
    )


# Sign-in -------------------------------------------------------------------------------


@require_GET
def sign_in(request: HttpRequest) -> HttpResponse:
    if policy.current_customer(request) is not None:
        return redirect("portal:my_cases")
    return _sign_in_page(request, LinkRequestForm(), PasswordForm())


def _sign_in_page(
    request: HttpRequest, link_form: LinkRequestForm, password_form: PasswordForm, status=200
) -> HttpResponse:
    context = {
        "link_form": link_form,
        "password_form": password_form,
        "next": _safe_next(request, ""),
    }
    return render(request, "portal/sign_in.html", context, status=status)


@require_POST
def request_link(request: HttpRequest) -> HttpResponse:
    form = LinkRequestForm(request.POST)
    if not form.is_valid():
        return _sign_in_page(request, form, PasswordForm(), status=422)
    address = form.cleaned_data["email"]
    attempt = SignInAttempt("portal-link", address=client_address(request), account=address)
    # Counting every request (not only failures) keeps anyone from flooding a mailbox; a
    # blocked request gets the same answer, so it tells nothing either.
    if not attempt.address_blocked() and not throttle.is_blocked(attempt.account, limit=5):
        attempt.failed()
        portal.request_sign_in_link(address=address)
    # The same answer whether or not the address is known: nobody learns who is a customer.
    return render(request, "portal/link_sent.html", {"address": address})


@require_POST
def password_sign_in(request: HttpRequest) -> HttpResponse:
    form = PasswordForm(request.POST)
    if not form.is_valid():
        return _sign_in_page(request, LinkRequestForm(), form, status=422)
    address = form.cleaned_data["email"]
    attempt = SignInAttempt("portal-password", address=client_address(request), account=address)
    if attempt.address_blocked():
        form.add_error(None, _("Too many failed attempts. Please wait a few minutes."))
        return _sign_in_page(request, LinkRequestForm(), form, status=429)
    customer = portal.check_password(address=address, password=form.cleaned_data["password"])
    if customer is None:
        attempt.failed()
        form.add_error(None, _("The email address or the password is not right."))
        return _sign_in_page(request, LinkRequestForm(), form, status=422)
    if attempt.account_blocked():
        # Others have been guessing at this account; its owner still gets in by a link.
        form.add_error(
            None,
            _("Too many failed attempts on this account. Please sign in with a link by email."),
        )
        return _sign_in_page(request, LinkRequestForm(), form, status=429)
    attempt.succeeded()
    return _signed_in(request, customer)


@require_http_methods(["GET", "POST"])
def link(request: HttpRequest, token: str) -> HttpResponse:
    # Opening the link only shows a button: mail scanners that fetch links must not spend it.
    if request.method == "GET":
        return render(request, "portal/link_confirm.html", {"token": token})
    key = throttle.address_key("portal-token", client_address(request))
    if throttle.is_blocked(key, limit=20):
        return render(request, "portal/link_invalid.html", status=429)
    customer = portal.consume_sign_in_link(token=token)
    if customer is None:
        throttle.record_failure(key)
        return render(request, "portal/link_invalid.html", status=410)
    return _signed_in(request, customer)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    policy.sign_out(request)
    return redirect("portal:sign_in")


# Cases -----------------------------------------------------------------------------------


@require_GET
@customer_required
def my_cases(request: HttpRequest, customer: Customer) -> HttpResponse:
    shown = policy.case_rows(customer, limit=100)
    due = next_due([case.pk for case in shown], public_only=True)
    listed = [(case, due.get(case.pk)) for case in shown]
    context = {"customer": customer, "rows": listed, "unresolved": UNRESOLVED}
    return render(request, "portal/my_cases.html", context)


@require_http_methods(["GET", "POST"])
@customer_required
def new_request(request: HttpRequest, customer: Customer) -> HttpResponse:
    form = NewRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            intake = cases.open_case(
                customer=customer,
                subject=data["subject"],
                body=data["body"],
                category=data["category"],
                channel=Channel.PORTAL,
                attachments=attachments_from(data["attachments"]),
            )
        except DomainError as error:
            form.add_error(_field(form, error), error.message)
        else:
            url = reverse("portal:received", args=[intake.case.reference])
            return redirect(f"{url}?joined={intake.entry.pk}" if intake.joined else url)
    # 422: the page with its errors; htmx swaps it in like any answer (see base.html).
    status = 422 if form.errors else 200
    return render(request, "portal/new_request.html", {"form": form}, status=status)


def _field(form, error: DomainError) -> str | None:
    return error.field if error.field in form.fields else None


@require_GET
@customer_required
def received(request: HttpRequest, customer: Customer, reference: str) -> HttpResponse:
    case = policy.case_for(customer, reference)
    joined = request.GET.get("joined", "")
    context = {
        "case": case,
        "joined": joined.isdigit(),
        # The contact that joined: the page offers to make it a case of its own.
        "joined_entry": int(joined) if joined.isdigit() else None,
        "promise": first_response(case),
        # The honest later date, when the queue is longer than the policy's target allows.
        "late": late_prediction(case),
    }
    return render(request, "portal/received.html", context)


@require_POST
@customer_required
def split_off(request: HttpRequest, customer: Customer, reference: str) -> HttpResponse:
    """ "This is a new matter": the message that joined `reference` becomes a case of its own."""
    case = policy.case_for(customer, reference)
    entry = policy.own_entry(customer, case, request.POST.get("entry", ""))
    try:
        new = cases.split_off(entry=entry, customer=customer)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("portal:case", case.reference)
    return redirect("portal:received", new.reference)


@require_http_methods(["GET", "POST"])
def new_matter(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an "added to your case" mail: one button makes the message a new case.

    No sign-in: the signed token names that one message. Opening the link only shows the
    button, so a mail scanner fetching links splits nothing."""
    entry = policy.entry_for_token(token)
    if entry is None:
        return render(request, "portal/new_matter.html", {"invalid": True}, status=410)
    if request.method == "GET":
        return render(request, "portal/new_matter.html", {"token": token, "case": entry.case})
    try:
        new = cases.split_off(entry=entry, customer=entry.author_customer)
    except DomainError as error:
        context = {"case": entry.case, "error": error.message}
        return render(request, "portal/new_matter.html", context, status=409)
    return render(request, "portal/new_matter.html", {"new": new, "case": entry.case})


def _case_page(
    request: HttpRequest, customer: Customer, case: Case, form: ReplyForm, status: int = 200
) -> HttpResponse:
    context = {
        "case": case,
        "entries": policy.timeline_for(customer, case),
        "promises": promises_of(case),
        "credits": credits_of(case),
        "form": form,
        "can_resolve": case.status in UNRESOLVED,
        "can_reply": case.status != Status.CLOSED,
    }
    return render(request, "portal/case.html", context, status=status)


@require_GET
@customer_required
def case_detail(request: HttpRequest, customer: Customer, reference: str) -> HttpResponse:
    case = policy.case_for(customer, reference)
    # A merged case's old reference leads to the case it now lives in.
    if case.reference != reference.strip().upper():
        return redirect("portal:case", case.reference)
    return _case_page(request, customer, case, ReplyForm())


@require_POST
@customer_required
def reply(request: HttpRequest, customer: Customer, reference: str) -> HttpResponse:
    case = policy.case_for(customer, reference)
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            cases.add_customer_message(
                case=case,
                customer=customer,
                body=form.cleaned_data["body"],
                channel=Channel.PORTAL,
                attachments=attachments_from(form.cleaned_data["attachments"]),
            )
        except DomainError as error:
            form.add_error(_field(form, error), error.message)
        else:
            messages.success(request, _("Thank you, your message is on the case."))
            return redirect("portal:case", case.reference)
    return _case_page(request, customer, case, form, status=422)


@require_POST
@customer_required
def solved(request: HttpRequest, customer: Customer, reference: str) -> HttpResponse:
    case = policy.case_for(customer, reference)
    try:
        cases.resolve_by_customer(case=case, customer=customer)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Glad it is solved. Write to us here if it comes back."))
    return redirect("portal:case", case.reference)


@require_GET
@customer_required
def attachment(request: HttpRequest, customer: Customer, attachment_id: int) -> FileResponse:
    return attachment_response(policy.attachment_for(customer, attachment_id))
