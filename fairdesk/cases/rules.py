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
    category_id: int | None
    status: str
    last_activity: datetime


def case_to_join(
    candidates: list[OpenCase],
    *,
    named_reference: str | None,
    category_id: int | None,
    now: datetime,
    window: timedelta,
) -> OpenCase | None:
    """The customer's open case a new contact belongs to, or None for a new case.

    One case, one history: a contact naming one of the customer's unresolved cases joins
    it; without a reference, a contact about the same category joins the most recently
    active unresolved case of that category if it was active within `window`.
    """
    unresolved = [c for c in candidates if c.status not in (Status.RESOLVED, Status.CLOSED)]
    if named_reference:
        for case in unresolved:
            if case.reference == named_reference:
                return case
    if category_id is None:
        return None
    same = [
        c for c in unresolved if c.category_id == category_id and now - c.last_activity <= window
    ]
    return max(same, key=lambda c: c.last_activity, default=None)
