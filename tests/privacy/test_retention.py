"""Retention: personal data of closed cases goes N months after close, per category, run
by the worker's periodic job; held cases are kept and counted."""

from datetime import timedelta

import pytest

from fairdesk import jobs
from fairdesk.cases import services as cases
from fairdesk.cases.models import Case, Status
from fairdesk.lib import clock
from fairdesk.lib.errors import DomainError
from fairdesk.privacy import retention
from fairdesk.privacy import services as privacy
from fairdesk.privacy.models import PrivacyRecord, RecordKind
from fairdesk.privacy.periods import months_back

pytestmark = pytest.mark.django_db


def _resolved_case(customer, agent, subject, *, category=None, ago_days: int) -> Case:
    with clock.frozen_at(clock.now() - timedelta(days=ago_days)):
        case = cases.open_case(
            customer=customer, subject=subject, body="Text", channel="portal", category=category
        ).case
        cases.change_status(case=case, agent=agent, status=Status.RESOLVED)
    return case


def test_the_job_erases_what_is_due_per_category_and_skips_held_cases(
    kurt, olga, ada, lena, billing, support
):
    privacy.set_retention(category_id=None, months=6, agent=lena)
    privacy.set_retention(category_id=billing.pk, months=24, agent=lena)
    old = _resolved_case(kurt, ada, "Alt und fällig", ago_days=250)
    recent = _resolved_case(kurt, ada, "Noch jung", ago_days=30)
    old_bill = _resolved_case(olga, ada, "Rechnung alt", category=billing, ago_days=250)
    held = _resolved_case(olga, ada, "Gehalten", ago_days=400)
    privacy.place_hold(case=held, reason="Gericht", agent=lena)
    open_case = cases.open_case(customer=olga, subject="Offen", body="x", channel="portal").case

    assert "privacy.retention" in jobs.run_due(worker="test", ignore_slots=True)

    subjects = dict(Case.objects.values_list("pk", "subject"))
    assert subjects[old.pk] == "[erased]"
    assert subjects[recent.pk] == "Noch jung"
    assert subjects[old_bill.pk] == "Rechnung alt"  # its category keeps 24 months
    assert subjects[held.pk] == "Gehalten"
    assert subjects[open_case.pk] == "Offen"
    [record] = PrivacyRecord.objects.filter(kind=RecordKind.RETENTION)
    assert record.counts["cases"] == 1 and record.counts["held"] == 1
    assert retention.run() == {"held": 1}  # nothing erased twice; the held case counted
    assert old.customer.name == "Kurt Kunde"  # the customer stays; only the case's data went


def test_no_rule_keeps_everything(kurt, ada, support):
    _resolved_case(kurt, ada, "Uralt", ago_days=3000)
    assert retention.run() == {}


def test_a_rule_keeps_at_least_a_month(lena):
    with pytest.raises(DomainError):
        privacy.set_retention(category_id=None, months=0, agent=lena)


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        ("2026-03-31T10:00:00+00:00", 1, "2026-02-28T10:00:00+00:00"),
        ("2024-03-31T10:00:00+00:00", 1, "2024-02-29T10:00:00+00:00"),
        ("2026-01-15T00:00:00+00:00", 1, "2025-12-15T00:00:00+00:00"),
        ("2026-01-15T00:00:00+00:00", 25, "2023-12-15T00:00:00+00:00"),
        ("2026-05-10T08:30:00+00:00", 0, "2026-05-10T08:30:00+00:00"),
    ],
)
def test_months_back(moment, months, expected):
    from datetime import datetime

    assert months_back(datetime.fromisoformat(moment), months).isoformat() == expected


def test_a_case_closed_without_a_resolution_is_erased_when_due_too(kurt, ada, lena, support):
    # Closed unresolved (cancelled, spam, auto-closed) has no resolution time; its personal
    # data still goes the rule's months after it was closed.
    privacy.set_retention(category_id=None, months=6, agent=lena)
    with clock.frozen_at(clock.now() - timedelta(days=250)):
        closed = cases.open_case(
            customer=kurt, subject="Nie gelöst", body="Text", channel="portal"
        ).case
        cases.change_status(case=closed, agent=ada, status=Status.CLOSED)
    with clock.frozen_at(clock.now() - timedelta(days=30)):
        recent = cases.open_case(
            customer=kurt, subject="Kürzlich geschlossen", body="Text", channel="portal"
        ).case
        cases.change_status(case=recent, agent=ada, status=Status.CLOSED)
    retention.run()
    assert Case.objects.get(pk=closed.pk).subject == "[erased]"
    assert Case.objects.get(pk=recent.pk).subject == "Kürzlich geschlossen"
