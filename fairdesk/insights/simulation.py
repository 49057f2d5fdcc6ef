"""The backlog simulator: a scenario replayed through the real services with the clock moved.

Cases open through `open_case` (so the real policy makes their promises), agents take them in
the team queue's own order (`desk.worklists`) and answer and resolve them through the case
services, and the real promise watch runs every simulated hour. Only on a throwaway database:
`fairdesk simulate` makes one.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, Sum

from fairdesk.accounts import services as accounts
from fairdesk.accounts.models import Team
from fairdesk.cases import services as cases
from fairdesk.cases.models import UNRESOLVED, Case, Category
from fairdesk.insights import stats
from fairdesk.insights.scenarios import Arrival, Scenario, arrivals
from fairdesk.lib import clock
from fairdesk.promises import businesstime, watch
from fairdesk.promises.models import Credit, Policy, Promise, State
from fairdesk.promises.presets import ensure_presets

START = datetime(2027, 3, 1, tzinfo=ZoneInfo("Europe/Berlin"))  # a Monday, no holiday near
CUSTOMERS = 400


@dataclass
class Result:
    scenario: Scenario
    cases: int = 0
    kept: int = 0
    broken: int = 0
    by_kind: dict[str, tuple[int, int]] = field(default_factory=dict)
    promised_hours: dict[str, float | None] = field(default_factory=dict)  # median budget
    actual_hours: dict[str, float | None] = field(default_factory=dict)  # median, business h
    waiting_ratio: dict[str, float | None] = field(default_factory=dict)  # per segment
    backlog: list[int] = field(default_factory=list)  # open at each day's end
    arrived: list[int] = field(default_factory=list)
    compensation_cents: int = 0


@dataclass
class _World:
    team: Team
    agent: object
    customers: list
    categories: dict[str, Category]


def _world(scenario: Scenario) -> _World:
    ensure_presets()
    team = Team.objects.create(name="Simulation")
    agents = [
        accounts.create_agent(
            username=f"agent{n}",
            password=None,
            name=f"Agent {n}",
            email=f"agent{n}@sim.invalid",
            teams=(team,),
        )
        for n in range(scenario.agents)
    ]
    customers = [
        accounts.get_or_create_customer(email=f"c{n}@sim.invalid", name=f"Kunde {n}", language="de")
        for n in range(CUSTOMERS)
    ]
    categories = {name: cases.create_category(name=name, team=team) for name in scenario.segments}
    return _World(team, agents[0], customers, categories)


# The team queue's next cases for an agent, in the desk's order: (agent, how many) → cases.
NextCases = Callable[[object, int], list[Case]]


def run(scenario: Scenario, *, next_cases: NextCases, progress=None) -> Result:
    """Replay `scenario` day by day; `progress(day, open)` is told after each day.

    `next_cases` is the queue order to work by; the caller passes the desk's (an interface
    app, which a domain module does not import)."""
    world = _world(scenario)
    rng = random.Random(scenario.seed)
    pending = arrivals(scenario)
    handling: dict[int, float] = {}
    result = Result(scenario)
    position = 0
    queue_minutes = 0.0
    for day in range(scenario.days):
        arrived_today = 0
        for hour in range(24):
            moment = START + timedelta(days=day, hours=hour)
            while position < len(pending) and _at(pending[position]) < moment + timedelta(hours=1):
                arrival = pending[position]
                with clock.frozen_at(_at(arrival)):
                    case = _open(world, arrival, rng)
                handling[case.pk] = arrival.handling_minutes
                position += 1
                arrived_today += 1
            working = day % 7 < 5 and scenario.open_hour <= hour < scenario.close_hour
            if working:
                budget = queue_minutes + scenario.agents * 60
                queue_minutes = _work(world, scenario, moment, handling, budget, next_cases)
            with clock.frozen_at(moment + timedelta(minutes=59)):
                while any(watch.run().values()):
                    pass
        result.arrived.append(arrived_today)
        result.backlog.append(Case.objects.filter(team=world.team, status__in=UNRESOLVED).count())
        if progress:
            progress(day, result.backlog[-1])
    _measure(result, world)
    return result


def _at(arrival: Arrival) -> datetime:
    return START + timedelta(days=arrival.day, minutes=arrival.minute)


def _open(world: _World, arrival: Arrival, rng: random.Random) -> Case:
    return cases.open_new_case(
        customer=rng.choice(world.customers),
        subject=f"{arrival.segment} – Anfrage",
        body="Bitte um Bearbeitung.",
        channel="email",
        category=world.categories[arrival.segment],
    ).case


def _work(world, scenario, moment, handling, minutes: float, next_cases: NextCases) -> float:
    """The agents spend `minutes` on the queue in its order; what is left carries over (at
    most an hour: idle time is not saved up)."""
    spent = 0.0
    while True:
        wanted = max(1, min(200, int(minutes // max(scenario.handling_minutes, 0.1)) + 1))
        rows = next_cases(world.agent, wanted)
        if not rows:
            return 0.0
        for case in rows:
            cost = handling.get(case.pk, scenario.handling_minutes)
            if cost > minutes:
                return min(minutes, scenario.agents * 60)
            minutes -= cost
            spent += cost
            # Not before the case came in plus its handling (it may have come late this hour).
            at = max(
                moment + timedelta(minutes=min(59, spent / scenario.agents)),
                case.created_at + timedelta(minutes=cost),
            )
            with clock.frozen_at(at):
                cases.reply(case=case, agent=world.agent, body="Erledigt.")
                cases.change_status(case=case, agent=world.agent, status="resolved")


def _measure(result: Result, world: _World) -> None:
    scope = Case.objects.filter(team=world.team)
    result.cases = scope.count()
    rows = (
        Promise.objects.filter(case__team=world.team)
        .values("kind")
        .annotate(
            kept=Count("id", filter=Q(state=State.KEPT)),
            broken=Count("id", filter=Q(state=State.BROKEN)),
        )
        .order_by("kind")
    )
    for row in rows:
        result.by_kind[row["kind"]] = (row["kept"], row["broken"])
        result.kept += row["kept"]
        result.broken += row["broken"]
    policy = Policy.objects.get(is_default=True)
    calendar = policy.calendar.business()
    result.promised_hours = {
        "first_response": _h(policy.first_response),
        "resolution": _h(policy.resolution),
    }
    first: list[float] = []
    resolution: list[float] = []
    by_segment: dict[str, list[float]] = {}
    for created, responded, resolved, segment in scope.values_list(
        "created_at", "first_response_at", "resolved_at", "category__name"
    ).iterator(chunk_size=5000):
        if responded:
            wait = businesstime.between(calendar, created, responded).total_seconds() / 3600
            first.append(wait)
            by_segment.setdefault(segment, []).append(wait)
        if resolved:
            took = businesstime.between(calendar, created, resolved)
            resolution.append(took.total_seconds() / 3600)
    result.actual_hours = {
        "first_response": stats.percentile(first, 0.5),
        "first_response_p90": stats.percentile(first, 0.9),
        "resolution": stats.percentile(resolution, 0.5),
        "resolution_p90": stats.percentile(resolution, 0.9),
    }
    overall = sum(first) / len(first) if first else 0
    result.waiting_ratio = {
        segment: round(sum(w) / len(w) / overall, 2) if overall else None
        for segment, w in sorted(by_segment.items())
    }
    owed = Credit.objects.filter(case__team=world.team).aggregate(total=Sum("amount_cents"))
    result.compensation_cents = owed["total"] or 0


def _h(value: timedelta | None) -> float | None:
    return None if value is None else round(value.total_seconds() / 3600, 2)
