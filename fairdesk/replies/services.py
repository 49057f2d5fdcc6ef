"""Changes to saved replies."""

from datetime import timedelta

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from fairdesk.accounts.models import Team
from fairdesk.cases import services as cases
from fairdesk.cases.models import Case, Entry
from fairdesk.lib import clock
from fairdesk.lib.errors import DomainError, NotAllowed
from fairdesk.lib.transactions import service
from fairdesk.promises import services as promises
from fairdesk.replies.models import SavedReply, Scope
from fairdesk.replies.selectors import (
    VARIABLES,
    filling,
    may_change,
    unknown_variables,
)


def _may_share_with_everyone(agent: User) -> bool:
    """Global replies speak for the whole desk: team leads and administrators write them."""
    profile = getattr(agent, "agent", None)
    return bool(agent.is_superuser or (profile and profile.is_admin) or agent.teams_led.exists())


@service
def save_reply(
    *,
    agent: User,
    title: str,
    body_de: str,
    body_en: str,
    scope: str,
    team: Team | None = None,
    reply: SavedReply | None = None,
    **macro: object,
) -> SavedReply:
    """Create a saved reply (or change `reply`, which the agent must be allowed to see)."""
    title = " ".join((title or "").split())[:200]
    if not title:
        raise DomainError(_("A saved reply needs a title."), field="title")
    if not (body_de.strip() or body_en.strip()):
        raise DomainError(_("Write the text in German or English."), field="body_de")
    _refuse_unknown_variables(body_de=body_de, body_en=body_en)
    if scope not in Scope.values:
        raise DomainError(_("Choose who sees it."), field="scope")
    if scope == Scope.TEAM and (team is None or not agent.agent.teams.filter(pk=team.pk).exists()):
        raise NotAllowed(_("Share it with a team you belong to."), field="team")
    if scope == Scope.GLOBAL and not _may_share_with_everyone(agent):
        raise NotAllowed(_("Only team leads share replies with everyone."), field="scope")
    values = {
        "title": title,
        "body_de": body_de.strip(),
        "body_en": body_en.strip(),
        "scope": scope,
        "owner": agent if scope == Scope.PERSONAL else None,
        "team": team if scope == Scope.TEAM else None,
        "updated_at": clock.now(),
        **{name: value for name, value in macro.items() if name.startswith("then_")},
    }
    if reply is None:
        return SavedReply.objects.create(**values)
    if not may_change(agent, reply):
        raise NotAllowed(_("Only its owner, a team lead or an administrator may change it."))
    SavedReply.objects.filter(pk=reply.pk).update(**values)
    reply.refresh_from_db()
    return reply


def _braced(names: list[str] | tuple[str, ...]) -> str:
    return ", ".join(f"{{{name}}}" for name in names)


def _refuse_unknown_variables(*, body_de: str, body_en: str) -> None:
    """A word in braces that is no variable would reach the customer as typed."""
    for field, text in (("body_de", body_de), ("body_en", body_en)):
        unknown = unknown_variables(text)
        if unknown:
            raise DomainError(
                _("Unknown variable %(unknown)s; the variables are %(known)s.")
                % {"unknown": _braced(unknown), "known": _braced(VARIABLES)},
                field=field,
            )


@service
def apply_macro(*, reply: SavedReply, case: Case, agent: User) -> Entry:
    """Send the saved reply (filled in for `case`) and make the macro's other changes, each
    through its own service and on the timeline, all in this one transaction: a refused
    step (a closed business hour for the promise, a case someone took) leaves nothing done.
    A variable with no value for this case is refused: the reply goes out without a look."""
    body, empty = filling(reply, case=case, agent=agent)
    if empty:
        raise DomainError(
            _("This case has no value for %(names)s; write the reply yourself.")
            % {"names": _braced(empty)}
        )
    sent = cases.reply(case=case, agent=agent, body=body)
    if reply.then_take and not Case.objects.filter(pk=case.pk, assignee__isnull=False).exists():
        cases.take(case=case, agent=agent)
    if reply.then_status:
        cases.change_status(case=case, agent=agent, status=reply.then_status, reason=reply.title)
    if reply.then_priority:
        cases.change_priority(
            case=case, agent=agent, priority=reply.then_priority, reason=reply.title
        )
    if reply.then_tags:
        names = list(case.tags.values_list("name", flat=True)) + reply.then_tags.split(",")
        cases.set_tags(case=case, agent=agent, names=names)
    if reply.then_hand_to_id and reply.then_hand_to_id != _owner_id(case):
        note = reply.then_handoff_note or reply.title
        cases.hand_over(case=case, agent=agent, to_agent=reply.then_hand_to, note=note)
    if reply.then_promise:
        hours = timedelta(hours=reply.then_promise_hours or 24)
        promises.make_promise(
            case=case,
            agent=agent,
            kind=reply.then_promise,
            due_at=clock.now() + hours,
            description=reply.title,
        )
    return sent


def _owner_id(case: Case) -> int | None:
    return Case.objects.filter(pk=case.pk).values_list("assignee_id", flat=True).first()


@service
def delete_reply(*, agent: User, reply: SavedReply) -> None:
    if not may_change(agent, reply):
        raise NotAllowed(_("Only its owner, a team lead or an administrator may delete it."))
    SavedReply.objects.filter(pk=reply.pk).delete()
