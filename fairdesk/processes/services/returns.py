"""Returns: a device lent with a cancelled contract, or a shop order's items. Each state
(label sent → in transit → received → inspected → closed) is entered by an agent, a
carrier's scan file or the API, and moves the steps of the return's process."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.db.models import Sum
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from fairdesk.cases import services as cases
from fairdesk.cases.models import Case, Channel
from fairdesk.lib import clock
from fairdesk.lib.errors import Conflict, DomainError
from fairdesk.lib.transactions import service
from fairdesk.processes import rules
from fairdesk.processes.models import (
    Order,
    OrderItem,
    Process,
    Return,
    ReturnItem,
    ReturnKind,
    ReturnState,
    Wanted,
)
from fairdesk.processes.numbers import BadNumber, format_return_number, parse_return_number
from fairdesk.processes.services.engine import complete_step, set_date, start_process, zone
from fairdesk.processes.services.notify import customer_language, tell_customer
from fairdesk.processes.texts import facts
from fairdesk.promises import credits
from fairdesk.promises import services as promises
from fairdesk.promises.models import Credit

ORDER = list(ReturnState.values)
# Which step of which process a return state completes.
STEP_FOR: dict[str, dict[str, str]] = {
    "cancellation": {
        ReturnState.LABEL_SENT: "return_label",
        ReturnState.RECEIVED: "device_received",
    },
    "shop_return": {
        ReturnState.LABEL_SENT: "label_sent",
        ReturnState.RECEIVED: "received",
        ReturnState.INSPECTED: "inspected",
    },
}
REMINDER_BEFORE_CHARGE = timedelta(days=7)
LABEL_SALT = "fairdesk.processes.label"


def label_url(parcel: Return) -> str:
    """The printable label's address: signed, so return numbers cannot be walked."""
    token = signing.dumps(parcel.number, salt=LABEL_SALT)
    return settings.FAIRDESK_BASE_URL + reverse("processes:label", args=[token])


def number_from_label_token(token: str) -> str | None:
    try:
        return signing.loads(token, salt=LABEL_SALT)
    except signing.BadSignature:
        return None


def _returned(order: Order) -> dict[int, int]:
    """How many of each item of `order` are on a return already."""
    rows = ReturnItem.objects.filter(parcel__order=order).values("item_id")
    return {row["item_id"]: row["n"] for row in rows.annotate(n=Sum("quantity"))}


def left_to_return(order: Order) -> dict[int, int]:
    """What of `order` is on no return yet: item id → quantity."""
    returned = _returned(order)
    left = {item.pk: item.quantity - returned.get(item.pk, 0) for item in order.items.all()}
    return {pk: quantity for pk, quantity in left.items() if quantity > 0}


def returned_before(declaration) -> tuple[list[ReturnItem], bool]:
    """What of a withdrawn order was on a return already when the withdrawal came (it is
    refunded with that return, not again), and whether that was all of it. Read from the
    returns, so the confirmation says the same when it is downloaded later."""
    if declaration.order_id is None or declaration.first_id is not None:
        return [], False
    rows = (
        ReturnItem.objects.filter(
            parcel__order_id=declaration.order_id,
            parcel__created_at__lte=declaration.received_at,
        )
        .exclude(parcel__case_id=declaration.case_id)
        .select_related("item", "parcel")
        .order_by("parcel_id", "item_id")
    )
    lines = list(rows)
    ordered = sum(declaration.order.items.values_list("quantity", flat=True))
    return lines, bool(lines) and sum(line.quantity for line in lines) >= ordered


def _items(order: Order, items: dict[int, int] | None) -> list[tuple[OrderItem, int]]:
    lines = {item.pk: item for item in order.items.all()}
    if items is None:
        return [(item, item.quantity) for item in lines.values()]
    returned = _returned(order)
    chosen = []
    for item_id, quantity in items.items():
        item = lines.get(item_id)
        if item is None:
            raise DomainError(_("That item is not on order %(o)s.") % {"o": order}, field="items")
        left = item.quantity - returned.get(item.pk, 0)
        if left <= 0:
            raise DomainError(
                _("%(item)s is on a return already.") % {"item": item.name}, field="items"
            )
        if not 0 < quantity <= left:
            raise DomainError(
                _("Return between 1 and %(n)s of %(item)s.") % {"n": left, "item": item.name},
                field="items",
            )
        chosen.append((item, quantity))
    if not chosen:
        raise DomainError(_("Choose at least one item to return."), field="items")
    return chosen


