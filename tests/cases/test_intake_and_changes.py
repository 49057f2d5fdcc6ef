"""open_case joins or opens, open_new_case always opens; open_case_for_address and change_case
are one transaction each: everything they were asked for, or nothing."""

import pytest

from fairdesk.accounts.models import Customer
from fairdesk.cases import services
from fairdesk.cases.models import AuditEvent, Case, EntryKind, Priority, Status
from fairdesk.lib.errors import Conflict, DomainError


def contact(**kwargs):
    return {"subject": "Kein Internet", "body": "Seit heute früh.", "channel": "email"} | kwargs


def test_open_case_joins_the_open_case_and_open_new_case_does_not(kurt, support):
    first = services.open_case(customer=kurt, **contact()).case
    joined = services.open_case(
        customer=kurt, named_reference=first.reference, **contact(body="Immer noch nicht.")
    )
    assert joined.joined and joined.case == first
    fresh = services.open_new_case(customer=kurt, **contact(body="Noch einmal."))
    assert not fresh.joined and fresh.case != first
    assert [e.kind for e in fresh.case.entries.all()] == [EntryKind.MESSAGE_IN]


def test_open_new_case_checks_its_input_like_open_case(kurt, support):
    with pytest.raises(DomainError) as error:
        services.open_new_case(customer=kurt, **contact(subject="  "))
    assert error.value.field == "subject"
    with pytest.raises(DomainError) as error:
        services.open_new_case(customer=kurt, **contact(channel="pigeon"))
    assert error.value.field == "channel"


def test_open_case_for_address_makes_the_customer_with_the_case(ada, support):
    intake = services.open_case_for_address(
        email="neu@example.org", name="Nora Neu", agent=ada, **contact(channel="phone")
    )
    assert intake.case.customer.name == "Nora Neu"
    assert intake.entry.kind == EntryKind.CALL and intake.entry.author_user == ada


def test_open_case_for_address_leaves_no_customer_when_the_case_is_refused(ada, support):
    with pytest.raises(DomainError):
        services.open_case_for_address(email="neu@example.org", agent=ada, **contact(body=""))
    assert not Customer.objects.exists()


def test_change_case_applies_every_change(kurt, ada, ben, fault):
    case = services.open_case(customer=kurt, **contact()).case
    changes = services.CaseChanges(
        handover=services.Handover(note="Leitung prüfen", to_agent=ben),
        category=fault,
        priority=Priority.HIGH,
        tags=["dsl"],
        status=Status.WAITING_ON_CUSTOMER,
    )
    services.change_case(case=case, agent=ada, changes=changes)
    case = Case.objects.get(pk=case.pk)
    assert (case.assignee, case.category, case.priority) == (ben, fault, Priority.HIGH)
    assert case.status == Status.WAITING_ON_CUSTOMER
    assert list(case.tags.values_list("name", flat=True)) == ["dsl"]


def test_change_case_leaves_an_unchanged_category_alone_and_clears_a_none(kurt, ada, fault):
    case = services.open_case(customer=kurt, category=fault, **contact()).case
    services.change_case(case=case, agent=ada, changes=services.CaseChanges(tags=["x"]))
    assert Case.objects.get(pk=case.pk).category == fault
    services.change_case(case=case, agent=ada, changes=services.CaseChanges(category=None))
    assert Case.objects.get(pk=case.pk).category is None


def test_change_case_changes_nothing_when_one_change_is_refused(kurt, ada, ben):
    case = services.open_case(customer=kurt, **contact()).case
    services.change_status(case=case, agent=ada, status=Status.CLOSED)
    case = Case.objects.get(pk=case.pk)
    changes = services.CaseChanges(priority=Priority.HIGH, status=Status.NEW)
    with pytest.raises(Conflict):
        services.change_case(case=case, agent=ada, changes=changes)
    case = Case.objects.get(pk=case.pk)
    assert case.priority == Priority.NORMAL
    assert not AuditEvent.objects.filter(case=case, action="case.priority").exists()
