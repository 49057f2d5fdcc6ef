"""The fluid backlog projection: when the queue grows, and when promises start to break."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fairdesk.insights.backlog import project


def test_enough_capacity_keeps_no_backlog_and_no_break():
    result = project(arrivals=[10, 10, 10], capacity=[12, 12, 12], promise_intervals=1)
    assert result.backlog == [0, 0, 0]
    assert result.first_break is None
    assert all(wait <= 1 for wait in result.waits)


def test_a_surge_breaks_promises_from_the_day_work_waits_too_long():
    # 100 a day can be cleared; from day 2 three times as much arrives for three days.
    arrivals = [100, 100, 300, 300, 300, 100, 100, 100, 100, 100]
    result = project(arrivals=arrivals, capacity=[100] * 10, promise_intervals=2)
    assert result.backlog[:6] == [0, 0, 200, 400, 600, 600]
    assert result.waits[:3] == [1, 1, 3]  # the last of day 2's mail is done at the end of day 4
    assert result.first_break == 2
    assert result.waits[-1] is None  # never cleared within the horizon


def test_mismatched_lengths_are_refused():
    with pytest.raises(ValueError):
        project(arrivals=[1], capacity=[], promise_intervals=1)


@given(
    arrivals=st.lists(st.floats(0, 100), min_size=1, max_size=30),
    surplus=st.floats(0, 50),
)
def test_more_capacity_never_grows_the_backlog(arrivals, surplus):
    base = project(arrivals=arrivals, capacity=[50] * len(arrivals), promise_intervals=3)
    more = project(arrivals=arrivals, capacity=[50 + surplus] * len(arrivals), promise_intervals=3)
    assert all(m <= b + 1e-9 for m, b in zip(more.backlog, base.backlog, strict=True))
