"""The ETA at intake: throughput with its spread, monotone in the cases ahead."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fairdesk.queues.eta import (
    FLOOR_RATE,
    Throughput,
    hours_until_answer,
    planning_rate,
    staff_needed,
    throughput,
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
