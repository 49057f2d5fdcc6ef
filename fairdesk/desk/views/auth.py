"""Signing agents in and out: a password, then a code when the agent has (or must have)
two-factor sign-in; failed attempts counted per client address and per account apart."""

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model, login, logout
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fairdesk.accounts import two_factor
from fairdesk.accounts.throttle import SignInAttempt
from fairdesk.desk.forms import CodeForm, SignInForm
from fairdesk.lib.addresses import client_address
from fairdesk.lib.errors import DomainError

PENDING = "desk_pending_user"
PENDING_HASH = "desk_pending_hash"
BACKEND = "fairdesk.accounts.backends.AccountBackend"


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("desk:my_work")


def _attempt(request: HttpRequest, scope: str, username: str) -> SignInAttempt:
    return SignInAttempt(scope, address=client_address(request), account=username)


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        attempt = _attempt(request, "desk", username)
        if attempt.address_blocked():
            form.add_error(None, _("Too many failed attempts. Please wait a few minutes."))
            return _page(request, form, 429)
        user = authenticate(request, username=username, password=form.cleaned_data["password"])
        if user is None:
            attempt.failed()
            form.add_error(None, _("Username and password do not match."))
            return _page(request, form, 401)
        if two_factor.confirmed(user) is not None or two_factor.required_for(user):
            # The second step also lets the owner of an account others are guessing at in.
            return _to_second_step(request, user)
        if attempt.account_blocked():
            form.add_error(
                None,
                _(
                    "This account is locked for a while after many failed attempts. "
                    "With two-factor sign-in you could still sign in."
                ),
            )
            return _page(request, form, 429)
        attempt.succeeded()
        login(request, user, backend=BACKEND)
        return redirect(_next_url(request))
    return _page(request, form, status)


def _page(request: HttpRequest, form: SignInForm, status: int) -> HttpResponse:
    context = {"form": form, "next": _next_url(request)}
    return render(request, "desk/sign_in.html", context, status=status)


def _to_second_step(request: HttpRequest, user: User) -> HttpResponse:
    request.session.cycle_key()
    request.session[PENDING] = user.pk
    # The password hash's fingerprint: a password change meanwhile voids the first step.
    request.session[PENDING_HASH] = user.get_session_auth_hash()
    return redirect(f"{reverse('desk:sign_in_code')}?{urlencode({'next': _next_url(request)})}")


def _pending_user(request: HttpRequest) -> User | None:
    pk = request.session.get(PENDING)
    user = get_user_model().objects.filter(pk=pk, is_active=True).first() if pk else None
    if user is None or user.get_session_auth_hash() != request.session.get(PENDING_HASH):
        return None
    return user


@require_http_methods(["GET", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponse:
    """The second step: a code for an enrolled agent, enrollment for one who must enroll."""
    user = _pending_user(request)
    if user is None:
        return redirect("desk:login")
    if two_factor.confirmed(user) is None:
        return _enroll(request, user, signing_in=True)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        attempt = _attempt(request, "desk-code", user.get_username())
        if attempt.address_blocked() or attempt.account_blocked():
            form.add_error(None, _("Too many failed attempts. Please wait a few minutes."))
            status = 429
        elif two_factor.verify(user=user, code=form.cleaned_data["code"]):
            attempt.succeeded()
            _attempt(request, "desk", user.get_username()).succeeded()
            return _finish(request, user)
        else:
            attempt.failed()
            form.add_error("code", _("This code is not right. Try the newest one."))
            status = 401
    context = {"form": form, "next": _next_url(request)}
    return render(request, "desk/sign_in_code.html", context, status=status)


def _finish(request: HttpRequest, user: User) -> HttpResponse:
    for key in (PENDING, PENDING_HASH):
        request.session.pop(key, None)
    login(request, user, backend=BACKEND)
    return redirect(_next_url(request))


@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """A signed-in agent sets up two-factor sign-in of their own accord."""
    if not request.user.is_authenticated or not hasattr(request.user, "agent"):
        raise PermissionDenied("Only agents may set up two-factor sign-in.")
    return _enroll(request, request.user, signing_in=False)


def _enroll(request: HttpRequest, user: User, *, signing_in: bool) -> HttpResponse:
    if two_factor.confirmed(user) is not None:
        return render(request, "desk/two_factor.html", {"enrolled": True})
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.confirm_enrollment(user=user, code=form.cleaned_data["code"])
        except DomainError as error:
            form.add_error("code", error.message)
            status = 422
        else:
            if signing_in:
                _finish(request, user)
            return render(request, "desk/recovery_codes.html", {"codes": codes})
    secret = two_factor.pending_secret(user)
    if secret is None:
        two_factor.start_enrollment(user=user)
        secret = two_factor.pending_secret(user)
    context = {
        "form": form,
        "secret": secret,
        "uri": two_factor.provisioning_uri(user, secret or ""),
        "required": signing_in,
        "next": _next_url(request),
    }
    return render(request, "desk/two_factor.html", context, status=status)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("desk:login")


def admin_sign_in(request: HttpRequest, extra_context=None) -> HttpResponse:
    """The Django admin's sign-in page is the desk's: throttled, with two-factor sign-in."""
    if request.user.is_authenticated:
        raise PermissionDenied("Only administrators may open the admin.")
    target = request.GET.get("next") or reverse("admin:index")
    return redirect(f"{settings.LOGIN_URL}?{urlencode({'next': target})}")
