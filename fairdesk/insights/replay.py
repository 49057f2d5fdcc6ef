"""The simulator's fast path, pure Python: a scenario replayed in memory, hour by hour.

It replays exactly the steps `simulation.run` takes through the real services, in the same
order: each hour the arrivals open cases (each gets the promises `clocks` says: the caller
passes the promise engine's own rule), the agents work the queue in the one queue order
(`queues.ordering.queue_key`: earliest owed promise first, then age) until their minutes run
out, a reply keeps a pending answer promise and the resolution right after it keeps the
resolution promise, and at minute 59 the watch breaks every pending promise that is due.
A new case gets the queue's honest ETA as the services give it (`queues.services.predict`):
the team's waiting count and hours are tallied by the same `queues.eta.tally`, the date
comes from `queues.eta.pace_of` and `hours_until_answer` on the team's open hours
(`Honest`, passed by the caller), and when it is later than the case's first due date, its
promises move by `queues.eta.later_dues`.
What the services would write (timeline, search index, audit, mail) does not change the
outcome and is left out; a test replays a small scenario both ways and compares.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from fairdesk.insights.scenarios import Arrival, Scenario
from fairdesk.queues import eta
from fairdesk.queues.ordering import Waiting, queue_key

# promises.models.Kind values (this module imports no Django): a reply keeps the answers,
# a resolution keeps the fix.
ANSWERS = ("first_response", "next_response")
FIX = "resolution"

# (segment, opened at) -> the promises the case gets: [(kind, due at)].
Clocks = Callable[[str, datetime], list[tuple[str, datetime]]]


@dataclass(frozen=True)
class Honest:
    """The team's open hours, as the ETA service reads them (queues.hours)."""

    is_open: Callable[[datetime], bool]
    after_open_hours: Callable[[datetime, float], datetime]


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
    predicted_at: datetime | None = None  # the honest ETA at intake (None: not predicted)


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
    # The team's queue as queues.services.waiting keeps it: cases waiting for a first
    # response, the running hour and the finished ones; the pace found for each hour.
    waiting: int = 0
    running: eta.Hour | None = None
    hours: list[eta.Hour] = field(default_factory=list)
    paces: dict[datetime, eta.Throughput | None] = field(default_factory=dict)


def replay(
    scenario: Scenario,
    arrivals: Sequence[Arrival],
    *,
    start: datetime,
    clocks: Clocks,
    honest: Honest | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Replayed:
    """Replay the arrivals from `start` (a Monday at midnight) for the scenario's days; with
    `honest`, each new case gets the queue's honest ETA."""
    state, done = _State(scenario), Replayed()
    position, queue_minutes = 0, 0.0
    for day in range(scenario.days):
        arrived_today = 0
        for hour in range(24):
            moment = start + timedelta(days=day, hours=hour)
            while position < len(arrivals) and _at(start, arrivals[position]) < moment + HOUR:
                arrival = arrivals[position]
                done.tickets.append(_open(state, arrival, position, start, clocks, honest))
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


def _open(
    state: _State,
    arrival: Arrival,
    number: int,
    start: datetime,
    clocks: Clocks,
    honest: Honest | None,
) -> Ticket:
    opened = _at(start, arrival)
    made = [Clock(kind, due) for kind, due in clocks(arrival.segment, opened)]
    ticket = Ticket(number, opened, arrival.segment, arrival.handling_minutes, made)
    _count(state, opened, +1, answered=False)
    if honest is not None:
        _predict(state, ticket, honest)
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
        _count(state, at, -1, answered=True)
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


def _count(state: _State, at: datetime, delta: int, *, answered: bool) -> None:
    """One case more or fewer waiting for a first response (queues.services.waiting)."""
    before = state.waiting
    state.waiting = max(0, before + delta)
    finished, state.running = eta.tally(
        state.running, at=at, before=before, after=state.waiting, answered=answered
    )
    if finished is not None:
        state.hours.append(finished)


def _predict(state: _State, ticket: Ticket, honest: Honest) -> None:
    """The ETA at intake (queues.services.predict.predict_first_response) and, when it is
    later than the first due date, the promises moved to it."""
    now = ticket.created_at
    hour = eta.hour_of(now)
    if hour not in state.paces:
        # The hours before this one are finished and no later event changes them (the
        # tally never goes back), so one pace serves every case of the hour.
        since = eta.hour_of(now - eta.HISTORY)
        while state.hours and state.hours[0].start < since:
            state.hours.pop(0)
        hours = [*state.hours, *([state.running] if state.running else [])]
        state.paces[hour] = eta.pace_of(hours, now=now, is_open=honest.is_open)
    flow = state.paces[hour]
    dues = [clock.due_at for clock in ticket.clocks]
    target = min(dues, default=None)
    if flow is None:  # no history yet: the policy's target stands (as the service stores)
        ticket.predicted_at = target or now
        return
    ahead = max(0, state.waiting - 1)
    predicted = honest.after_open_hours(now, eta.hours_until_answer(ahead, flow))
    ticket.predicted_at = predicted
    if target is not None and predicted > target:
        for clock, due in zip(ticket.clocks, eta.later_dues(dues, predicted), strict=True):
            clock.due_at = due
