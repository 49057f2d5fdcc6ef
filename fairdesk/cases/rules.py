"""Rules about cases that need no database: transitions and the repeat-contact rule."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from fairdesk.cases.models import Status

# Which status may follow which. A customer message may also reopen a resolved case
# (see services.add_customer_message); closed is final.
TRANSITIONS: dict[str, set[str]] = {
    Status.NEW: {
        Status.OPEN,
        Status.WAITING_ON_CUSTOMER,
        Status.WAITING_ON_THIRD_PARTY,
        Status.RESOLVED,
        Status.CLOSED,
    },
    Status.OPEN: {
        Status.WAITING_ON_CUSTOMER,
        Status.WAITING_ON_THIRD_PARTY,
        Status.RESOLVED,
        Status.CLOSED,
    },
    Status.WAITING_ON_CUSTOMER: {
        Status.OPEN,
        Status.WAITING_ON_THIRD_PARTY,
        Status.RESOLVED,
        Status.CLOSED,
    },
    Status.WAITING_ON_THIRD_PARTY: {
        Status.OPEN,
        Status.WAITING_ON_CUSTOMER,
        Status.RESOLVED,
        Status.CLOSED,
    },
    Status.RESOLVED: {Status.OPEN, Status.CLOSED},
    Status.CLOSED: set(),
}


def can_change_status(current: str, new: str) -> bool:
    return new in TRANSITIONS.get(current, set())


@dataclass(frozen=True)
class OpenCase:
    """What the repeat-contact rule needs to know of one of the customer's cases."""

    id: int
    reference: str
    status: str
    last_activity: datetime


@dataclass(frozen=True)
class Join:
    """The case a new contact joins; `confirm` when an agent should check the choice
    (other open cases of the customer were active too, listed in `others`)."""

    case: OpenCase
    confirm: bool = False
    others: tuple[str, ...] = ()


def case_to_join(
    candidates: list[OpenCase],
    *,
    named_reference: str | None,
    now: datetime,
    window: timedelta,
) -> Join | None:
    """The customer's open case a new contact belongs to, or None for a new case.

    One case, one history, whatever the channel and category: a contact naming one of the
    customer's unresolved cases joins it; without a reference it joins the customer's
    unresolved case active within `window`. With several, the most recently active one,
    flagged for an agent to confirm (the customer can split it off as a new matter).
    """
    unresolved = [c for c in candidates if c.status not in (Status.RESOLVED, Status.CLOSED)]
    if named_reference:
        for case in unresolved:
            if case.reference == named_reference:
                return Join(case)
    recent = [c for c in unresolved if now - c.last_activity <= window]
    if not recent:
        return None
    recent.sort(key=lambda c: (c.last_activity, c.id), reverse=True)
    chosen, others = recent[0], recent[1:]
    return Join(chosen, confirm=bool(others), others=tuple(c.reference for c in others))
