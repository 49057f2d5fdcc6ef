"""The fairness report computed in the database equals the pure definitions in
`queues.fairness` applied to every case read into Python (the report's old way), on SQLite
and on PostgreSQL."""

from datetime import UTC, datetime, time, timedelta

import pytest

from fairdesk.accounts.models import Customer, Organisation
from fairdesk.cases import services as cases
from fairdesk.cases.models import Case, Status
from fairdesk.demo import bulk
from fairdesk.lib import clock
from fairdesk.promises.models import Kind, Promise
from fairdesk.queues import fairness
from fairdesk.queues.report import fairness_report
from tests import people


def _served_in_python(since, until) -> list[fairness.Served]:
    """Every case of the period as the report used to read it (a case's earliest
    first-response due date counts)."""
    cases = Case.objects.filter(created_at__gte=since, created_at__lt=until, merged_into=None)
    due: dict[int, object] = {}
    promises = Promise.objects.filter(
        case__in=cases.values("pk"), kind=Kind.FIRST_RESPONSE, due_at__isnull=False
    )
    for case_id, due_at in promises.values_list("case_id", "due_at"):
        due[case_id] = min(due_at, due.get(case_id, due_at))
    return [
        fairness.Served(
            team_id=case.team_id,
            segments={
                "channel": case.channel,
                "language": case.customer.language,
                "customer_type": "business" if case.customer.organisation_id else "private",
                "category": (case.category.path if case.category else "").split(" > ")[0],
            },
            arrived=case.created_at,
            first_due=due.get(case.pk),
            first_response=case.first_response_at,
            resolved=case.resolved_at,
            finished=case.resolved_at
            or (case.updated_at if case.status == Status.CLOSED else None),
        )
        for case in cases.select_related("customer", "category")
    ]


def _assert_same(found: list[fairness.Segment], expected: list[fairness.Segment]) -> None:
    assert [(s.dimension, s.value, s.cases) for s in found] == [
        (s.dimension, s.value, s.cases) for s in expected
    ]
    for got, want in zip(found, expected, strict=True):
        for figure in ("first_median", "first_p90", "resolution_median", "resolution_p90"):
            value, reference = getattr(got, figure), getattr(want, figure)
            if reference is None:
                assert value is None, (got, figure)
            else:
                assert value == pytest.approx(reference, rel=1e-6, abs=1e-6), (got, figure)


def _answered_out_of_order(start, ada, customers, categories) -> None:
    """Cases through the services with their first-response promises, answered in a
    scrambled order (so some are overtaken), some still waiting, some closed unanswered,
    some resolved."""
    made = []
    for n in range(24):
        with clock.frozen_at(start + timedelta(minutes=37 * n)):
            intake = cases.open_new_case(
                customer=customers[n % 2],
                subject=f"Frage {n}",
                body="Bitte helfen.",
                channel=("web", "email", "phone")[n % 3],
                category=categories[n % 2],
            )
        made.append(intake.case)
    for n, case in enumerate(made):
        if n % 4 == 3:
            if n < 12:  # closed unanswered (spam, say): it stops waiting at the close
                with clock.frozen_at(start + timedelta(hours=2 + n)):
                    cases.change_status(case=case, agent=ada, status=Status.CLOSED)
            continue
        with clock.frozen_at(start + timedelta(hours=20, minutes=(n * 7) % 24 * 60 + n)):
            cases.reply(case=case, agent=ada, body="Hier ist die Antwort.")
            if n % 3 == 0:
                cases.change_status(case=case, agent=ada, status=Status.RESOLVED)


@pytest.fixture(scope="module")
def made(django_db_setup, django_db_blocker):
    """Made once for the module's tests (each rolled back after it)."""
    with people.world_once(django_db_blocker):
        support = people.team("Support")
        people.lena(support)
        ada = people.ada(support)
        people.ben(people.team("Technik"))
        kurt, olga = people.kurt(), people.olga()
        # Olga's company makes her a business customer (no service sets an organisation: the
        # bulk import and the admin do).
        Customer.objects.filter(pk=olga.pk).update(
            organisation=Organisation.objects.create(name="Other GmbH")
        )
        bulk.generate(cases=300, seed=11)
        # A Monday 07:00 UTC after the bulk data began: opened in business hours, the cases
        # get different due dates (on a weekend they would all fall due on Monday at the
        # same time, and nothing could be overtaken).
        day = Case.objects.order_by("created_at").first().created_at.date() + timedelta(days=3)
        monday = datetime.combine(day + timedelta(days=-day.weekday() % 7), time(7), tzinfo=UTC)
        categories = (people.fault(support), people.billing(support))
        _answered_out_of_order(monday, ada, (kurt, olga), categories)
        assert Promise.objects.filter(kind=Kind.FIRST_RESPONSE).count() == 24
        yield list(Case.objects.order_by("created_at").values_list("created_at", flat=True))


@pytest.fixture
def generated(made, db):
    return made


def test_segments_and_overtaken_in_the_database_equal_the_python_definitions(generated):
    whole = (generated[0] - timedelta(seconds=1), clock.now() + timedelta(days=1))
    # A period cut through the middle of the cases, too: the bounds are respected.
    middle = (generated[100], generated[250])
    for since, until in (whole, middle):
        rows = _served_in_python(since, until)
        report = fairness_report(since=since, until=until)
        expected = fairness.segments(rows)
        _assert_same(report.segments, expected)
        assert report.cases == len(rows)
        assert report.ratio == pytest.approx(fairness.ratio(expected))
        assert report.overtaken == fairness.overtaken(rows)
    assert {s.dimension for s in report.segments} == set(fairness.DIMENSIONS)
    whole_report = fairness_report(since=whole[0], until=whole[1])
    assert len({s.value for s in whole_report.segments if s.dimension == "customer_type"}) == 2
    assert whole_report.overtaken > 0
    assert all(s.first_median is not None for s in whole_report.segments)


def test_the_report_of_an_empty_period_is_empty(generated):
    long_ago = generated[0] - timedelta(days=400)
    report = fairness_report(since=long_ago, until=long_ago + timedelta(days=1))
    assert report.cases == 0 and report.segments == [] and report.overtaken == 0
    assert report.ratio is None
