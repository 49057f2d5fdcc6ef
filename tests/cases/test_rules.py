"""The repeat-contact rule and status transitions as plain functions."""

from datetime import UTC, datetime, timedelta

from fairdesk.cases.rules import OpenCase, can_change_status, case_to_join

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
WINDOW = timedelta(days=14)


def case(id, category=1, status="open", days_ago=1):
    return OpenCase(id, f"FD-{id:06d}", category, status, NOW - timedelta(days=days_ago))


def test_reference_wins_over_category():
    cases = [case(1, category=1), case(2, category=2, days_ago=40)]
    assert (
        case_to_join(cases, named_reference="FD-000002", category_id=1, now=NOW, window=WINDOW).id
        == 2
    )


def test_most_recent_case_of_the_category_within_the_window():
    cases = [case(1, days_ago=10), case(2, days_ago=3), case(3, days_ago=20)]
    assert case_to_join(cases, named_reference=None, category_id=1, now=NOW, window=WINDOW).id == 2


def test_no_category_no_reference_means_a_new_case():
    assert (
        case_to_join([case(1)], named_reference=None, category_id=None, now=NOW, window=WINDOW)
        is None
    )


def test_resolved_and_closed_cases_are_never_joined():
    cases = [case(1, status="resolved"), case(2, status="closed")]
    assert (
        case_to_join(cases, named_reference="FD-000001", category_id=1, now=NOW, window=WINDOW)
        is None
    )


def test_closed_is_final_and_resolved_can_reopen():
    assert not can_change_status("closed", "open")
    assert can_change_status("resolved", "open")
    assert not can_change_status("new", "new")
