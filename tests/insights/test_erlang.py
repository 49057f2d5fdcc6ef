"""Erlang B, C and A against published table values, and the properties staffing relies on."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairdesk.insights import erlang
from tests.properties import examples


# Erlang B and C tables (e.g. the ITU-T teletraffic handbook; Cooper, Introduction to
# Queueing Theory, table of C(n, a)).
@pytest.mark.parametrize(
    ("traffic", "agents", "blocking"),
    [(1, 1, 0.5), (2, 2, 0.4), (5, 10, 0.01838), (10, 10, 0.21458), (20, 30, 0.00846)],
)
def test_erlang_b_matches_published_tables(traffic, agents, blocking):
    assert erlang.erlang_b(traffic, agents) == pytest.approx(blocking, abs=5e-5)


@pytest.mark.parametrize(
    ("traffic", "agents", "waiting"),
    [(1, 2, 1 / 3), (10, 11, 0.6821), (10, 12, 0.4494), (10, 13, 0.2853), (2, 3, 0.4444)],
)
def test_erlang_c_matches_published_tables(traffic, agents, waiting):
    assert erlang.erlang_c(traffic, agents) == pytest.approx(waiting, abs=5e-4)


def test_worked_example_100_calls_in_half_an_hour_of_three_minutes():
    # The usual worked example: 10 Erlangs, 80 % in 20 s; 13 agents reach 79.6 %, 14 reach
    # 88.8 %, and with 30 % shrinkage 20 must be on shift.
    rate, handling = 100 / 1800, 180
    thirteen = erlang.erlang_c_service(
        arrival_rate=rate, handling_time=handling, agents=13, target_time=20
    )
    assert thirteen.service_level == pytest.approx(0.7956, abs=5e-4)
    target = erlang.Target(service_level=0.8, target_time=20, max_occupancy=1.0)
    needed = erlang.agents_needed(arrival_rate=rate, handling_time=handling, target=target)
    assert needed == 14
    assert erlang.agents_to_schedule(needed, shrinkage=0.3) == 20


def test_large_teams_stay_finite_in_log_space():
    # 2,000 agents: A**n / n! alone would overflow a float.
    value = erlang.erlang_c(1900.0, 2000)
    # The same figure by the ratio recursion of Erlang B, which never forms A**n / n!.
    blocking = 1.0
    for n in range(1, 2001):
        blocking = 1900.0 * blocking / (n + 1900.0 * blocking)
    assert value == pytest.approx(2000 * blocking / (2000 - 1900.0 * (1 - blocking)), rel=1e-9)
    assert math.isfinite(erlang.erlang_b(1900.0, 2000))


def test_shrinkage_and_occupancy_cap():
    assert erlang.agents_to_schedule(14, shrinkage=0.3) == 20
    capped = erlang.Target(service_level=0.0, max_occupancy=0.5)
    assert erlang.agents_needed(arrival_rate=10 / 3600, handling_time=360, target=capped) == 2


def test_erlang_a_with_impatient_callers_needs_no_more_than_erlang_c():
    service = erlang.erlang_a_service(arrival_rate=0.1, handling_time=240, patience=60, agents=24)
    assert 0 < service.p_abandon < 1
    assert service.p_wait < erlang.erlang_c(24.0, 24)  # C is 1 at full load; A still settles


@settings(max_examples=examples(60), deadline=None)
@given(
    rate=st.floats(0.001, 0.5),
    handling=st.floats(30, 900),
    extra=st.floats(0.0, 0.5),
)
def test_more_load_never_needs_fewer_agents(rate, handling, extra):
    target = erlang.Target()
    low = erlang.agents_needed(arrival_rate=rate, handling_time=handling, target=target)
    high = erlang.agents_needed(arrival_rate=rate + extra, handling_time=handling, target=target)
    assert high >= low


@settings(max_examples=examples(30), deadline=None)
@given(traffic=st.floats(0.5, 40), spare=st.integers(1, 10))
def test_erlang_a_tends_to_erlang_c_as_patience_grows(traffic, spare):
    agents = math.ceil(traffic) + spare
    rate, handling = traffic / 100, 100.0
    c = erlang.erlang_c(traffic, agents)
    gaps = [
        abs(
            erlang.erlang_a_service(
                arrival_rate=rate, handling_time=handling, patience=p, agents=agents
            ).p_wait
            - c
        )
        for p in (1e3, 1e5, 1e8)
    ]
    assert gaps[-1] < 1e-4
    assert gaps[2] <= gaps[0] + 1e-12
