"""Who works on a case: handing it over, taking it."""

from django.contrib.auth.models import User
from django.db.models import F
from django.utils.translation import gettext as _

from fairdesk.accounts.models import Team
from fairdesk.cases.events import Event, case_event
from fairdesk.cases.models import (
    Case,
    Entry,
    EntryKind,
)
from fairdesk.cases.services.rows import audit, check_text, lock_open, touch, write_entry
from fairdesk.lib import clock
from fairdesk.lib.errors import Conflict, DomainError
from fairdesk.lib.transactions import service


@service
def hand_over(
    *,
    case: Case,
    agent: User | None,
    note: str,
    to_team: Team | None = None,
    to_agent: User | None = None,
    because: dict | None = None,
) -> Entry:
    """Give the case to another agent or team queue, with a note for whoever takes it;
    a closed case is refused, as `take` refuses it.

    `agent` is None when fairdesk itself moves the case (an escalation); `because` then holds
    the facts of what caused it, which the timeline says in each reader's language.
    """
    note = (note or "").strip()
    if not note:
        raise DomainError(_("A handoff needs a note for the next person."), field="note")
    if to_team is None and to_agent is None:
        raise DomainError(_("Say who takes the case over."), field="owner")
    case = lock_open(case)  # a closed case goes nowhere: reopened first, it can
    team = to_team or case.team
    if to_agent is not None:
        profile = getattr(to_agent, "agent", None)
        if profile is None or not to_agent.is_active:
            raise DomainError(
                _("%(name)s is not an active agent.") % {"name": to_agent}, field="owner"
            )
        if to_team is None and not profile.teams.filter(pk=team.pk).exists():
            team = profile.teams.order_by("id").first() or team
    before = owner_facts(case.team.name, case.assignee if case.assignee_id else None)
    after = owner_facts(team.name, to_agent)
    if before == after:
        raise Conflict(_("The case is already there."), field="owner")
    touch(case, team=team, assignee=to_agent, handoff_count=F("handoff_count") + 1)
    case.refresh_from_db(fields=["handoff_count"])
    entry = write_entry(
        case,
        EntryKind.OWNER,
        agent=agent,
        public=False,
        body=check_text(note),
        data={"from": before, "to": after} | ({"because": because} if because else {}),
    )
    audit("case.handover", case=case, agent=agent, old=before, new=after)
    case_event(case=case, event=Event.HANDED_OVER, entry=entry)
    return entry


def owner_facts(team: str, agent: User | None) -> dict:
    """Who holds the case, as an owner entry keeps it: the team, the agent's username and
    the name the desk shows them by (at the time; older entries have the username only)."""
    if agent is None:
        return {"team": team, "agent": None}
    name = agent.get_full_name() or agent.get_username()
    return {"team": team, "agent": agent.get_username(), "name": name}


@service
def take(*, case: Case, agent: User) -> None:
    """An agent takes a case from their team's queue (no note needed: nothing is handed on);
    a closed case is refused (reopened first, it is in the queue again)."""
    case = lock_open(case)
    if case.assignee_id:
        raise Conflict(_("The case already has an owner; hand it over instead."), field="owner")
    touch(case, assignee=agent)
    entry = write_entry(
        case,
        EntryKind.OWNER,
        agent=agent,
        public=False,
        data={
            "from": owner_facts(case.team.name, None),
            "to": owner_facts(case.team.name, agent),
        },
    )
    audit("case.take", case=case, agent=agent)
    case_event(case=case, event=Event.TAKEN, entry=entry)


@service
def assign(*, case: Case, to_agent: User, why: dict, only_if_unowned: bool = True) -> bool:
    """fairdesk gives the case to an agent (automatic assignment), saying why in `why`
    (facts the timeline renders). With `only_if_unowned` it claims the case with a
    conditional UPDATE, so two workers never both assign it: False when another was first."""
    claimed = Case.objects.filter(pk=case.pk)
    if only_if_unowned:
        claimed = claimed.filter(assignee__isnull=True)
    before = case.assignee if case.assignee_id else None
    if not claimed.update(assignee=to_agent, updated_at=clock.now()):
        return False
    case.assignee = to_agent
    team = case.team.name
    entry = write_entry(
        case,
        EntryKind.OWNER,
        public=False,
        data={
            "from": owner_facts(team, before),
            "to": owner_facts(team, to_agent),
            "auto": why,
        },
    )
    audit("case.assign", case=case, agent=None, to=to_agent.get_username(), why=why)
    case_event(case=case, event=Event.ASSIGNED, entry=entry)
    return True
