"""The value counts behind the response-times and contacts reports: moved by the case
reaction exactly as counting afresh would count them, filled by the migration from existing
figures, and the reports over them within one time band of the exact figures."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from fairdesk.cases import services as cases
from fairdesk.cases.models import Category
from fairdesk.demo import bulk
from fairdesk.insights import reports
from fairdesk.insights.filters import Filters
from fairdesk.insights.models import CaseFigures, ValueCount
from fairdesk.insights.services import rebuild_value_counts
from fairdesk.lib import clock
from tests.insights.test_case_figures import assert_same_reports


def value_counts() -> set[tuple]:
    return set(
        ValueCount.objects.filter(cases__gt=0).values_list(
            "span", "day", "measure", "team_id", "category_key", "channel", "value", "cases"
        )
    )


def test_the_value_counts_moved_by_the_reaction_equal_counting_afresh(
    world, kurt, ada, ben, billing
):
    first = cases.open_case(customer=kurt, subject="Router", body="Kaputt.", channel="email").case
    second = cases.open_new_case(
        customer=kurt, subject="Router 2", body="Immer noch.", channel="web"
    ).case
    cases.reply(case=second, agent=ada, body="Wir sehen nach.")
    cases.change_status(case=second, agent=ada, status="closed")
    cases.reopen(case=second, agent=ada, reason="Doch nicht.")
    cases.hand_over(case=first, agent=ada, note="Bitte übernehmen.", to_agent=ben)
    cases.merge_cases(source=second, target=first, agent=ada)
    cases.change_category(case=first, agent=ada, category=billing)
    cases.reply(case=first, agent=ben, body="Erledigt.")
    cases.change_status(case=first, agent=ben, status="resolved")
    moved = value_counts()
    unmerged = CaseFigures.objects.filter(merged=False).count()
    # Each case once per span (day, week, month) for contacts and for handoffs, on each of
    # four levels (its category or every one, its channel or every one).
    assert sum(row[7] for row in moved if row[2] == "contacts") == 3 * 4 * unmerged
    every = [row for row in moved if row[4] == -1 and row[5] == ""]
    assert sum(row[7] for row in every if row[2] == "contacts") == 3 * unmerged
    handoffs = sum(CaseFigures.objects.filter(merged=False).values_list("handoffs", flat=True))
    assert sum(row[6] * row[7] for row in every if row[2] == "handoffs") == 3 * handoffs
    assert {row[2] for row in moved} == {"contacts", "handoffs", "first_response", "resolution"}
    rebuild_value_counts()
    assert value_counts() == moved
    assert_same_reports(Filters.parse({}))


def test_reports_from_value_counts_match_the_exact_figures_over_a_year_of_bulk_data(
    ada, ben, billing
):
    bulk.generate(cases=600, entries_per_case=3, seed=5)
    category = Category.objects.filter(cases__isnull=False).distinct().first()
    call_command("backfill_case_figures", "--batch", "200", verbosity=0)
    assert ValueCount.objects.filter(span="m").exists()
    today = clock.now().date()
    for filters in (
        Filters(today - timedelta(days=364), today),
        Filters(today - timedelta(days=180), today),
        Filters(today - timedelta(days=40), today - timedelta(days=3), channel="phone"),
        Filters(today - timedelta(days=90), today, category_id=category.pk, channel="email"),
        Filters(today - timedelta(days=90), today, category_id=category.pk),
    ):
        report = reports.run("response_times", filters)
        assert report.note and sum(row[1] for row in report.rows) > 0
        assert_same_reports(filters)


def test_a_reader_who_sees_some_cases_gets_the_exact_figures(world, ada):
    scope = Filters.parse({}).seen_by(CaseFigures.objects.filter(merged=False).values("case_id"))
    assert not reports.run("response_times", scope).note
    assert_same_reports(scope)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_migration_counts_the_figures_already_stored(kurt, ada):
    case = cases.open_case(customer=kurt, subject="Router", body="Kaputt.", channel="email").case
    cases.reply(case=case, agent=ada, body="Wir sehen nach.")
    cases.change_status(case=case, agent=ada, status="resolved")
    kept = value_counts()
    assert kept
    executor = MigrationExecutor(connection)
    executor.migrate([("insights", "0002_filter_columns_and_day_counts")])
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("insights", "0003_value_counts")])
    assert value_counts() == kept
