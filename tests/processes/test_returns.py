"""Returns through their services: labels, states, the receive action, refunds, charges."""

from datetime import UTC, date, datetime, timedelta

import pytest

from fairdesk.lib import clock
from fairdesk.lib.errors import Conflict, DomainError
from fairdesk.processes import services
from fairdesk.processes.models import Return, ReturnItem, Step
from fairdesk.processes.numbers import format_return_number
from fairdesk.processes.services.cancellation import declaration_texts
from fairdesk.promises.models import Promise
from tests.processes.conftest import declaration, sent_texts

DEC_1 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def olga_return(shop_order, django_capture_on_commit_callbacks):
    keyboard = shop_order.items.get(sku="KB-1")
    with clock.frozen_at(DEC_1), django_capture_on_commit_callbacks(execute=True):
        return services.start_shop_return(
            order=shop_order, items={keyboard.pk: 1}, wanted="refund", reason="Tasten klemmen"
        )


def test_a_shop_return_gets_a_label_and_dated_steps(olga_return):
    assert olga_return.state == "label_sent"
    steps = {s.key: s for s in Step.objects.filter(process=olga_return.process)}
    assert steps["label_sent"].state == "done"
    assert steps["received"].due_on == date(2026, 12, 16)  # ten working days after the label is due
    assert steps["settled"].due_on is None  # counted from the parcel's arrival


def test_receiving_promises_the_refund_within_14_days(olga_return, ada):
    with clock.frozen_at(DEC_1 + timedelta(days=3)):
        services.receive_parcel(number=olga_return.number, agent=ada)
    settled = Step.objects.get(process=olga_return.process, key="settled")
    assert settled.due_on == date(2026, 12, 18)
    assert settled.promise.kind == "refund" and settled.promise.state == "pending"


def test_the_refund_closes_the_return_and_keeps_the_promise(olga_return, ada):
    with clock.frozen_at(DEC_1 + timedelta(days=3)):
        services.receive_parcel(number=olga_return.number, agent=ada)
        parcel = services.settle_return(parcel=olga_return, agent=ada, refund_cents=4990)
    assert parcel.state == "closed" and parcel.refund_cents == 4990
    settled = Step.objects.get(process=olga_return.process, key="settled")
    assert Promise.objects.get(pk=settled.promise_id).state == "kept"
    assert parcel.process.steps.filter(state="open").count() == 0


def test_a_refund_beyond_what_was_paid_is_refused(olga_return, ada):
    with clock.frozen_at(DEC_1 + timedelta(days=3)):
        services.receive_parcel(number=olga_return.number, agent=ada)
        with pytest.raises(DomainError):
            services.settle_return(parcel=olga_return, agent=ada, refund_cents=4991)


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("RT-0000001-0", "typing error"),  # wrong check digit
        ("RT-12", "typing error"),
        ("", "typing error"),
        (format_return_number(9999), "There is no return"),
    ],
)
def test_a_wrong_return_number_gets_a_clear_answer(olga_return, ada, typed, answer):
    with pytest.raises(DomainError) as refused:
        services.receive_parcel(number=typed, agent=ada)
    assert answer in refused.value.message
    assert Return.objects.get(pk=olga_return.pk).state == "label_sent"


def test_a_parcel_scanned_twice_is_received_once(olga_return, ada):
    services.receive_parcel(number=olga_return.number.lower().replace("-", ""), agent=ada)
    with pytest.raises(Conflict):
        services.receive_parcel(number=olga_return.number, agent=ada)
    assert (
        Step.objects.filter(process=olga_return.process, key="received", state="done").count() == 1
    )


def test_nothing_to_return_from_another_order(olga_return, shop_order):
    with pytest.raises(DomainError):
        services.start_shop_return(order=shop_order, items={999: 1}, wanted="refund", reason="x")
    with pytest.raises(DomainError):
        services.start_shop_return(order=shop_order, items={}, wanted="refund", reason="x")


@pytest.fixture
def router_return(dsl, django_capture_on_commit_callbacks):
    with clock.frozen_at(DEC_1), django_capture_on_commit_callbacks(execute=True):
        services.declare(data=declaration())
    return Return.objects.get(contract=dsl)


