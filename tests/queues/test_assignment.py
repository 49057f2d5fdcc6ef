"""The chooser: filters then least load (or round robin); properties over random teams."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fairdesk.queues.assignment import (
    LEAST_LOAD,
    ROUND_ROBIN,
    Candidate,
    Need,
    Why,
    case_weight,
    choose,
    load_of,
)

T0 = datetime(2026, 3, 2, 8, tzinfo=UTC)


def agent(i, **kw):
    defaults = dict(agent_id=i, team_ids=frozenset({1}), on_shift=True, open_cases=0, cap=5)
    return Candidate(**(defaults | kw))


def test_least_load_wins_and_ties_go_to_the_longest_idle():
    busy = agent(1, load=3.0, open_cases=3)
    idle_long = agent(2, load=1.0, open_cases=1, idle_since=T0 - timedelta(hours=5))
    idle_short = agent(3, load=1.0, open_cases=1, idle_since=T0 - timedelta(hours=1))
    decision = choose(Need(team_id=1), [busy, idle_short, idle_long])
    assert (decision.agent_id, decision.why, decision.among) == (2, Why.LEAST_LOAD, 3)


def test_language_narrows_only_when_someone_speaks_it():
    de = agent(1, languages=frozenset({"de"}), load=4.0)
    en = agent(2, languages=frozenset({"en"}))
    assert choose(Need(team_id=1, language="de"), [de, en]).agent_id == 1
    assert choose(Need(team_id=1, language="de"), [de, en]).matched == ("language",)
    assert choose(Need(team_id=1, language="fr"), [de, en]).agent_id == 2


def test_off_shift_full_and_other_teams_get_nothing():
    agents = [
        agent(1, on_shift=False),
        agent(2, open_cases=5),
        agent(3, team_ids=frozenset({2})),
    ]
    assert choose(Need(team_id=1), agents) == choose(Need(team_id=1), [])
    assert choose(Need(team_id=1), agents).why == Why.NOBODY


def test_previous_owner_gets_a_reopened_case_back_when_on_shift():
    agents = [agent(1, load=9.0), agent(2)]
    assert choose(Need(team_id=1), agents, previous_owner=1).why == Why.PREVIOUS_OWNER
    agents = [agent(1, on_shift=False), agent(2)]
    assert choose(Need(team_id=1), agents, previous_owner=1).agent_id == 2


def test_who_handed_a_case_over_is_left_out_unless_nobody_else_is_in_the_team():
    agents = [agent(1), agent(2, load=3.0)]
    assert choose(Need(team_id=1), agents, not_to=1).agent_id == 2
    # The other agent is away now: the case waits for them rather than going back.
    agents = [agent(1), agent(2, on_shift=False)]
    assert choose(Need(team_id=1), agents, not_to=1).why == Why.NOBODY
    # An agent of another team cannot take it: the one who handed over is all there is.
    agents = [agent(1), agent(3, team_ids=frozenset({2}))]
    assert choose(Need(team_id=1), agents, not_to=1).agent_id == 1


def test_round_robin_takes_the_longest_idle_whatever_the_load():
    a = agent(1, load=0.0, idle_since=T0)
    b = agent(2, load=4.0, idle_since=T0 - timedelta(hours=1))
    assert choose(Need(team_id=1), [a, b], mode=ROUND_ROBIN).agent_id == 2


def test_case_weight_grows_as_the_promise_comes_due():
    assert case_weight(None) == 1.0
    assert case_weight(100) == 1.0
    assert 1.0 < case_weight(12) < case_weight(1) < case_weight(-5) == 2.0


candidates = st.lists(
    st.builds(
        Candidate,
        agent_id=st.integers(1, 10_000),
        team_ids=st.frozensets(st.integers(1, 3), min_size=1),
        on_shift=st.booleans(),
        open_cases=st.integers(0, 12),
        cap=st.integers(1, 10),
        languages=st.frozensets(st.sampled_from(["de", "en", "tr"])),
        skills=st.frozensets(st.sampled_from(["fibre", "billing"])),
        categories=st.frozensets(st.integers(1, 3)),
        load=st.floats(0, 30),
        idle_since=st.none() | st.integers(0, 1000).map(lambda m: T0 + timedelta(minutes=m)),
    ),
    max_size=12,
    unique_by=lambda c: c.agent_id,
)
needs = st.builds(
    Need,
    team_id=st.integers(1, 3),
    language=st.sampled_from(["", "de", "en", "tr"]),
    category_id=st.none() | st.integers(1, 3),
    skills=st.frozensets(st.sampled_from(["fibre", "billing"])),
)


@settings(suppress_health_check=[HealthCheck.too_slow])  # a shared, busy machine
@given(needs, candidates, st.sampled_from([LEAST_LOAD, ROUND_ROBIN]))
def test_never_over_cap_off_shift_or_outside_the_team(need, agents, mode):
    decision = choose(need, agents, mode=mode)
    eligible = [
        a for a in agents if need.team_id in a.team_ids and a.on_shift and a.open_cases < a.cap
    ]
    if decision.agent_id is None:
        assert not eligible
        return
    chosen = next(a for a in agents if a.agent_id == decision.agent_id)
    assert chosen in eligible


@settings(suppress_health_check=[HealthCheck.too_slow])  # a shared, busy machine
@given(needs, candidates, st.sampled_from([LEAST_LOAD, ROUND_ROBIN]))
def test_never_without_the_language_when_someone_eligible_speaks_it(need, agents, mode):
    decision = choose(need, agents, mode=mode)
    speakers = [
        a
        for a in agents
        if need.team_id in a.team_ids
        and a.on_shift
        and a.open_cases < a.cap
        and need.language in a.languages
    ]
    if need.language and speakers:
        assert decision.agent_id in {a.agent_id for a in speakers}


@settings(suppress_health_check=[HealthCheck.too_slow])  # a shared, busy machine
@given(needs, candidates)
def test_least_load_chooses_no_heavier_than_any_other_eligible_of_the_same_skills(need, agents):
    decision = choose(need, agents)
    if decision.agent_id is None or decision.matched:
        return
    chosen = next(a for a in agents if a.agent_id == decision.agent_id)
    for other in agents:
        if need.team_id in other.team_ids and other.on_shift and other.open_cases < other.cap:
            assert round(chosen.load, 6) <= round(other.load, 6)


@pytest.mark.parametrize(
    "open_cases, dues_in_hours, load",
    [
        (0, [], 0.0),
        (3, [], 3.0),  # undated cases weigh 1 each
        (2, [48.0, 72.0], 2.0),  # due in days: no extra weight
        (2, [12.0, 48.0], 2.5),  # due in half a day: half a case more
        (1, [-5.0], 2.0),  # overdue: twice
    ],
)
def test_load_of_a_seat(open_cases, dues_in_hours, load):
    now = 1_800_000_000.0
    dues = [now + hours * 3600 for hours in dues_in_hours]
    assert load_of(open_cases, dues, now) == pytest.approx(load)


@given(st.lists(st.floats(-100, 100, allow_nan=False), max_size=30))
def test_load_of_is_the_sum_of_the_case_weights(hours):
    now = 1_800_000_000.0
    dues = sorted(now + h * 3600 for h in hours)
    expected = sum(case_weight((due - now) / 3600) for due in dues)
    assert load_of(len(dues), dues, now) == pytest.approx(expected)