@service
def open_return(
    *,
    case: Case,
    order: Order | None = None,
    items: dict[int, int] | None = None,
    wanted: str = "",
    reason: str = "",
    declared_on=None,
    contract=None,
    process: Process | None = None,
) -> Return:
    """A return with its printable label, sent at once: a shop order's items (all of them
    when `items` is None) or the devices of a contract."""
    if order is not None and wanted not in Wanted.values:
        raise DomainError(_("Choose refund, replacement or repair."), field="wanted")
    lines = _items(order, items) if order is not None else []
    if process is None:
        process = start_process(case=case, key="shop_return", order=order)
    parcel = Return.objects.create(
        number=f"tmp-{uuid.uuid4().hex[:8]}",
        kind=ReturnKind.SHOP if order is not None else ReturnKind.DEVICE,
        case=case,
        process=process,
        order=order,
        contract=contract,
        wanted=wanted,
        reason=" ".join(reason.split())[:1000],
        declared_on=declared_on,
        created_at=clock.now(),
    )
    parcel.number = format_return_number(parcel.pk)
    Return.objects.filter(pk=parcel.pk).update(number=parcel.number)
    ReturnItem.objects.bulk_create(
        ReturnItem(parcel=parcel, item=item, quantity=quantity) for item, quantity in lines
    )
    _complete(parcel, ReturnState.LABEL_SENT, agent=None, via="system")
    with customer_language(case):
        body = _("Your return label %(number)s is ready to print: %(url)s") % {
            "number": parcel.number,
            "url": label_url(parcel),
        }
    tell_customer(
        case=case,
        body=body,
        data=facts("label_sent", **{"return": parcel.number}),
        audit="process.label_sent",
    )
    return parcel


@service
def start_shop_return(*, order: Order, items: dict[int, int], wanted: str, reason: str) -> Return:
    """The customer starts a return from an order in the portal: a case, a label, a date."""
    if not (reason or "").strip():
        raise DomainError(_("Please say why you return it."), field="reason")
    # Locked: two submissions at once cannot both return the last item.
    Order.objects.select_for_update().filter(pk=order.pk).first()
    case = cases.open_new_case(
        customer=order.customer,
        subject=_("Return for order %(o)s") % {"o": order.number},
        body=reason,
        channel=Channel.PORTAL,
    ).case
    parcel = open_return(case=case, order=order, items=items, wanted=wanted, reason=reason)
    # The customer wrote why: an answer is still owed; the fix is the return's steps.
    promises.hand_over_to_steps(case=case, answered=False)
    return parcel


def _complete(parcel: Return, state: str, *, agent, via: str) -> None:
    key = STEP_FOR.get(parcel.process.definition, {}).get(state)
    if key is not None and parcel.process.steps.filter(key=key, state="open").exists():
        complete_step(process=parcel.process, key=key, agent=agent, via=via)


def _locked(parcel: Return) -> Return:
    """The return as it is now, locked: the caller's copy may be old."""
    return (
        Return.objects.select_for_update(of=("self",))
        .select_related("process", "case")
        .get(pk=parcel.pk)
    )


def find_return(number: str) -> Return:
    """The return with this number; a clear refusal for a typo or an unknown number."""
    try:
        number = parse_return_number(number)
    except BadNumber:
        raise DomainError(
            _("%(n)s is not a return number: check for a typing error.")
            % {"n": number.strip()[:30]},
            field="number",
        ) from None
    parcel = (
        Return.objects.select_related("process__case__customer", "case")
        .filter(number=number)
        .first()
    )
    if parcel is None:
        raise DomainError(_("There is no return %(n)s.") % {"n": number}, field="number")
    return parcel


@service
def move_return(
    *, parcel: Return, state: str, agent: User | None = None, via: str = "agent"
) -> Return:
    """Enter the next state of a return; going back, or entering a state twice, is refused
    (so a parcel scanned twice is received once)."""
    if state not in ORDER:
        raise DomainError(_("Unknown return state %(s)r.") % {"s": state}, field="state")
    now = clock.now()
    changes: dict[str, object] = {"state": state}
    if state == ReturnState.RECEIVED:
        changes["received_at"] = now
    earlier = ORDER[: ORDER.index(state)]
    if not Return.objects.filter(pk=parcel.pk, state__in=earlier).update(**changes):
        parcel.refresh_from_db(fields=["state", "received_at"])
        raise Conflict(
            _("Return %(n)s is already %(s)s.")
            % {"n": parcel.number, "s": ReturnState(parcel.state).label},
            field="state",
        )
    old = parcel.state
    for name, value in changes.items():
        setattr(parcel, name, value)
    if state == ReturnState.RECEIVED and parcel.kind == ReturnKind.SHOP:
        received_on = now.astimezone(zone()).date()
        due = rules.refund_deadline(goods_received_on=received_on, declared_on=parcel.declared_on)
        # Not dated here: receiving completes a step just below, which dates the rest.
        set_date(process=parcel.process, name="refund_by", day=due, replan=False)
    # Steps between the old state and the new one (a scan may skip "in transit") are done.
    for passed in ORDER[ORDER.index(old) + 1 : ORDER.index(state) + 1]:
        _complete(parcel, passed, agent=agent, via=via)
    cases.record_event(
        case=parcel.case,
        public=True,
        agent=agent,
        data=facts("return_state", state=str(state), via=via, **{"return": parcel.number}),
        audit="process.return_state",
    )
    return parcel


@service
def receive_parcel(*, number: str, agent: User) -> Return:
    """The warehouse scans or types a return number: the parcel is received, once."""
    return move_return(parcel=find_return(number), state=ReturnState.RECEIVED, agent=agent)


