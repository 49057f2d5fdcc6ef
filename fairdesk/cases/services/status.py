"""A case's status and priority, changed by an agent or by the customer."""

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from fairdesk.accounts.models import Customer
from fairdesk.cases import rules
from fairdesk.cases.events import Event, case_event
from fairdesk.cases.models import (
    Case,
    Entry,
    EntryKind,
    Priority,
    Status,
)
from fairdesk.cases.services.rows import audit, lock_open, status_entry, touch, write_entry
from fairdesk.lib import clock
from fairdesk.lib.errors import Conflict, DomainError
from fairdesk.lib.transactions import service


@service
def change_status(*, case: Case, agent: User | None, status: str, reason: str = "") -> Entry:
    if status not in Status.values:
        raise DomainError(_("Unknown status %(s)r.") % {"s": status}, field="status")
    case = Case.objects.select_for_update().get(pk=case.pk)
    old = case.status
    if not rules.can_change_status(old, status):
        raise Conflict(
            _("A case that is %(old)s cannot become %(new)s.") % {"old": old, "new": status},
            field="status",
        )
    now = clock.now()
    changes: dict = {"status": status}
    if status == Status.RESOLVED:
        changes["resolved_at"] = now
    elif old == Status.RESOLVED and status != Status.CLOSED:
        changes["resolved_at"] = None
    touch(case, **changes)
    entry = status_entry(case, old, status, agent=agent, reason=reason)
    audit("case.status", case=case, agent=agent, old=old, new=status)
    case_event(case=case, event=Event.STATUS_CHANGED, entry=entry, old=old, new=status)
    return entry


@service
def reopen(*, case: Case, agent: User, reason: str = "") -> Entry:
    """An agent opens a closed case again (closing was a mistake, or the matter came back).

    Its own intent, not a status change: only an agent may do it, and never for a case that
    was merged away (its history lives in the surviving case)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != Status.CLOSED:
        raise Conflict(_("Only a closed case can be reopened."), field="status")
    if case.merged_into_id:
        raise Conflict(
            _("This case was merged into %(ref)s; work on that one.")
            % {"ref": case.merged_into.reference},
            field="status",
        )
    reason = " ".join((reason or "").split())[:1000]
    touch(case, status=Status.OPEN, resolved_at=None)
    entry = status_entry(case, Status.CLOSED, Status.OPEN, agent=agent, reason=reason or "reopened")
    audit("case.reopened", case=case, agent=agent, reason=reason)
    case_event(
        case=case, event=Event.STATUS_CHANGED, entry=entry, old=Status.CLOSED, new=Status.OPEN
    )
    return entry


@service
def resolve_by_customer(*, case: Case, customer: Customer) -> Entry:
    """The customer says "this solved it"."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status not in rules.TRANSITIONS or not rules.can_change_status(
        case.status, Status.RESOLVED
    ):
        raise Conflict(_("Case %(ref)s is already done.") % {"ref": case.reference})
    old = case.status
    touch(case, status=Status.RESOLVED, resolved_at=clock.now())
    entry = status_entry(case, old, Status.RESOLVED, customer=customer, reason="solved")
    audit("case.status", case=case, customer=customer, old=old, new=Status.RESOLVED)
    case_event(case=case, event=Event.STATUS_CHANGED, entry=entry, old=old, new=Status.RESOLVED)
    return entry


@service
def change_priority(
    *,
    case: Case,
    agent: User | None,
    priority: str,
    reason: str = "",
    because: dict | None = None,
) -> Entry | None:
    """`because`: the facts of the event that caused it when fairdesk itself acts (a broken
    promise), so the timeline says the reason in each reader's language."""
    if priority not in Priority.values:
        raise DomainError(_("Unknown priority %(p)r.") % {"p": priority}, field="priority")
    old = case.priority
    if old == priority:
        return None
    case = lock_open(case)
    touch(case, priority=priority)
    entry = write_entry(
        case,
        EntryKind.SYSTEM,
        agent=agent,
        public=False,
        data={"field": "priority", "from": old, "to": priority, "reason": reason}
        | ({"because": because} if because else {}),
    )
    audit("case.priority", case=case, agent=agent, old=old, new=priority, reason=reason)
    return entry
