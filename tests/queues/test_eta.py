"""The ETA at intake: throughput with its spread, monotone in the cases ahead."""

import math
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fairdesk.queues.eta import (
    FLOOR_RATE,
    Hour,
    Throughput,
    estimate,
    hours_until_answer,
    later_dues,
    pace,
    planning_rate,
    staff_needed,
    tally,
)
from fairdesk.queues.eta import (
    throughput as throughput,
)


def test_steady_throughput_has_no_spread():
    flow = throughput([4.0] * 50)
    assert flow.rate == pytest.approx(4.0)
    assert flow.spread == pytest.approx(0.0)
    assert hours_until_answer(7, flow) == pytest.approx(2.0)  # 8 cases at 4 per hour


def test_a_jumpy_team_is_planned_slower_than_its_mean():
    flow = throughput([0.0, 8.0] * 40)
    assert flow.spread > 1
    assert hours_until_answer(39, flow) > 40 / flow.rate


def test_the_margin_for_a_jumpy_team_shrinks_as_the_queue_grows():
    flow = Throughput(rate=4.0, spread=2.0)
    short, long = hours_until_answer(3, flow), hours_until_answer(399, flow)
    assert short / (4 / 4.0) > long / (400 / 4.0) > 1.0
    # 400 cases at 4 an hour: 100 h; the slow side (−1.28·2·√H) adds about 6 %.
    assert long == pytest.approx(106.5, abs=0.5)


def test_the_planning_rate_is_the_mean_above_the_floor():
    assert planning_rate(Throughput(3.0, 1.0)) == 3.0
    assert planning_rate(Throughput(0.0, 0.0)) == FLOOR_RATE


def test_no_history_plans_with_the_floor():
    assert throughput([]) == Throughput(0.0, 0.0)
    assert hours_until_answer(0, throughput([])) == pytest.approx(1 / FLOOR_RATE)


def test_staff_needed_to_meet_a_target():
    flow = Throughput(rate=2.0, spread=0.0)
    # 19 ahead + this one = 20 cases in 4 hours: 5 per hour, 2 answered, 3 more at 1 each.
    assert staff_needed(19, flow, 4.0, 1.0) == 3
    assert staff_needed(1, flow, 4.0, 1.0) == 0


rates = st.lists(st.floats(0, 50, allow_nan=False), max_size=60)


@given(rates, st.integers(0, 10_000), st.integers(0, 10_000))
def test_monotone_in_cases_ahead(history, a, b):
    flow = throughput(history)
    low, high = sorted((a, b))
    assert hours_until_answer(low, flow) <= hours_until_answer(high, flow)


@given(rates)
def test_mean_within_the_observed_range_and_finite(history):
    flow = throughput(history)
    assert math.isfinite(flow.rate) and math.isfinite(flow.spread) and flow.spread >= 0
    if history:
        assert min(history) - 1e-9 <= flow.rate <= max(history) + 1e-9


# --- the pace: busy hours only -----------------------------------------------------------

T0 = datetime(2026, 3, 2, 8, tzinfo=UTC)


def _always(moment):
    return True


def hour(n, answered, low, last):
    return Hour(T0 + timedelta(hours=n), answered, low, last)


def test_a_short_history_is_its_plain_mean():
    flow = throughput([30.0, 10.0, 20.0])
    assert flow.rate == pytest.approx(20.0, rel=0.05)  # not the first hour's 30


def test_tally_keeps_the_running_hour_and_hands_over_a_finished_one():
    finished, running = tally(None, at=T0 + timedelta(minutes=5), before=0, after=1, answered=False)
    assert finished is None and running == Hour(T0, 0, 0, 1)
    finished, running = tally(
        running, at=T0 + timedelta(minutes=40), before=1, after=0, answered=True
    )
    assert finished is None and running == Hour(T0, 1, 0, 0)
    later = T0 + timedelta(hours=3, minutes=1)
    finished, running = tally(running, at=later, before=0, after=1, answered=False)
    assert finished == Hour(T0, 1, 0, 0) and running == Hour(T0 + timedelta(hours=3), 0, 0, 1)
    # A moment before the running hour (a clock set back) counts in the running hour.
    finished, back = tally(running, at=T0, before=1, after=0, answered=True)
    assert finished is None and back == Hour(T0 + timedelta(hours=3), 1, 0, 0)


@pytest.mark.parametrize(
    ("hours", "now", "expected"),
    [
        # Busy hours (the queue never ran dry) measure the pace; idle ones are left out.
        ([hour(0, 2, 0, 0), *[hour(n, 5, 3, 3) for n in range(1, 5)]], 5, [5.0] * 4),
        # Too few busy hours: every open hour, a rate the team surely reaches.
        ([hour(0, 2, 0, 0), hour(1, 5, 3, 3), hour(2, 2, 0, 0)], 3, [2.0, 5.0, 2.0]),
        # An hour without a record kept the last count: busy with no answer if work waited.
        (
            [hour(0, 4, 2, 6), hour(2, 4, 2, 6), hour(3, 4, 2, 6), hour(4, 4, 2, 0)],
            6,
            [4.0, 0.0, 4.0, 4.0, 4.0],
        ),
        # Hours before the first answer say nothing of the pace; no answer yet, no pace.
        ([hour(0, 0, 0, 9), hour(1, 0, 9, 9), hour(2, 3, 0, 0)], 3, [3.0]),
        ([hour(0, 0, 0, 9), hour(1, 0, 9, 9)], 3, []),
        # The running hour (the current one) says nothing yet; older than two weeks neither.
        ([hour(-400, 9, 9, 9), hour(5, 3, 0, 0), hour(6, 7, 7, 7)], 6, [3.0]),
    ],
)
def test_pace_reads_busy_hours(hours, now, expected):
    at = T0 + timedelta(hours=now, minutes=30)
    assert pace(hours, now=at, is_open=_always) == expected


def test_pace_skips_closed_hours():
    hours = [hour(n, 3, 1, 1) for n in range(8)]
    odd_closed = lambda moment: moment.hour % 2 == 0  # noqa: E731
    assert pace(hours, now=T0 + timedelta(hours=8), is_open=odd_closed) == [3.0] * 4


def test_no_history_no_estimate():
    assert estimate(5, [], now=T0, is_open=_always) is None


def test_later_dues_move_only_the_earlier_ones():
    predicted = T0 + timedelta(hours=10)
    dues = [T0 + timedelta(hours=8), T0 + timedelta(hours=50)]
    assert later_dues(dues, predicted) == [predicted, dues[1]]


busy_hours = st.lists(
    st.tuples(st.integers(0, 40), st.integers(0, 30), st.integers(0, 30)), max_size=80
)


@given(busy_hours, st.integers(0, 5_000), st.integers(0, 5_000))
def test_the_estimate_is_monotone_in_cases_ahead(records, a, b):
    hours = [
        hour(n, answered, min(low, last), last) for n, (answered, low, last) in enumerate(records)
    ]
    now = T0 + timedelta(hours=len(records) + 1)
    low, high = sorted((a, b))
    first = estimate(low, hours, now=now, is_open=_always)
    second = estimate(high, hours, now=now, is_open=_always)
    assert (first is None) == (second is None)
    if first is not None and second is not None:
        assert first[0] <= second[0]