def _paid(parcel: Return) -> int:
    """What the returned items cost, in cents."""
    lines = parcel.items.select_related("item")
    return sum(line.item.unit_price_cents * line.quantity for line in lines)


@service
def settle_return(
    *, parcel: Return, agent: User | None, refund_cents: int = 0, via: str = "agent"
) -> Return:
    """Refund (up to what the returned items cost), replacement or repair done: closed."""
    parcel = _locked(parcel)
    if parcel.state not in (ReturnState.RECEIVED, ReturnState.INSPECTED):
        raise Conflict(_("Receive the return before settling it."), field="state")
    paid = _paid(parcel)
    if not 0 <= refund_cents <= paid:
        raise DomainError(
            _("A refund is between 0 and %(max)s EUR.")
            % {"max": formats.number_format(paid / 100, 2)},
            field="refund_cents",
        )
    if parcel.state == ReturnState.RECEIVED:
        move_return(parcel=parcel, state=ReturnState.INSPECTED, agent=agent, via=via)
    Return.objects.filter(pk=parcel.pk).update(refund_cents=refund_cents)
    parcel.refund_cents = refund_cents
    if parcel.process.steps.filter(key="settled", state="open").exists():
        complete_step(process=parcel.process, key="settled", agent=agent, via=via)
    return move_return(parcel=parcel, state=ReturnState.CLOSED, agent=agent, via=via)


@service
def remind_return(*, parcel: Return, first_only: bool = False) -> bool:
    """Before any charge for a device not sent back, the customer is reminded. With
    `first_only` (the periodic job) only a return never reminded is claimed, so workers
    running the job at once send one reminder."""
    claimed = Return.objects.filter(pk=parcel.pk, state=ReturnState.LABEL_SENT)
    if first_only:
        claimed = claimed.filter(reminded_at__isnull=True)
    elif parcel.state != ReturnState.LABEL_SENT:
        raise Conflict(_("The device is already on its way back."), field="state")
    if not claimed.update(reminded_at=clock.now()):
        return False
    parcel.reminded_at = clock.now()
    with customer_language(parcel.case):
        body = _("Please send back the device for return %(n)s; the label: %(url)s") % {
            "n": parcel.number,
            "url": label_url(parcel),
        }
    tell_customer(
        case=parcel.case,
        body=body,
        data=facts("reminded", **{"return": parcel.number}),
        audit="process.return_reminded",
    )
    return True


REMIND_AFTER_END = timedelta(days=7)


def remind_due_returns() -> int:
    """The periodic job: remind every customer whose contract ended a week ago and whose
    device has not been sent back yet."""
    ended_by = (clock.now() - REMIND_AFTER_END).astimezone(zone()).date()
    due = Return.objects.filter(
        kind=ReturnKind.DEVICE,
        state=ReturnState.LABEL_SENT,
        reminded_at__isnull=True,
        contract__ends_on__lte=ended_by,
    ).select_related("case__customer")
    return sum(remind_return(parcel=parcel, first_only=True) for parcel in due[:500])


@service
def charge_unreturned(*, parcel: Return, agent: User, requested_cents: int) -> int:
    """Charge for devices not returned: never while in transit, never before a reminder,
    never more in all than their current value. Returns the amount charged."""
    parcel = _locked(parcel)
    if parcel.contract_id is None:
        raise DomainError(_("Only lent devices can be charged for."), field="return")
    if parcel.reminded_at is None or clock.now() - parcel.reminded_at < REMINDER_BEFORE_CHARGE:
        raise Conflict(_("Remind the customer a week before any charge."), field="state")
    value = parcel.contract.devices.aggregate(total=Sum("value_cents"))["total"] or 0
    amount = rules.device_charge(
        requested_cents=requested_cents,
        current_value_cents=value,
        charged_cents=parcel.charged_cents,
        in_transit=parcel.state != ReturnState.LABEL_SENT,
    )
    if amount <= 0:
        raise Conflict(_("Nothing can be charged for this return."), field="requested_cents")
    Return.objects.filter(pk=parcel.pk).update(charged_cents=parcel.charged_cents + amount)
    cases.record_event(
        case=parcel.case,
        agent=agent,
        data=facts("charged", amount_cents=amount, **{"return": parcel.number}),
        audit="process.device_charged",
    )
    return amount


@service
def grant_goodwill(*, parcel: Return, agent: User, amount_cents: int, reason: str) -> Credit:
    """Goodwill on a shop return through the existing credits (confirmed at once, shown to
    the customer with the other credits, audited): never more than the returned items cost."""
    if parcel.kind != ReturnKind.SHOP:
        raise Conflict(_("Goodwill is granted on shop returns."), field="number")
    paid = _paid(parcel)
    if amount_cents > paid:
        raise DomainError(
            _("Goodwill on this return is at most %(max)s EUR.")
            % {"max": formats.number_format(paid / 100, 2)},
            field="amount",
        )
    return credits.grant_goodwill(
        case=parcel.case,
        agent=agent,
        amount_cents=amount_cents,
        reason=reason,
        facts={"return": parcel.number},
    )
