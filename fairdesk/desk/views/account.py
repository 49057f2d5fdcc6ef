"""The agent's own account: two-factor sign-in and their API tokens (expiry, last use);
and, for admins, which roles must sign in with a second factor."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from fairdesk.accounts import services as accounts
from fairdesk.accounts import two_factor
from fairdesk.accounts.models import Role
from fairdesk.desk.policy import AgentRequest, admin_required, agent_required
from fairdesk.lib.errors import DomainError


@require_GET
@agent_required
def account(request: AgentRequest) -> HttpResponse:
    context = {
        "two_factor": two_factor.confirmed(request.user),
        "tokens": accounts.tokens_of(user=request.user),
    }
    return render(request, "desk/account.html", context)


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
