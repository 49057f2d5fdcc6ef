"""The process engine through the activation: dated milestones, delays told before the
date with the reason, expedites audited, and a late contract match confirmed."""

from datetime import date, timedelta

import pytest

from fairdesk.cases.models import AuditEvent
from fairdesk.lib import clock
from fairdesk.lib.errors import Conflict, DomainError
from fairdesk.processes import services
from fairdesk.processes.definitions import DEFINITIONS, plan
from fairdesk.processes.models import Declaration, Step
from fairdesk.promises.models import Contract, Promise
from tests.processes.conftest import MON, declaration, sent_texts


def test_the_order_is_confirmed_at_once_with_every_milestone(activation):
    due = dict(activation.steps.values_list("key", "due_on"))
    assert due == {
        "order_checked": date(2026, 12, 1),
        "line_ordered": date(2026, 12, 3),
        "router_shipped": date(2026, 12, 8),
        "switch": date(2026, 12, 17),
        "activated": date(2026, 12, 17),
    }
    assert Promise.objects.filter(case=activation.case, kind="process_step").count() == 5
    confirmation = next(text for text in sent_texts() if "A-7001" in text and "17.12.2026" in text)
    assert "03.12.2026" in confirmation


def test_a_delay_is_told_before_the_date_with_the_reason(
    activation, ada, django_capture_on_commit_callbacks
):
    with clock.frozen_at(MON + timedelta(days=1)), django_capture_on_commit_callbacks(execute=True):
        services.delay_step(
            process=activation,
            key="switch",
            due_on=date(2027, 1, 12),
            reason="Der Netzbetreiber hat den Termin verschoben.",
            agent=ada,
        )
    step = Step.objects.get(process=activation, key="switch")
    assert step.due_on == date(2027, 1, 12) and step.promise.state == "pending"
    # The switch's promise and the activation's, which counts from the switch.
    withdrawn = Promise.objects.filter(case=activation.case, kind="process_step", state="withdrawn")
    assert withdrawn.count() == 2 and all("Netzbetreiber" in p.reason for p in withdrawn)
    assert any("12.01.2027" in text and "Netzbetreiber" in text for text in sent_texts())


def test_a_delay_moves_the_steps_that_count_from_it(
    activation, ada, django_capture_on_commit_callbacks
):
    """The line is activated on the switch date: when the switch moves, so does the
    activation (the portal showed 'Line activated, 17 December' under 'Switch date, 12
    January', and the old promise would have broken)."""
    with clock.frozen_at(MON + timedelta(days=1)), django_capture_on_commit_callbacks(execute=True):
        services.delay_step(
            process=activation,
            key="line_ordered",
            due_on=date(2026, 12, 10),
            reason="Der Netzbetreiber hat den Auftrag zurückgewiesen.",
            agent=ada,
        )
        services.delay_step(
            process=activation,
            key="switch",
            due_on=date(2027, 1, 12),
            reason="Der Netzbetreiber hat den Termin verschoben.",
            agent=ada,
        )
    steps = {step.key: step for step in Step.objects.filter(process=activation)}
    assert steps["router_shipped"].due_on == date(2026, 12, 15)  # 3 working days after the 10th
    assert steps["switch"].due_on == date(2027, 1, 12)
    assert steps["activated"].due_on == date(2027, 1, 12)
    for key in ("router_shipped", "activated"):
        promise = steps[key].promise
        assert promise.state == "pending" and promise.due_at.date() == steps[key].due_on
    moved = Promise.objects.filter(case=activation.case, state="withdrawn")
    assert (
        moved.count() == 6
    )  # line, router, switch and activation twice (by the line, by the switch)
    assert all(promise.reason for promise in moved)


@pytest.mark.parametrize("holiday", [date(2026, 12, 25), date(2026, 12, 26), date(2026, 12, 27)])
def test_a_delay_onto_a_day_off_is_refused_naming_the_next_working_day(activation, ada, holiday):
    """The switch date was moved onto Christmas Day and promised to the customer; a
    promised day must be a working day of the case's calendar."""
    with clock.frozen_at(MON + timedelta(days=1)), pytest.raises(DomainError) as refused:
        services.delay_step(
            process=activation,
            key="switch",
            due_on=holiday,
            reason="Der Netzbetreiber hat den Termin verschoben.",
            agent=ada,
        )
    assert refused.value.field == "due_on"
    assert "28 December 2026" in refused.value.message  # Monday, after Christmas and Sunday
    step = Step.objects.get(process=activation, key="switch")
    assert step.due_on == date(2026, 12, 17) and step.promise.state == "pending"


def test_a_delay_after_the_date_is_refused(activation, ada):
    with clock.frozen_at(MON + timedelta(days=3)), pytest.raises(Conflict):
        services.delay_step(
            process=activation,
            key="order_checked",
            due_on=date(2027, 1, 12),
            reason="zu spät",
            agent=ada,
        )


def test_an_expedite_needs_a_reason_and_is_audited(activation, ada):
    with pytest.raises(DomainError):
        services.expedite_step(process=activation, key="line_ordered", agent=ada, reason=" ")
    services.expedite_step(
        process=activation, key="line_ordered", agent=ada, reason="Homeoffice ab Montag"
    )
    audit = AuditEvent.objects.get(action="process.expedited")
    assert audit.actor_user == ada and audit.data["reason"] == "Homeoffice ab Montag"


def test_steps_are_done_once_and_the_process_ends_with_the_last(activation, ada):
    with clock.frozen_at(MON):
        for key in ("order_checked", "line_ordered", "router_shipped", "switch", "activated"):
            services.complete_step(process=activation, key=key, agent=ada)
        with pytest.raises(Conflict):
            services.complete_step(process=activation, key="switch", agent=ada)
    activation.refresh_from_db()
    assert activation.state == "done"
    assert not Promise.objects.filter(
        case=activation.case, state="pending", kind="process_step"
    ).exists()


def test_an_agent_confirms_a_declaration_matched_late(dsl, ada, django_capture_on_commit_callbacks):
    with clock.frozen_at(MON), django_capture_on_commit_callbacks(execute=True):
        found = services.declare(
            data=declaration(contract_number="V 1001 ?", name="K. Kunde", email="k@else.example")
        )
        assert found.contract is None
        services.confirm_declaration(declaration=found, contract=dsl, agent=ada)
    found = Declaration.objects.get(pk=found.pk)
    assert found.effective_on == date(2027, 2, 28)
    assert Contract.objects.get(pk=dsl.pk).state == "cancelled"
    step = Step.objects.get(process__case=found.case, key="confirm_contract")
    assert step.state == "done" and step.promise.state == "kept"
    assert Step.objects.get(process__case=found.case, key="effective").due_on == date(2027, 2, 28)


def test_plan_counts_working_days_past_weekends_and_holidays():
    spec = DEFINITIONS["activation"]
    due = plan(
        spec,
        started_on=date(2026, 12, 23),
        dates={},
        done_on={},
        holidays={date(2026, 12, 25), date(2026, 12, 26)},
    )
    assert due["order_checked"] == date(2026, 12, 24)
    assert due["line_ordered"] == date(2026, 12, 29)  # past Christmas and the weekend
