"""Signing agents in and out, with failed attempts throttled per username and address."""

from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fairdesk.desk.forms import SignInForm
from fairdesk.lib import throttle


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("desk:my_work")


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        key = throttle.attempt_key("desk-login", username, request)
        if throttle.is_blocked(key):
            form.add_error(None, _("Too many failed attempts. Please wait a few minutes."))
            status = 429
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is not None:
                throttle.reset(key)
                login(request, user)
                return redirect(_next_url(request))
            throttle.record_failure(key)
            form.add_error(None, _("Username and password do not match."))
            status = 401
    return render(
        request,
        "desk/sign_in.html",
        {"form": form, "next": _next_url(request)},
        status=status,
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("desk:login")
