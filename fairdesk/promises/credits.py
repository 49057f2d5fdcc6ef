"""Credits: what broken promises owe the customer, computed from the policy's compensation
rows, pending until an agent confirms or rejects them."""

from datetime import datetime

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from fairdesk.cases import services as cases
from fairdesk.cases.models import Case, EntryKind
from fairdesk.lib import clock
from fairdesk.lib.errors import Conflict, DomainError
from fairdesk.lib.text import one_line
from fairdesk.lib.transactions import service
from fairdesk.promises import compensation
from fairdesk.promises.models import (
    Contract,
    Credit,
    CreditState,
    Kind,
    Policy,
    Promise,
    State,
)
from fairdesk.promises.services import terms_for


def _monthly_fee(case: Case) -> int:
    contract = Contract.objects.filter(customer_id=case.customer_id).first()
    if contract and contract.monthly_fee_cents is not None:
        return contract.monthly_fee_cents
    return case.customer.monthly_fee_cents or 0


def compensation_rules(policy: Policy) -> tuple[compensation.Rule, ...]:
    return compensation.rules_from_data(
        policy.compensation.values(
            "name", "kind", "basis", "from_day", "to_day", "fixed_cents", "percent_of_fee"
        )
    )


def owed_for(
    policy: Policy,
    *,
    kind: str,
    reported_at: datetime,
    until: datetime,
    monthly_fee_cents: int,
    rules: tuple[compensation.Rule, ...] | None = None,
) -> compensation.Compensation:
    """What a broken promise of `kind` owes under the policy's rows, from the report until
    `until` (the simulator's replay uses the same rule; `rules` saves re-reading them)."""
    return compensation.compute(
        compensation_rules(policy) if rules is None else rules,
        kind=kind,
        reported_at=reported_at,
        until=until,
        monthly_fee_cents=monthly_fee_cents,
        tz=(policy.resolution_calendar or policy.calendar).tz,
    )


@service
def refresh_credit(*, promise: Promise) -> Credit | None:
    """Compute what the broken promise owes so far and keep it as a pending credit.

    Idempotent: run again, it recomputes the same pending credit (more days, more money);
    a credit an agent has decided is never touched again.
    """
    policy = promise.policy or terms_for(promise.case)
    if policy is None or promise.state != State.BROKEN:
        return None
    case = Case.objects.select_related("customer").get(pk=promise.case_id)
    if promise.kind == Kind.RESOLUTION:
        reported_at, until = case.created_at, case.resolved_at or clock.now()
    else:
        assert promise.due_at is not None  # only a promise with a due time is broken
        reported_at = until = promise.due_at
    fee = _monthly_fee(case)
    owed = owed_for(
        policy, kind=promise.kind, reported_at=reported_at, until=until, monthly_fee_cents=fee
    )
    if not owed.lines:
        return None
    lines = [
        {
            "day": ln.day,
            "date": ln.date.isoformat(),
            "amount_cents": ln.amount_cents,
            "rule": ln.rule,
        }
        for ln in owed.lines
    ]
    now = clock.now()
    credit, created = Credit.objects.get_or_create(
        promise=promise,
        defaults={
            "case": case,
            "amount_cents": owed.total_cents,
            "monthly_fee_cents": fee,
            "lines": lines,
            "created_at": now,
            "updated_at": now,
        },
    )
    if created:
        cases.record_event(
            case=case,
            kind=EntryKind.SYSTEM,
            public=True,
            # Facts only: each reader sees the amount and the promise in their own language.
            data={"credit": credit.pk, "promise": promise.pk, "amount_cents": owed.total_cents}
            | promise.facts(),
            audit="credit.proposed",
        )
    elif credit.state == CreditState.PENDING and credit.amount_cents != owed.total_cents:
        Credit.objects.filter(pk=credit.pk, state=CreditState.PENDING).update(
            amount_cents=owed.total_cents, lines=lines, monthly_fee_cents=fee, updated_at=now
        )
        credit.refresh_from_db()
    return credit


@service
def decide_credit(*, credit: Credit, agent: User, confirm: bool, note: str = "") -> Credit:
    """An agent confirms (the credit is booked) or rejects it (with a note saying why)."""
    note = one_line(note, 1000)
    if not confirm and not note:
        raise DomainError(_("Say why the credit is rejected."), field="note")
    promise = credit.promise  # None for goodwill, which is decided when granted
    if promise and promise.kind == Kind.RESOLUTION and credit.case.resolved_at is None:
        refresh_credit(promise=promise)  # book the amount owed up to now
        credit.refresh_from_db()
    state = CreditState.CONFIRMED if confirm else CreditState.REJECTED
    if not Credit.objects.filter(pk=credit.pk, state=CreditState.PENDING).update(
        state=state, decided_by=agent, decided_at=clock.now(), note=note
    ):
        raise Conflict(_("The credit was already decided."), field="state")
    credit.refresh_from_db()
    cases.record_event(
        case=credit.case,
        kind=EntryKind.SYSTEM,
        public=True,
        agent=agent,
        data={
            "credit": credit.pk,
            "state": state,
            "amount_cents": credit.amount_cents,
            "note": note,
        },
        audit=f"credit.{state}",
    )
    return credit


def confirm_credit(*, credit: Credit, agent: User, note: str = "") -> Credit:
    return decide_credit(credit=credit, agent=agent, confirm=True, note=note)


def reject_credit(*, credit: Credit, agent: User, note: str) -> Credit:
    return decide_credit(credit=credit, agent=agent, confirm=False, note=note)


@service
def grant_goodwill(
    *, case: Case, agent: User, amount_cents: int, reason: str, facts: dict | None = None
) -> Credit:
    """An agent grants the customer a credit no rule owes (goodwill): confirmed at once,
    with its reason, on the timeline for the customer and audited. `facts` says what it is
    for (e.g. a return's number)."""
    reason = one_line(reason, 1000)
    if not reason:
        raise DomainError(_("Say why the goodwill is granted."), field="reason")
    if amount_cents <= 0:
        raise DomainError(_("The amount must be more than zero."), field="amount")
    now = clock.now()
    credit = Credit.objects.create(
        case=case,
        state=CreditState.CONFIRMED,
        amount_cents=amount_cents,
        goodwill_reason=reason,
        decided_by=agent,
        decided_at=now,
        created_at=now,
        updated_at=now,
    )
    cases.record_event(
        case=case,
        kind=EntryKind.SYSTEM,
        public=True,
        agent=agent,
        data={
            **(facts or {}),
            "credit": credit.pk,
            "state": CreditState.CONFIRMED,
            "goodwill": True,
            "amount_cents": amount_cents,
            "reason": reason,
        },
        audit="credit.goodwill",
    )
    return credit
