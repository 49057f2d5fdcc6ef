"""Administration: teams and their members, agents (invitations, deactivation, admin role),
and the page where an invited agent chooses a password."""

from typing import cast

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Prefetch
from django.forms import ModelChoiceField
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fairdesk.accounts import services as accounts
from fairdesk.accounts.models import AgentProfile, Team
from fairdesk.desk.admin_forms import InvitationForm, InviteForm, TeamForm, posted
from fairdesk.desk.policy import AgentRequest, admin_required
from fairdesk.lib.errors import DomainError


def _teams():
    agents = AgentProfile.objects.select_related("user").order_by("user__first_name")
    return Team.objects.select_related("lead", "escalation_team").prefetch_related(
        Prefetch("agents", queryset=agents)
    )


def _team_values(data: dict) -> dict:
    return {
        "name": data["name"],
        "lead": data["lead"],
        "escalation_team": data["escalation_team"],
        "members": data["members"],
    }


@require_http_methods(["GET", "POST"])
@admin_required
def teams(request: AgentRequest) -> HttpResponse:
    """All teams with their people; the form below adds one."""
    form = TeamForm(posted(request), prefix="team")
    if request.method == "POST" and form.is_valid():
        try:
            team = accounts.create_team(admin=request.user, **_team_values(form.cleaned_data))
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Team %(name)s created.") % {"name": team.name})
            return redirect("desk:admin_teams")
    status = 422 if request.method == "POST" else 200
    context = {"teams": _teams(), "form": form, "section": "teams"}
    return render(request, "desk/admin/teams.html", context, status=status)


@require_http_methods(["GET", "POST"])
@admin_required
def team(request: AgentRequest, team_id: int) -> HttpResponse:
    team = get_object_or_404(Team, pk=team_id)
    initial = {
        "name": team.name,
        "lead": team.lead_id,
        "escalation_team": team.escalation_team_id,
        "members": [p.user_id for p in team.agents.all()],
    }
    form = TeamForm(posted(request), initial=initial, prefix="team")
    escalation = cast(ModelChoiceField, form.fields["escalation_team"])
    escalation.queryset = Team.objects.exclude(pk=team.pk)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.change_team(admin=request.user, team=team, **_team_values(form.cleaned_data))
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Team %(name)s saved.") % {"name": team.name})
            return redirect("desk:admin_teams")
    status = 422 if request.method == "POST" else 200
    context = {"team": team, "form": form, "section": "teams"}
    return render(request, "desk/admin/team.html", context, status=status)


def invitation_url(request: HttpRequest, user) -> str:
    uid, token = accounts.invitation(user)
    return request.build_absolute_uri(reverse("desk:invitation", args=[uid, token]))


def _agents():
    return (
        get_user_model()
        .objects.filter(agent__isnull=False)
        .select_related("agent")
        .prefetch_related("agent__teams")
        .order_by("-is_active", "first_name", "last_name", "username")
    )


@require_http_methods(["GET", "POST"])
@admin_required
def agents(request: AgentRequest) -> HttpResponse:
    """All agents; the form below invites one and shows the link to pass on."""
    form = InviteForm(posted(request), prefix="invite")
    link, invited = "", None
    if request.method == "POST" and form.is_valid():
        try:
            invited = accounts.invite_agent(admin=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            link = invitation_url(request, invited)
            form = InviteForm(prefix="invite")
    status = 422 if request.method == "POST" and not link else 200
    context = {
        "agents": _agents(),
        "form": form,
        "link": link,
        "invited": invited,
        "section": "agents",
    }
    return render(request, "desk/admin/agents.html", context, status=status)


AGENT_ACTIONS = (
    "deactivate",
    "reactivate",
    "make_admin",
    "remove_admin",
    "make_auditor",
    "remove_auditor",
    "new_link",
)


def _run_agent_action(request: AgentRequest, user: User, action: str) -> str:
    """Run `action` on `user`; returns the message to show."""
    who = user.get_full_name() or user.get_username()
    if action == "deactivate":
        revoked = accounts.deactivate_agent(admin=request.user, user=user)
        return _("%(who)s can no longer sign in; %(n)s API tokens revoked.") % {
            "who": who,
            "n": revoked,
        }
    if action == "reactivate":
        accounts.reactivate_agent(admin=request.user, user=user)
        return _("%(who)s is active again: pass on this link to choose a password: %(link)s") % {
            "who": who,
            "link": invitation_url(request, user),
        }
    if action == "new_link":
        return _("Pass this link on to %(who)s to choose a password: %(link)s") % {
            "who": who,
            "link": invitation_url(request, user),
        }
    if action in ("make_auditor", "remove_auditor"):
        is_auditor = action == "make_auditor"
        accounts.set_auditor_role(admin=request.user, user=user, is_auditor=is_auditor)
        return _("%(who)s's auditor role changed.") % {"who": who}
    accounts.set_admin_role(admin=request.user, user=user, is_admin=action == "make_admin")
    return _("%(who)s's admin role changed.") % {"who": who}


@require_POST
@admin_required
def agent_action(request: AgentRequest, user_id: int, action: str) -> HttpResponse:
    if action not in AGENT_ACTIONS:
        raise Http404("No such action.")
    user = get_object_or_404(get_user_model(), pk=user_id, agent__isnull=False)
    try:
        message = _run_agent_action(request, user, action)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, message)
    return redirect("desk:admin_agents")


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, uid: str, token: str) -> HttpResponse:
    """The one-time page where an invited agent chooses a password (no sign-in needed)."""
    user = accounts.invited_agent(uid, token)
    if user is None:
        return render(request, "desk/admin/invitation.html", {"expired": True}, status=410)
    form = InvitationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            accounts.accept_invitation(uid=uid, token=token, password=form.cleaned_data["password"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Your password is set. Please sign in."))
            return redirect("desk:login")
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "invited": user}
    return render(request, "desk/admin/invitation.html", context, status=status)
