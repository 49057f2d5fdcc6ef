"""A case reaction (settings.FAIRDESK_CASE_REACTIONS): tells the agents a case event concerns,
in the same transaction as the change (a rolled-back change tells nobody). The agent who
caused the event is never told of their own action."""

from fairdesk.cases.events import Event
from fairdesk.cases.models import Case, Entry
from fairdesk.notifications import services
from fairdesk.notifications.models import Kind

# A new message from the customer on a case someone owns: the owner hears of it.
_CUSTOMER_WROTE = (Event.CUSTOMER_MESSAGE, Event.JOINED)


def on_case_event(*, case: Case, event: Event, entry: Entry | None = None, **facts: object) -> None:
    actor = entry.author_user if entry is not None and entry.author_user_id else None
    owner = [case.assignee_id] if case.assignee_id else []
    if event == Event.ASSIGNED and owner:
        _notify(owner, Kind.ASSIGNED, case, entry, actor)
    elif event == Event.HANDED_OVER and owner and _to_owner(entry, case):
        _notify(owner, Kind.HANDED_OVER, case, entry, actor)
    elif event in _CUSTOMER_WROTE and owner:
        _notify(owner, Kind.REPLIED, case, entry, actor)
    elif event == Event.PROMISE_AT_RISK and owner:
        promise = facts.get("promise")
        _notify(
            owner, Kind.AT_RISK, case, entry, actor, promise if isinstance(promise, dict) else {}
        )
    elif event == Event.MENTIONED:
        agents = facts.get("agents")
        _notify(
            list(agents) if isinstance(agents, list) else [], Kind.MENTIONED, case, entry, actor
        )


def _to_owner(entry: Entry | None, case: Case) -> bool:
    """A handover that names the case's owner as who takes it (not a move between queues
    that leaves the owner in place)."""
    if entry is None:
        return False
    before = (entry.data.get("from") or {}).get("agent")
    after = (entry.data.get("to") or {}).get("agent")
    return bool(after) and after != before


def _notify(recipients, kind, case, entry, actor, data=None) -> None:
    services.notify(
        recipients=recipients, kind=kind, case=case, entry=entry, actor=actor, data=data
    )
