"""The repeat-contact rule and status transitions as plain functions."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fairdesk.cases.rules import OpenCase, can_change_status, case_to_join

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
WINDOW = timedelta(days=14)


def case(id, status="open", days_ago=1):
    return OpenCase(id, f"FD-{id:06d}", status, NOW - timedelta(days=days_ago))


def join(cases, reference=None):
    return case_to_join(cases, named_reference=reference, now=NOW, window=WINDOW)


@pytest.mark.parametrize(
    ("cases", "reference", "joined", "confirm"),
    [
        # A named open case wins, however old; no agent needs to confirm it.
        ([case(1), case(2, days_ago=40)], "FD-000002", 2, False),
        # Exactly one open case active within the window: joined, whatever it is about.
        ([case(1, days_ago=13)], None, 1, False),
        ([case(1, days_ago=10), case(3, days_ago=20)], None, 1, False),
        # Several: the most recently active, flagged for an agent.
        ([case(1, days_ago=10), case(2, days_ago=3)], None, 2, True),
        # Nothing open within the window: a new case.
        ([case(1, days_ago=15)], None, None, False),
        ([], None, None, False),
        # Resolved and closed cases are never joined, not even by reference.
        ([case(1, status="resolved"), case(2, status="closed")], "FD-000001", None, False),
        # An unknown reference falls back to the window rule.
        ([case(1)], "FD-999999", 1, False),
    ],
)
def test_which_case_a_new_contact_joins(cases, reference, joined, confirm):
    result = join(cases, reference)
    assert (result.case.id if result else None) == joined
    assert (result.confirm if result else False) is confirm


def test_the_other_open_cases_are_named_for_the_agent():
    result = join([case(1, days_ago=10), case(2, days_ago=3), case(3, days_ago=5)])
    assert result.others == ("FD-000003", "FD-000001")


open_cases = st.lists(
    st.builds(
        case,
        id=st.integers(1, 50),
        status=st.sampled_from(["new", "open", "resolved", "closed"]),
        days_ago=st.integers(0, 30),
    ),
    max_size=6,
)


@given(open_cases)
def test_a_joined_case_is_unresolved_recent_and_the_latest(cases):
    result = join(cases)
    recent = [c for c in cases if c.status in ("new", "open") and NOW - c.last_activity <= WINDOW]
    if not recent:
        assert result is None
        return
    assert result.case in recent
    assert result.case.last_activity == max(c.last_activity for c in recent)
    assert result.confirm == (len(recent) > 1)


def test_closed_is_final_and_resolved_can_reopen():
    assert not can_change_status("closed", "open")
    assert can_change_status("resolved", "open")
    assert not can_change_status("new", "new")
