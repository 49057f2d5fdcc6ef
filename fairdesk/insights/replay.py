"""The simulator's fast path, pure Python: a scenario replayed in memory, hour by hour.

It replays exactly the steps `simulation.run` takes through the real services, in the same
order: each hour the arrivals open cases (each gets the promises `clocks` says: the caller
passes the promise engine's own rule), the agents work the queue in the one queue order
(`queues.ordering.queue_key`: earliest owed promise first, then age) until their minutes run
out, a reply keeps a pending answer promise and the resolution right after it keeps the
resolution promise, and at minute 59 the watch breaks every pending promise that is due.
What the services would write (timeline, search index, audit, mail) does not change the
outcome and is left out; a test replays a small scenario both ways and compares.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from fairdesk.insights.scenarios import Arrival, Scenario
from fairdesk.queues.ordering import Waiting, queue_key

# promises.models.Kind values (this module imports no Django): a reply keeps the answers,
# a resolution keeps the fix.
ANSWERS = ("first_response", "next_response")
FIX = "resolution"

# (segment, opened at) -> the promises the case gets: [(kind, due at)].
Clocks = Callable[[str, datetime], list[tuple[str, datetime]]]


@dataclass
class Clock:
    kind: str
    due_at: datetime
    state: str = "pending"  # pending, kept or broken


@dataclass
class Ticket:
    """A replayed case."""

    number: int
    created_at: datetime
    segment: str
    handling_minutes: float
    clocks: list[Clock]
    responded_at: datetime | None = None
    resolved_at: datetime | None = None


@dataclass
class Replayed:
    tickets: list[Ticket] = field(default_factory=list)
    backlog: list[int] = field(default_factory=list)  # open at each day's end
    arrived: list[int] = field(default_factory=list)
    last_watch: datetime | None = None  # when the watch last ran


@dataclass
class _State:
    scenario: Scenario
    queue: list = field(default_factory=list)  # (queue key, ticket number)
    due: list = field(default_factory=list)  # (due at, ticket number, clock index)
    open_cases: int = 0


def replay(
    scenario: Scenario,
    arrivals: Sequence[Arrival],
    *,
    start: datetime,
    clocks: Clocks,
    progress: Callable[[int, int], None] | None = None,
) -> Replayed:
    """Replay the arrivals from `start` (a Monday at midnight) for the scenario's days."""
    state, done = _State(scenario), Replayed()
    position, queue_minutes = 0, 0.0
    for day in range(scenario.days):
        arrived_today = 0
        for hour in range(24):
            moment = start + timedelta(days=day, hours=hour)
            while position < len(arrivals) and _at(start, arrivals[position]) < moment + HOUR:
                done.tickets.append(_open(state, arrivals[position], position, start, clocks))
                position += 1
                arrived_today += 1
            working = day % 7 < 5 and scenario.open_hour <= hour < scenario.close_hour
            if working:
                budget = queue_minutes + scenario.agents * 60
                queue_minutes = _work(state, done.tickets, moment, budget)
            done.last_watch = moment + timedelta(minutes=59)
            _watch(state, done.tickets, done.last_watch)
        done.arrived.append(arrived_today)
        done.backlog.append(state.open_cases)
        if progress:
            progress(day, state.open_cases)
    return done


HOUR = timedelta(hours=1)


def _at(start: datetime, arrival: Arrival) -> datetime:
    return start + timedelta(days=arrival.day, minutes=arrival.minute)


def _open(state: _State, arrival: Arrival, number: int, start: datetime, clocks: Clocks) -> Ticket:
    opened = _at(start, arrival)
    made = [Clock(kind, due) for kind, due in clocks(arrival.segment, opened)]
    ticket = Ticket(number, opened, arrival.segment, arrival.handling_minutes, made)
    for index, clock in enumerate(made):
        heapq.heappush(state.due, (clock.due_at, number, index))
    # Nothing settles a waiting case's promises but the reply that resolves it, and a
    # broken promise stays owed (due in the past), so its place in the queue never moves.
    earliest = min((c.due_at for c in made), default=None)
    heapq.heappush(state.queue, (queue_key(Waiting(number, opened, earliest)), number))
    state.open_cases += 1
    return ticket


def _work(state: _State, tickets: list[Ticket], moment: datetime, minutes: float) -> float:
    """The agents spend `minutes` on the queue in its order; what is left carries over (at
    most an hour: idle time is not saved up)."""
    scenario, spent = state.scenario, 0.0
    while state.queue:
        ticket = tickets[state.queue[0][1]]
        cost = ticket.handling_minutes
        if cost > minutes:
            return min(minutes, scenario.agents * 60)
        heapq.heappop(state.queue)
        minutes -= cost
        spent += cost
        # Not before the case came in plus its handling (it may have come late this hour).
        at = max(
            moment + timedelta(minutes=min(59, spent / scenario.agents)),
            ticket.created_at + timedelta(minutes=cost),
        )
        _answer_and_resolve(state, ticket, at)
    return 0.0


def _answer_and_resolve(state: _State, ticket: Ticket, at: datetime) -> None:
    if ticket.responded_at is None:
        ticket.responded_at = at
    ticket.resolved_at = at
    for clock in ticket.clocks:
        if clock.state == "pending" and (clock.kind in ANSWERS or clock.kind == FIX):
            clock.state = "kept"
    state.open_cases -= 1


def _watch(state: _State, tickets: list[Ticket], now: datetime) -> None:
    """Break every pending promise due by now (the watch's first step)."""
    while state.due and state.due[0][0] <= now:
        _due, number, index = heapq.heappop(state.due)
        clock = tickets[number].clocks[index]
        if clock.state == "pending":
            clock.state = "broken"
