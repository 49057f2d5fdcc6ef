"""The per-case figures behind the slow reports: kept in step by the case reaction, filled by
the backfill, and the reports over them give exactly what the old per-request queries gave."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from fairdesk.cases import services as cases
from fairdesk.cases.access import cases_counted_for
from fairdesk.cases.models import Case
from fairdesk.demo import bulk
from fairdesk.insights import bands, reports
from fairdesk.insights.filters import Filters
from fairdesk.insights.models import CaseFigures, DayCount
from fairdesk.insights.services import backfill_case_figures, rebuild_day_counts
from fairdesk.lib import clock
from fairdesk.lib.errors import DomainError
from tests.insights import reference_reports as old

REWRITTEN = ("response_times", "contacts", "reopens", "backlog")


def both(name: str, filters: Filters):
    new = reports.run(name, filters)
    reference = getattr(old, name)(filters)
    return new, reference


def assert_same_reports(filters: Filters) -> None:
    """The reports equal the old queries; the response times' medians and P90, read from
    counts in time bands, lie within the bands of the exact values around them."""
    for name in REWRITTEN:
        new, reference = both(name, filters)
        assert new.columns == reference.columns, name
        if name == "response_times" and new.note:
            assert_within_bands(new, reference, filters)
            continue
        assert new.rows == reference.rows, name
        assert new.chart == reference.chart, name


def assert_within_bands(new, reference, filters: Filters) -> None:
    assert [row[0:2] + row[4:5] for row in new.rows] == [
        row[0:2] + row[4:5] for row in reference.rows
    ]
    for row in new.rows:
        rows = CaseFigures.objects.filter(filters.figures(), team__name=row[0])
        for column, field in ((2, "first_response_seconds"), (5, "resolution_seconds")):
            values = [v for v in rows.values_list(field, flat=True) if v is not None]
            for share, read in ((0.5, row[column]), (0.9, row[column + 1])):
                if not values:
                    assert read is None
                    continue
                low, high = band_bounds(values, share)
                # The report rounds hours to two places.
                assert low / HOUR - 0.005 <= read <= high / HOUR + 0.005, (row, field, share)


HOUR = 3600


def band_bounds(values: list[float], share: float) -> tuple[int, int]:
    """From the lower edge of the band of the value below the position to the upper edge of
    the band of the value above it: where `bands` says a banded percentile lies."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    below, above = ordered[int(position)], ordered[min(int(position) + 1, len(ordered) - 1)]
    return bands.edges(bands.band(below))[0], bands.edges(bands.band(above))[1]


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


def day_counts() -> set[tuple]:
    return {
        row
        for row in DayCount.objects.values_list(
            "day", "team_id", "category_key", "channel", "opened", "finished", "done", "back"
        )
        if any(row[4:])
    }


def test_a_category_change_is_a_case_event_and_moves_the_figures(world, billing, ada, lena):
    visit = world["visit"]
    assert CaseFigures.objects.get(case=visit).category_id != billing.pk
    by_billing = Filters.parse({"category": str(billing.pk)})
    before = reports.run("backlog", by_billing).rows
    cases.change_category(case=visit, agent=ada, category=billing)
    assert CaseFigures.objects.get(case=visit).category_id == billing.pk
    assert reports.run("backlog", by_billing).rows != before
    assert_same_reports(by_billing)
    cases.change_category(case=visit, agent=ada, category=None)
    assert CaseFigures.objects.get(case=visit).category_id is None
    assert_same_reports(by_billing)
    assert_same_reports(Filters.parse({}).seen_by(cases_counted_for(ada)))


def test_the_day_counts_moved_by_the_reaction_equal_counting_afresh(world, kurt, ada, billing):
    first = cases.open_case(customer=kurt, subject="Router", body="Kaputt.", channel="email").case
    second = cases.open_new_case(
        customer=kurt, subject="Router 2", body="Immer noch.", channel="web"
    ).case
    cases.change_status(case=second, agent=ada, status="closed")
    cases.reopen(case=second, agent=ada, reason="Doch nicht.")
    cases.merge_cases(source=second, target=first, agent=ada)
    cases.change_category(case=first, agent=ada, category=billing)
    cases.change_status(case=first, agent=ada, status="resolved")
    moved = day_counts()
    assert sum(row[4] for row in moved) == Case.objects.filter(merged_into=None).count()
    assert sum(row[7] for row in moved) == CaseFigures.objects.filter(reopened=True).count() > 0
    rebuild_day_counts()
    assert day_counts() == moved


def test_the_backlog_reads_the_figures_for_a_reader_who_sees_some_cases(world, ada):
    scope = Filters.parse({}).seen_by(Case.objects.filter(pk=world["visit"].pk).values("pk"))
    assert_same_reports(scope)
    assert sum(row[1] for row in reports.run("backlog", scope).rows) <= 1
