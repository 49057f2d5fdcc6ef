"""The public web form: someone who has never written to us (or has no portal sign-in at
hand) sends a request with name, address, subject, text and files, and gets the case
reference and the dated promise at once, on the page and by mail (the acknowledgment every
channel gets). Thin: parse, throttle, call, render.

Whoever types an address is not known to own it, so the request always opens a case of its
own (like a stranger writing into someone's thread, `cases.services.open_new_case`): it never
lands in, or names, a case the address already has, and the page looks the same whether the
address is known or not (no account enumeration, docs/security.md). Agents merge what
belongs together. The page after it is reached through a signed, short-lived link, so a
reload sends nothing twice and nobody can walk other cases' pages by changing a number."""

from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fairdesk.accounts import throttle
from fairdesk.cases import services as cases
from fairdesk.cases.models import Case, Channel
from fairdesk.lib.addresses import client_address
from fairdesk.lib.errors import DomainError
from fairdesk.portal.forms import WebForm, attachments_from
from fairdesk.portal.promises import first_response
from fairdesk.queues.selectors import late_prediction
from fairdesk.queues.tokens import callback_token

SALT = "fairdesk.portal.written"
# The page after sending is for the moment of sending, not a bookmark.
RECEIPT_SECONDS = 24 * 3600
# Requests one client address may send in the throttle window: a person never needs more.
LIMIT = 20


@require_http_methods(["GET", "POST"])
def write(request: HttpRequest) -> HttpResponse:
    form = WebForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        key = throttle.address_key("web-form", client_address(request))
        if throttle.is_blocked(key, limit=LIMIT):
            form.add_error(None, _("Too many requests from here. Please wait a few minutes."))
        else:
            throttle.record_failure(key)  # every request counts: a flood is slowed
            intake = _open(form.cleaned_data, form)
            if intake is not None:
                return redirect("portal:written", signing.dumps(intake.case.pk, salt=SALT))
    status = 422 if form.errors else 200
    return render(request, "portal/write.html", {"form": form}, status=status)


def _open(data: dict, form: WebForm):
    try:
        return cases.open_case_for_address(
            email=data["email"],
            name=data["name"],
            language=translation.get_language() or "",
            join=False,
            subject=data["subject"],
            body=data["body"],
            category=data["category"],
            channel=Channel.WEB,
            attachments=attachments_from(data["attachments"]),
        )
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None


@require_GET
def written(request: HttpRequest, token: str) -> HttpResponse:
    try:
        case_id = signing.loads(token, salt=SALT, max_age=RECEIPT_SECONDS)
    except signing.BadSignature:
        raise Http404("No such request.") from None
    case = Case.objects.filter(pk=case_id).first() if isinstance(case_id, int) else None
    if case is None:
        raise Http404("No such request.")
    context = {
        "case": case,
        "promise": first_response(case),
        "late": late_prediction(case),
        "callback_url": reverse("portal:callback_link", args=[callback_token(case.pk)]),
    }
    return render(request, "portal/written.html", context)
