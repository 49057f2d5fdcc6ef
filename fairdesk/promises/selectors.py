"""Read queries about promises and credits."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from fairdesk.cases.models import Case
from fairdesk.lib import clock
from fairdesk.promises.models import Credit, CreditState, Promise, State


def owed() -> Q:
    """Promises still owed: pending ones, and broken ones not yet made up for."""
    return Q(state=State.PENDING) | Q(state=State.BROKEN, caught_up_at__isnull=True)


@dataclass(frozen=True)
class NextDue:
    """A case's next due promise: the earliest owed one, overdue when broken or past due."""

    promise_id: int
    kind: str
    label: str
    due_at: datetime
    warn_at: datetime | None
    state: str
    visible: bool

    @property
    def overdue(self) -> bool:
        return self.state == State.BROKEN or self.due_at <= clock.now()


def next_due(case_ids: Iterable[int], *, public_only: bool = False) -> dict[int, NextDue]:
    """For each case, its owed promise due first (broken and overdue ones included), in one
    query: the desk's lists, the portal's, the acknowledgment mail and the API all show
    this one. Cases without a dated owed promise are left out."""
    promises = Promise.objects.filter(owed(), case_id__in=list(case_ids), due_at__isnull=False)
    if public_only:
        promises = promises.filter(visible=True)
    fields = ("case_id", "kind", "description", "rule", "due_at", "warn_at", "state", "visible")
    return _earliest(promises.order_by("due_at", "id").only(*fields))


def _earliest(promises: Iterable[Promise]) -> dict[int, NextDue]:
    """The earliest due owed promise per case among `promises`."""
    from fairdesk.promises.services import promise_label

    earliest: dict[int, NextDue] = {}
    for promise in promises:
        is_owed = promise.state == State.PENDING or (
            promise.state == State.BROKEN and promise.caught_up_at is None
        )
        if not is_owed or promise.due_at is None:
            continue
        known = earliest.get(promise.case_id)
        if known is not None and known.due_at <= promise.due_at:
            continue
        earliest[promise.case_id] = NextDue(
            promise_id=promise.pk,
            kind=promise.kind,
            label=promise_label(promise),
            due_at=promise.due_at,
            warn_at=promise.warn_at,
            state=promise.state,
            visible=promise.visible,
        )
    return earliest


def _made_by(promise: Promise) -> str:
    if promise.made_by_id:
        return promise.made_by.get_full_name() or promise.made_by.get_username()
    return promise.policy.name if promise.policy_id else "fairdesk"


def promise_out(promise: Promise) -> dict:
    """One promise shaped like the API's PromiseOut."""
    from fairdesk.promises.services import promise_label

    return {
        "id": promise.pk,
        "kind": promise.kind,
        "description": promise_label(promise),
        "due_at": promise.due_at,
        "window_start": promise.window_start,
        "window_end": promise.due_at if promise.window_start else None,
        "state": promise.state,
        "visible": promise.visible,
        "made_by": _made_by(promise),
        "reason": promise.reason,
        "paused": promise.paused_since is not None,
        "settled_at": promise.settled_at,
    }


def promises_for(case: Case, *, public_only: bool) -> list[dict]:
    """The case's promises as plain dicts shaped like the API's PromiseOut."""
    return promises_and_next_due(case, public_only=public_only)[0]


def promises_and_next_due(case: Case, *, public_only: bool) -> tuple[list[dict], NextDue | None]:
    """The case's promises (as promises_for) and the one due next (as next_due), in one query."""
    promises = Promise.objects.filter(case=case).select_related("made_by", "policy")
    if public_only:
        promises = promises.filter(visible=True)
    rows = list(promises)
    return [promise_out(p) for p in rows], _earliest(rows).get(case.pk)


def credit_out(credit: Credit) -> dict:
    return {
        "id": credit.pk,
        "promise": credit.promise_id,
        "state": credit.state,
        "amount_cents": credit.amount_cents,
        "lines": credit.lines,
        "created_at": credit.created_at,
        "decided_at": credit.decided_at,
    }


def credits_for(case: Case, *, public_only: bool) -> list[dict]:
    """What broken promises owe the customer; a customer does not see rejected proposals."""
    credits = Credit.objects.filter(case=case)
    if public_only:
        credits = credits.exclude(state=CreditState.REJECTED)
    return [credit_out(c) for c in credits]
