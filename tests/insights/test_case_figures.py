"""The per-case figures behind the slow reports: kept in step by the case reaction, filled by
the backfill, and the reports over them give exactly what the old per-request queries gave."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from fairdesk.cases import services as cases
from fairdesk.cases.models import Case
from fairdesk.demo import bulk
from fairdesk.insights import reports
from fairdesk.insights.filters import Filters
from fairdesk.insights.models import CaseFigures
from fairdesk.insights.services import backfill_case_figures
from fairdesk.lib import clock
from fairdesk.lib.errors import DomainError
from tests.insights import reference_reports as old

REWRITTEN = ("response_times", "contacts", "reopens")


def both(name: str, filters: Filters):
    new = reports.run(name, filters)
    reference = getattr(old, name)(filters)
    return new, reference


def assert_same_reports(filters: Filters) -> None:
    for name in REWRITTEN:
        new, reference = both(name, filters)
        assert new.rows == reference.rows, name
        assert new.columns == reference.columns, name
        assert new.chart == reference.chart, name


def test_the_reaction_keeps_figures_of_cases_changed_through_services(world):
    billing = CaseFigures.objects.get(case=world["billing"])
    # Olga wrote twice; resolved, came back, resolved again.
    assert billing.contacts == 2 and billing.reopened
    assert billing.first_response_seconds is not None and billing.resolution_seconds is not None
    assert CaseFigures.objects.count() == Case.objects.count()
    assert_same_reports(Filters.parse({}))


def test_reports_match_the_old_queries_with_every_filter(world, support, billing, ada, ben):
    cases.hand_over(case=world["visit"], agent=ada, note="Bitte übernehmen.", to_agent=ben)
    assert CaseFigures.objects.get(case=world["visit"]).handoffs == 1
    for query in (
        {},
        {"team": str(support.pk)},
        {"category": str(billing.pk)},
        {"channel": "email"},
    ):
        assert_same_reports(Filters.parse(query))


def test_reports_match_the_old_queries_on_bulk_data_after_the_backfill(db):
    bulk.generate(cases=400, entries_per_case=4, seed=3)
    assert not CaseFigures.objects.exists()  # written around the services
    call_command("backfill_case_figures", "--batch", "150", verbosity=0)
    assert CaseFigures.objects.count() == 400
    today = clock.now().date()
    for filters in (
        Filters.parse({}),
        Filters(today - timedelta(days=180), today),
        Filters(today - timedelta(days=27), today),
    ):
        assert_same_reports(filters)
        assert reports.run("contacts", filters).rows[0][1] > 0


def test_a_merge_moves_the_contacts_and_a_rerun_backfill_changes_nothing(kurt, ada):
    first = cases.open_case(customer=kurt, subject="Router", body="Kaputt.", channel="email").case
    second = cases.open_new_case(
        customer=kurt, subject="Router 2", body="Immer noch.", channel="web"
    ).case
    cases.add_customer_message(case=second, customer=kurt, body="Hallo?", channel="email")
    cases.record_call(case=second, agent=ada, body="Kurt rief an.")
    assert CaseFigures.objects.get(case=second).contacts == 3
    cases.merge_cases(source=second, target=first, agent=ada)
    assert CaseFigures.objects.get(case=first).contacts == 4
    before = {
        f.pk: (f.contacts, f.reopened, f.first_response_seconds) for f in CaseFigures.objects.all()
    }
    assert backfill_case_figures(after=0, limit=100)[0] == Case.objects.count()
    after = {
        f.pk: (f.contacts, f.reopened, f.first_response_seconds) for f in CaseFigures.objects.all()
    }
    assert after == before


def test_a_refused_change_leaves_the_figures_as_they_were(kurt, ada):
    case = cases.open_case(customer=kurt, subject="Router", body="Kaputt.", channel="email").case
    cases.change_status(case=case, agent=ada, status="closed")
    figures = CaseFigures.objects.get(case=case)
    with pytest.raises(DomainError):
        cases.change_status(case=case, agent=ada, status="no-such-status")
    assert CaseFigures.objects.get(case=case).refreshed_at == figures.refreshed_at
    assert not figures.reopened
    cases.reopen(case=case, agent=ada, reason="Kam zurück.")
    assert CaseFigures.objects.get(case=case).reopened


def _stored_and_computed(case):
    from fairdesk.insights import figures

    fields = ("contacts", "handoffs", "reopened", "first_response_seconds", "resolution_seconds")
    stored = CaseFigures.objects.get(case=case)
    [computed] = figures.compute([case.pk])
    return [getattr(stored, f) for f in fields], [getattr(computed, f) for f in fields]


def test_a_new_case_gets_the_figures_a_computation_would_give(kurt, ada, support):
    from fairdesk.lib.transactions import service

    mailed = cases.open_case(customer=kurt, subject="Router", body="rot", channel="email").case
    called = cases.open_case_for_caller(
        agent=ada,
        name="Carla Anruf",
        phone="+49 30 1234",
        channel="phone",
        subject="Rückruf",
        body="Bitte zurückrufen",
    ).case

    @service
    def open_and_answer():  # opened and answered in one call: computed, not assumed
        case = cases.open_new_case(customer=kurt, subject="Neu", body="x", channel="email").case
        cases.reply(case=case, agent=ada, body="Erledigt")
        return case

    answered = open_and_answer()
    for case in (mailed, called, answered):
        stored, computed = _stored_and_computed(case)
        assert stored == computed
    assert CaseFigures.objects.get(case=answered).first_response_seconds is not None
