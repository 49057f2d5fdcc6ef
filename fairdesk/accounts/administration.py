"""Changes admins make to teams and agents from the desk, each recorded as an AccountEvent.

Re-exported by accounts.services, the one name callers import. Who may call these is the
interface's policy (the desk's admin pages); the rules about what is allowed live here.
"""

from collections.abc import Iterable

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from fairdesk.accounts.models import (
    AccountEvent,
    AgentProfile,
    ApiToken,
    CaseVisibility,
    DeskSettings,
    Team,
)
from fairdesk.accounts.selectors import VISIBILITY_KEY
from fairdesk.lib import clock, request_memo
from fairdesk.lib.errors import Conflict, DomainError
from fairdesk.lib.transactions import service


def _audit(actor: User | None, action: str, **data) -> None:
    AccountEvent.objects.create(at=clock.now(), actor=actor, action=action, data=data)


def _team_name(name: str, *, team: Team | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(_("A team needs a name."), field="name")
    if len(name) > 100:
        raise DomainError(_("A team name has at most 100 characters."), field="name")
    taken = Team.objects.filter(name__iexact=name)
    if team is not None:
        taken = taken.exclude(pk=team.pk)
    if taken.exists():
        raise DomainError(
            _("A team named “%(name)s” exists already.") % {"name": name}, field="name"
        )
    return name


def _check_agents(users: Iterable[User], field: str) -> list[User]:
    users = list(users)
    if any(not hasattr(user, "agent") for user in users):
        raise DomainError(_("Only agents can be members or leads of a team."), field=field)
    return users


@service
def create_team(
    *,
    admin: User,
    name: str,
    lead: User | None = None,
    escalation_team: Team | None = None,
    members: Iterable[User] = (),
) -> Team:
    """A new team with its lead and members (the lead is a member too)."""
    team = Team.objects.create(name=_team_name(name), escalation_team=escalation_team)
    _set_people(team, lead=lead, members=members)
    _audit(admin, "team.created", team=team.pk, name=team.name)
    return team


@service
def change_team(
    *,
    admin: User,
    team: Team,
    name: str,
    lead: User | None,
    escalation_team: Team | None,
    members: Iterable[User],
) -> Team:
    """Rename a team, change its lead, escalation team and members (the lead stays a member)."""
    if escalation_team is not None and escalation_team.pk == team.pk:
        raise DomainError(_("A team cannot escalate to itself."), field="escalation_team")
    before = {"name": team.name, "lead": team.lead_id, "escalation_team": team.escalation_team_id}
    team.name = _team_name(name, team=team)
    team.escalation_team = escalation_team
    team.save(update_fields=["name", "escalation_team"])
    _set_people(team, lead=lead, members=members)
    after = {"name": team.name, "lead": team.lead_id, "escalation_team": team.escalation_team_id}
    _audit(admin, "team.changed", team=team.pk, before=before, after=after)
    return team


def _set_people(team: Team, *, lead: User | None, members: Iterable[User]) -> None:
    members = _check_agents(members, "members")
    if lead is not None:
        _check_agents([lead], "lead")
        members = [*members, lead]
    team.lead = lead
    team.save(update_fields=["lead"])
    # Deactivated members are not offered on the form; they stay until someone removes them
    # here, so saving a team never drops people silently.
    inactive = list(team.agents.filter(user__is_active=False))
    team.agents.set([*AgentProfile.objects.filter(user__in=members), *inactive])


def _new_username(username: str) -> str:
    username = (username or "").strip()
    if not username:
        raise DomainError(_("An agent needs a username."), field="username")
    try:
        get_user_model().username_validator(username)
    except ValidationError:
        raise DomainError(
            _("A username may contain letters, digits and @ . + - _ only."), field="username"
        ) from None
    if get_user_model().objects.filter(username__iexact=username).exists():
        raise DomainError(
            _("The username “%(name)s” is taken.") % {"name": username}, field="username"
        )
    return username


@service
def invite_agent(
    *,
    admin: User,
    username: str,
    name: str,
    email: str,
    teams: Iterable[Team] = (),
    is_admin: bool = False,
) -> User:
    """A new agent without a password: they choose one through their invitation link."""
    from fairdesk.accounts.services import create_agent, normalise_email

    user = create_agent(
        username=_new_username(username),
        password=None,  # unusable until the invitation is accepted
        name=" ".join((name or "").split())[:150],
        email=normalise_email(email),
        teams=tuple(teams),
        is_admin=is_admin,
    )
    _audit(admin, "agent.invited", agent=user.pk, username=user.get_username(), admin=is_admin)
    return user


def invitation(user: User) -> tuple[str, str]:
    """The (uid, token) pair of `user`'s one-time link to choose a password.

    Django's token covers the password hash and last sign-in, so it stops working once the
    password is set; it also expires after PASSWORD_RESET_TIMEOUT (three days by default).
    """
    return urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)