def test_a_device_charge_needs_a_reminder_and_is_capped(
    router_return, ada, django_capture_on_commit_callbacks
):
    with clock.frozen_at(DEC_1 + timedelta(days=30)):
        with pytest.raises(Conflict):  # no reminder yet
            services.charge_unreturned(parcel=router_return, agent=ada, requested_cents=20000)
        with django_capture_on_commit_callbacks(execute=True):
            services.remind_return(parcel=router_return)
    with clock.frozen_at(DEC_1 + timedelta(days=38)):
        charged = services.charge_unreturned(parcel=router_return, agent=ada, requested_cents=20000)
        assert charged == 8000  # the router's current value, not what was asked
        with pytest.raises(Conflict):  # nothing left to charge
            services.charge_unreturned(parcel=router_return, agent=ada, requested_cents=100)


def test_no_charge_while_the_device_is_in_transit(
    router_return, ada, django_capture_on_commit_callbacks
):
    with (
        clock.frozen_at(DEC_1 + timedelta(days=30)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.remind_return(parcel=router_return)
    services.move_return(parcel=router_return, state="in_transit", agent=None, via="api")
    with clock.frozen_at(DEC_1 + timedelta(days=40)), pytest.raises(Conflict):
        services.charge_unreturned(parcel=router_return, agent=ada, requested_cents=5000)


def test_the_device_received_keeps_the_cancellations_promise(router_return, ada):
    with clock.frozen_at(DEC_1 + timedelta(days=2)):
        services.receive_parcel(number=router_return.number, agent=ada)
    step = Step.objects.get(process=router_return.process, key="device_received")
    assert step.state == "done" and step.promise.state == "kept"


def test_the_job_reminds_once_a_week_after_the_contract_ended(
    router_return, django_capture_on_commit_callbacks
):
    from fairdesk.processes.services.returns import remind_due_returns

    ended = router_return.contract.ends_on  # 28 February 2027
    with clock.frozen_at(datetime(ended.year, ended.month, ended.day, 12, tzinfo=UTC)):
        assert remind_due_returns() == 0  # not yet a week
    later = datetime(2027, 3, 8, 12, tzinfo=UTC)
    with clock.frozen_at(later), django_capture_on_commit_callbacks(execute=True):
        assert remind_due_returns() == 1
        assert remind_due_returns() == 0  # once
    assert Return.objects.get(pk=router_return.pk).reminded_at == later


def test_an_item_cannot_be_returned_twice(olga, shop_order, django_capture_on_commit_callbacks):
    """One keyboard ordered, one keyboard returned: a second return of it is refused (it
    made a second label and a second refund promise)."""
    keyboard = shop_order.items.get(sku="KB-1")
    mouse = shop_order.items.get(sku="MS-2")
    with django_capture_on_commit_callbacks(execute=True):
        services.start_shop_return(
            order=shop_order, items={keyboard.pk: 1, mouse.pk: 1}, wanted="refund", reason="kaputt"
        )
    with pytest.raises(DomainError) as refused:
        services.start_shop_return(
            order=shop_order, items={keyboard.pk: 1}, wanted="refund", reason="nochmal"
        )
    assert refused.value.field == "items" and "Keyboard" in refused.value.message
    with pytest.raises(DomainError):
        services.start_shop_return(
            order=shop_order, items={mouse.pk: 2}, wanted="refund", reason="beide"
        )
    assert Return.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.start_shop_return(  # the second mouse is still the customer's to return
            order=shop_order, items={mouse.pk: 1}, wanted="refund", reason="die andere"
        )
    assert Return.objects.count() == 2


def test_a_shop_return_keeps_the_first_answer_owed_but_not_a_fix_before_the_parcel(
    olga, shop_order, django_capture_on_commit_callbacks
):
    """The customer wrote why, so an answer is owed; the fix is the return's dated steps (the
    refund 14 days after the parcel arrives), not the policy's 'within a week'."""
    from fairdesk.promises.presets import ensure_presets

    ensure_presets()
    keyboard = shop_order.items.get(sku="KB-1")
    with django_capture_on_commit_callbacks(execute=True):
        parcel = services.start_shop_return(
            order=shop_order, items={keyboard.pk: 1}, wanted="refund", reason="klemmt"
        )
    clocks = Promise.objects.filter(case=parcel.case, kind__in=("first_response", "resolution"))
    assert dict(clocks.values_list("kind", "state")) == {
        "first_response": "pending",
        "resolution": "withdrawn",
    }


def _withdraw_order(django_capture_on_commit_callbacks):
    fields = {"kind": "withdrawal", "name": "Olga Other", "contract_number": "B-5001"}
    with clock.frozen_at(DEC_1), django_capture_on_commit_callbacks(execute=True):
        return services.declare(data=declaration(**fields, email="olga@other.example"))


def _on_returns(order) -> dict[str, int]:
    lines = ReturnItem.objects.filter(parcel__order=order).values_list("item__sku", "quantity")
    totals: dict[str, int] = {}
    for sku, quantity in lines:
        totals[sku] = totals.get(sku, 0) + quantity
    return totals


def test_a_withdrawal_returns_only_what_is_not_on_a_return_already(
    olga_return, shop_order, django_capture_on_commit_callbacks
):
    """The keyboard is on a return; the withdrawal from the order opened a second return of
    it too, so its refund was promised twice. Now it returns the two mice only, and says so."""
    found = _withdraw_order(django_capture_on_commit_callbacks)
    withdrawn = Return.objects.get(case=found.case)
    assert dict(withdrawn.items.values_list("item__sku", "quantity")) == {"MS-2": 2}
    assert _on_returns(shop_order) == {"KB-1": 1, "MS-2": 2}
    assert any(f"1 × Keyboard ({olga_return.number})" in text for text in sent_texts())
    document = declaration_texts(found, "en")[2]
    assert f"1 × Keyboard ({olga_return.number})" in document  # the copy kept says the same


def test_a_withdrawal_of_an_order_returned_in_full_opens_no_second_return(
    olga, shop_order, django_capture_on_commit_callbacks
):
    with clock.frozen_at(DEC_1), django_capture_on_commit_callbacks(execute=True):
        parcel = services.start_shop_return(
            order=shop_order, items=None, wanted="refund", reason="alles zurück"
        )
    found = _withdraw_order(django_capture_on_commit_callbacks)
    assert list(Return.objects.values_list("pk", flat=True)) == [parcel.pk]
    assert _on_returns(shop_order) == {"KB-1": 1, "MS-2": 2}
    confirmation = declaration_texts(found, "en")[2]
    assert "Everything on this order is already on a return" in confirmation
    assert f"2 × Mouse ({parcel.number})" in confirmation


def test_a_withdrawal_of_an_order_returned_in_full_says_why_its_promise_is_withdrawn(
    olga, shop_order, django_capture_on_commit_callbacks
):
    """No process starts on the withdrawal's case, so its fix-by promise is not handed to
    steps of its own: it is withdrawn because the return already holding it all refunds it."""
    from django.utils import translation

    from fairdesk.cases.models import Entry
    from fairdesk.promises.presets import ensure_presets
    from fairdesk.texts import entry_text

    ensure_presets()
    with clock.frozen_at(DEC_1), django_capture_on_commit_callbacks(execute=True):
        parcel = services.start_shop_return(
            order=shop_order, items=None, wanted="refund", reason="alles zurück"
        )
    found = _withdraw_order(django_capture_on_commit_callbacks)
    resolution = Promise.objects.get(case=found.case, kind="resolution")
    assert resolution.state == "withdrawn"
    [entry] = Entry.objects.filter(
        case=found.case, data__promise=resolution.pk, data__event="withdrawn"
    )
    assert entry.data["reason_code"] == "already_on_return"
    assert entry.data["reason_ref"] == parcel.number
    with translation.override("en"):
        said = entry_text(entry)
    assert f"already on a return ({parcel.number})" in said and "this process" not in said
    with translation.override("de"):
        assert f"bereits in einer Rücksendung ({parcel.number})" in entry_text(entry)
