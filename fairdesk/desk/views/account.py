"""The agent's own account: their languages, two-factor sign-in and their API tokens (made
with an optional expiry, listed with their last use, revoked); and, for admins, which roles
must sign in with a second factor, and which cases agents see."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fairdesk.accounts import selectors as account_selectors
from fairdesk.accounts import services as accounts
from fairdesk.accounts import two_factor
from fairdesk.accounts.models import CaseVisibility, Role
from fairdesk.desk.policy import (
    AgentRequest,
    admin_required,
    agent_required,
    own_account_required,
)
from fairdesk.lib.errors import DomainError


class TokenForm(forms.Form):
    days = forms.IntegerField(
        label=gettext_lazy("Expires after (days)"),
        help_text=gettext_lazy("Leave empty for a token that does not expire."),
        required=False,
        min_value=1,
        max_value=3650,
    )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("My language"),
        help_text=gettext_lazy("Mail from fairdesk to you comes in this language."),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
    )
    spoken = forms.MultipleChoiceField(
        label=gettext_lazy("I also serve customers in"),
        help_text=gettext_lazy("Take next and automatic assignment prefer cases in these."),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def _language_form(request: AgentRequest) -> LanguageForm:
    languages = request.user.agent.languages or [settings.LANGUAGE_CODE]
    return LanguageForm(prefix="lang", initial={"language": languages[0], "spoken": languages})


@require_GET
@agent_required
def account(request: AgentRequest) -> HttpResponse:
    return _account_page(request, TokenForm(prefix="token"))


def _account_page(
    request: AgentRequest,
    form: TokenForm,
    *,
    new_key: str = "",
    status: int = 200,
    language_form: LanguageForm | None = None,
) -> HttpResponse:
    context = {
        "two_factor": two_factor.confirmed(request.user),
        "tokens": accounts.tokens_of(user=request.user),
        "token_form": form,
        "language_form": language_form or _language_form(request),
        "new_key": new_key,
    }
    return render(request, "desk/account.html", context, status=status)


@require_POST
@agent_required
def set_languages(request: AgentRequest) -> HttpResponse:
    form = LanguageForm(request.POST, prefix="lang")
    if form.is_valid():
        try:
            accounts.set_own_languages(
                user=request.user,
                language=form.cleaned_data["language"],
                spoken=form.cleaned_data["spoken"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Your languages are saved."))
            return redirect("desk:account")
    return _account_page(request, TokenForm(prefix="token"), language_form=form, status=422)


@require_POST
@own_account_required
def create_token(request: AgentRequest) -> HttpResponse:
    form = TokenForm(request.POST, prefix="token")
    if not form.is_valid():
        return _account_page(request, form, status=422)
    days = form.cleaned_data["days"]
    expires_in = timedelta(days=days) if days else None
    key = accounts.create_own_token(user=request.user, expires_in=expires_in)
    # The key is shown on this answer only (never put in a message or the session).
    return _account_page(request, TokenForm(prefix="token"), new_key=key, status=201)


@require_POST
@own_account_required
def revoke_token(request: AgentRequest, token_id: int) -> HttpResponse:
    try:
        token = accounts.revoke_own_token(user=request.user, token_id=token_id)
    except DomainError:
        raise Http404("No such token.") from None
    messages.success(request, _("Token fd_%(prefix)s… is revoked.") % {"prefix": token.prefix})
    return redirect("desk:account")


class TwoFactorRolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=gettext_lazy("Roles that must sign in with a second factor"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


@require_http_methods(["GET", "POST"])
@admin_required
def sign_in_settings(request: AgentRequest) -> HttpResponse:
    current = two_factor.desk_settings().two_factor_roles
    form = TwoFactorRolesForm(request.POST or None, initial={"roles": current})
    if request.method == "POST" and form.is_valid():
        try:
            two_factor.set_required_roles(admin=request.user, roles=form.cleaned_data["roles"])
        except DomainError as error:
            form.add_error("roles", error.message)
        else:
            messages.success(request, _("Sign-in settings saved."))
            return redirect("desk:admin_sign_in")
    status = 422 if form.errors else 200
    context = {"form": form, "section": "sign_in"}
    return render(request, "desk/admin/sign_in.html", context, status=status)


class VisibilityForm(forms.Form):
    visibility = forms.ChoiceField(
        label=gettext_lazy("Which cases agents see"),
        choices=CaseVisibility.choices,
        widget=forms.RadioSelect,
    )


@require_http_methods(["GET", "POST"])
@admin_required
def visibility_settings(request: AgentRequest) -> HttpResponse:
    current = account_selectors.case_visibility()
    form = VisibilityForm(request.POST or None, initial={"visibility": current})
    if request.method == "POST" and form.is_valid():
        try:
            accounts.set_case_visibility(
                admin=request.user, visibility=form.cleaned_data["visibility"]
            )
        except DomainError as error:
            form.add_error("visibility", error.message)
        else:
            messages.success(request, _("Case visibility saved."))
            return redirect("desk:admin_visibility")
    status = 422 if form.errors else 200
    context = {"form": form, "section": "visibility"}
    return render(request, "desk/admin/visibility.html", context, status=status)
