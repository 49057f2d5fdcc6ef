"""The customer's own account in the portal: their API tokens (expiry, last use), each
revocable, and the language they read in. Thin: parse, check (a token that is not theirs is
a 404), call, render."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fairdesk.accounts import services as accounts
from fairdesk.accounts.models import Customer, Language
from fairdesk.lib.errors import DomainError
from fairdesk.lib.locale import set_language
from fairdesk.portal import policy
from fairdesk.portal.views import customer_required


@require_GET
@customer_required
def account(request: HttpRequest, customer: Customer) -> HttpResponse:
    context = {"customer": customer, "tokens": accounts.tokens_of(customer=customer)}
    return render(request, "portal/account.html", context)


@require_POST
@customer_required
def revoke_token(request: HttpRequest, customer: Customer, token_id: int) -> HttpResponse:
    try:
        token = accounts.revoke_own_token(customer=customer, token_id=token_id)
    except DomainError:
        raise Http404("No such token.") from None
    messages.success(request, _("Token fd_%(prefix)s… is revoked.") % {"prefix": token.prefix})
    return redirect("portal:account")


@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """The portal's language switch: the page's language cookie as everywhere, and for a
    signed-in customer their own language too, so the next sign-in and their mail follow."""
    response = set_language(request)
    customer = policy.current_customer(request)
    chosen = request.POST.get("language", "")
    if customer is not None and chosen in Language.values:
        accounts.set_language(customer=customer, language=chosen)
    return response
