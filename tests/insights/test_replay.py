"""The simulator's in-memory replay (pure): the watch breaks what is due by minute 59, the
queue is worked earliest promise first, and every case is either resolved or still open."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from fairdesk.insights.replay import replay
from fairdesk.insights.scenarios import Arrival, Scenario, arrivals
from tests.properties import examples

MONDAY = datetime(2027, 3, 1, tzinfo=ZoneInfo("Europe/Berlin"))
ONE = Scenario("one", days=1, per_day=0, agents=1, handling_minutes=30)


def two_hours(segment: str, opened: datetime) -> list[tuple[str, datetime]]:
    return [("first_response", opened + timedelta(hours=2))]


def test_the_queue_goes_by_earliest_promise_and_the_watch_breaks_what_is_left():
    # Three cases at 08:00, each half an hour: one agent answers two before 09:00; the third
    # is answered within its promise (10:00) at 09:30. A case of 200 minutes never fits the
    # agent's hour (plus at most an hour carried over): its promise breaks, it stays open.
    came = [Arrival(0, 8 * 60, "a", 30.0) for _n in range(3)] + [Arrival(0, 8 * 60, "b", 200.0)]
    done = replay(ONE, came, start=MONDAY, clocks=two_hours)
    states = [[c.state for c in t.clocks] for t in done.tickets]
    assert states == [["kept"], ["kept"], ["kept"], ["broken"]]
    assert done.tickets[2].responded_at == MONDAY + timedelta(hours=9, minutes=30)
    assert done.tickets[3].resolved_at is None
    assert done.backlog == [1] and done.arrived == [4]


def test_without_agents_time_nothing_is_answered_and_everything_due_breaks():
    weekend = Scenario("sunday", days=7, per_day=0, agents=1, handling_minutes=5)
    came = [Arrival(6, 10 * 60, "a", 5.0)]
    done = replay(weekend, came, start=MONDAY, clocks=two_hours)
    assert [c.state for c in done.tickets[0].clocks] == ["broken"]
    assert done.backlog[-1] == 1


@settings(max_examples=examples(25), deadline=None)
@given(
    per_day=st.integers(0, 60),
    agents=st.integers(1, 3),
    minutes=st.floats(1, 90),
    seed=st.integers(0, 1000),
)
def test_every_case_is_resolved_with_its_promises_settled_or_still_open(
    per_day, agents, minutes, seed
):
    scenario = Scenario("any", days=4, per_day=per_day, agents=agents, handling_minutes=minutes)
    scenario = Scenario(**{**scenario.__dict__, "seed": seed})
    done = replay(scenario, arrivals(scenario), start=MONDAY, clocks=two_hours)
    still_open = [t for t in done.tickets if t.resolved_at is None]
    assert done.backlog[-1] == len(still_open)
    assert sum(done.arrived) == len(done.tickets)
    for ticket in done.tickets:
        if ticket.resolved_at is not None:
            assert ticket.resolved_at >= ticket.created_at
            assert all(c.state in ("kept", "broken") for c in ticket.clocks)
