"""The public pages (no sign-in): cancel or withdraw in two steps, the receipt with its
documents, and the printable return label."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fairdesk.accounts import throttle
from fairdesk.lib.addresses import client_address
from fairdesk.lib.downloads import content_disposition
from fairdesk.lib.errors import DomainError
from fairdesk.portal.process_forms import DeclarationForm, WithdrawalForm
from fairdesk.processes import selectors, services
from fairdesk.processes.models import Return
from fairdesk.processes.services.cancellation import declaration_texts
from fairdesk.processes.services.returns import number_from_label_token


def _declare(request: HttpRequest, form_class, template: str) -> HttpResponse:
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key = throttle.address_key("declaration", client_address(request))
        if throttle.is_blocked(key, limit=30):
            form.add_error(None, _("Too many declarations from here. Please wait a few minutes."))
        else:
            throttle.record_failure(key)  # counts every submission: a flood is slowed
            data = form.cleaned_data
            try:
                declaration = services.declare(
                    data=services.DeclarationIn(
                        kind=data["kind"],
                        reason=data.get("reason") or "",
                        name=data["name"],
                        customer_number=data.get("customer_number") or "",
                        contract_number=data["contract_number"],
                        email=data["email"],
                        wanted_on=data.get("wanted_on"),
                        language=translation.get_language() or "de",
                    )
                )
            except DomainError as error:
                form.add_error(_visible_field(form, error.field), error.message)
            else:
                return redirect("processes:receipt", declaration.token)
    status = 422 if form.errors else 200
    return render(request, template, {"form": form}, status=status)


def _visible_field(form, name: str | None) -> str | None:
    """The field an error belongs beside; None (the form's own errors, shown above it) when
    there is no such field or it is hidden, like the withdrawal form's kind, so it is seen."""
    if name in form.fields and not form[name].is_hidden:
        return name
    return None


@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest) -> HttpResponse:
    return _declare(request, DeclarationForm, "portal/processes/cancel.html")


@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest) -> HttpResponse:
    return _declare(request, WithdrawalForm, "portal/processes/withdraw.html")


@require_GET
def receipt(request: HttpRequest, token: str) -> HttpResponse:
    declaration = selectors.declaration_by_token(token)
    if declaration is None:
        raise Http404("No such declaration.")
    return render(request, "portal/processes/receipt.html", {"d": declaration})


@require_GET
def document(request: HttpRequest, token: str, name: str) -> HttpResponse:
    """The declaration or its confirmation as a text file: the durable copy to keep."""
    declaration = selectors.declaration_by_token(token)
    if declaration is None or name not in ("declaration", "confirmation"):
        raise Http404("No such document.")
    _subject, statement, confirmation = declaration_texts(
        declaration, declaration.language, declaration.first
    )
    text = statement if name == "declaration" else confirmation
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    filename = f"{name}-{declaration.contract_number}.txt"
    response["Content-Disposition"] = content_disposition(filename)
    return response


@require_GET
def label(request: HttpRequest, token: str) -> HttpResponse:
    number = number_from_label_token(token)
    parcel = Return.objects.select_related("case__customer").filter(number=number).first()
    if parcel is None:
        raise Http404("No such label.")
    return render(request, "portal/processes/label.html", {"parcel": parcel})