def invited_agent(uid: str, token: str) -> User | None:
    """The active agent the link (uid, token) invites, or None when it is no longer valid."""
    try:
        pk = int(urlsafe_base64_decode(uid).decode())
    except (ValueError, TypeError, UnicodeDecodeError):
        return None
    user = get_user_model().objects.filter(pk=pk, is_active=True, agent__isnull=False).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


@service
def accept_invitation(*, uid: str, token: str, password: str) -> User:
    """Set the invited agent's password; the link is used up by it."""
    user = invited_agent(uid, token)
    if user is None:
        raise Conflict(_("This link is no longer valid. Ask an administrator for a new one."))
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), field="password") from None
    user.set_password(password)
    user.save(update_fields=["password"])
    _audit(user, "agent.invitation_accepted", agent=user.pk)
    return user


def _refuse_self(admin: User, user: User, message: str) -> None:
    if admin.pk == user.pk:
        raise Conflict(message)


@service
def deactivate_agent(*, admin: User, user: User) -> int:
    """Stop `user` from signing in; returns how many API tokens were revoked.

    The password becomes unusable, which also ends every session (Django signs sessions with
    the password hash), and a later reactivation needs a fresh invitation.
    """
    _refuse_self(admin, user, _("You cannot deactivate yourself."))
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password"])
    revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=clock.now()
    )
    _audit(admin, "agent.deactivated", agent=user.pk, tokens_revoked=revoked)
    return revoked


@service
def reactivate_agent(*, admin: User, user: User) -> User:
    """Let a deactivated agent back in: they choose a new password through a new invitation."""
    if user.is_active:
        raise Conflict(_("This agent is active already."))
    user.is_active = True
    user.save(update_fields=["is_active"])
    _audit(admin, "agent.reactivated", agent=user.pk)
    return user


@service
def set_admin_role(*, admin: User | None, user: User, is_admin: bool) -> None:
    """Give or take the admin role; nobody takes their own (so a desk keeps an admin).

    `admin` is None when an operator does it from the command line.
    """
    if not is_admin and admin is not None:
        _refuse_self(admin, user, _("You cannot take away your own admin role."))
    AgentProfile.objects.filter(user=user).update(is_admin=is_admin)
    user.agent.is_admin = is_admin
    _audit(admin, "agent.admin_role", agent=user.pk, is_admin=is_admin)


@service
def set_auditor_role(*, admin: User | None, user: User, is_auditor: bool) -> None:
    """Make `user` a read-only auditor (they read every case and change nothing), or not."""
    if is_auditor and admin is not None:
        _refuse_self(admin, user, _("You cannot make yourself an auditor."))
    AgentProfile.objects.filter(user=user).update(is_auditor=is_auditor)
    user.agent.is_auditor = is_auditor
    _audit(admin, "agent.auditor_role", agent=user.pk, is_auditor=is_auditor)


@service
def set_case_visibility(*, admin: User | None, visibility: str) -> None:
    """Whether agents see every case ("all") or their teams' and their own ("teams"); counts
    from the next request in every process (it is read once per request)."""
    if visibility not in CaseVisibility.values:
        raise DomainError(_("Choose one of the offered settings."), field="visibility")
    DeskSettings.objects.update_or_create(pk=1, defaults={"case_visibility": visibility})
    _audit(admin, "settings.case_visibility", visibility=visibility)
    request_memo.forget(VISIBILITY_KEY)  # this request's own later checks see it too
