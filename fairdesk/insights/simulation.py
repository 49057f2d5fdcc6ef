"""The backlog simulator: a scenario replayed hour by hour with the clock moved, two ways.

`run_fast` (what `fairdesk simulate` runs) replays it in memory (`insights.replay`): each
case's promises come from the policy the promise engine picks for it and the engine's own due
rule (`promises.services.policy_for`, `clock_due`), compensation from its own rule
(`promises.credits.owed_for`), the queue order from `queues.ordering`, the honest ETA at
intake from `queues.eta` on the team's open hours (`queues.hours`). `run` replays the same
steps through the real services: cases open through `open_case`, agents take them in the team
queue's own order (`desk.worklists`) and answer and resolve them through the case services,
and the real promise watch runs every simulated hour; a test holds the two to the same
outcome. Both measure with `_summarise`. Only on a throwaway database: `fairdesk simulate`
makes one.
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
from fairdesk.cases.models import UNRESOLVED, Case, Category, Channel, Priority
from fairdesk.insights import replay, stats
from fairdesk.insights.scenarios import Arrival, Scenario, arrivals
from fairdesk.lib import clock
from fairdesk.promises import businesstime, watch
from fairdesk.promises.credits import compensation_rules, owed_for
from fairdesk.promises.models import CLOCK_KINDS, Credit, Kind, Policy, Promise, State
from fairdesk.promises.presets import ensure_presets
from fairdesk.promises.services import clock_due, policy_for
from fairdesk.queues import eta
from fairdesk.queues.hours import open_hours_for
from fairdesk.queues.models import Prediction

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
    # The honest ETA at intake: predictions made, answered, kept share, predicted/actual.
    eta: tuple[int, int, float | None, float | None] = (0, 0, None, None)


@dataclass
class _World:
    team: Team
    agent: object
    customers: list
    categories: dict[str, Category]


def _team_and_categories(scenario: Scenario) -> tuple[Team, dict[str, Category]]:
    """The simulation's team and a category per segment (made once; both paths share them)."""
    ensure_presets()
    team, _created = Team.objects.get_or_create(name="Simulation")
    categories = {}
    for name in scenario.segments:
        known = Category.objects.filter(path=name, parent=None).first()
        categories[name] = known or cases.create_category(name=name, team=team)
    return team, categories


def _world(scenario: Scenario) -> _World:
    team, categories = _team_and_categories(scenario)
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
    tallies = (
        Promise.objects.filter(case__team=world.team)
        .values("kind")
        .annotate(
            kept=Count("id", filter=Q(state=State.KEPT)),
            broken=Count("id", filter=Q(state=State.BROKEN)),
        )
        .order_by("kind")
        .values_list("kind", "kept", "broken")
    )
    rows = scope.values_list("created_at", "first_response_at", "resolved_at", "category__name")
    owed = Credit.objects.filter(case__team=world.team).aggregate(total=Sum("amount_cents"))
    _summarise(result, list(tallies), rows.iterator(chunk_size=5000), owed["total"] or 0)
    predictions = Prediction.objects.filter(case__team=world.team)
    result.eta = _eta(predictions.values_list("made_at", "predicted_at", "case__first_response_at"))


def _summarise(result: Result, tallies: list, rows, owed_cents: int) -> None:
    """The printed figures from promise tallies [(kind, kept, broken)], case rows (opened,
    answered, resolved, segment) and the credits owed: one way for both paths."""
    for kind, kept, broken in sorted(tallies):
        if kept or broken:
            result.by_kind[kind] = (kept, broken)
            result.kept += kept
            result.broken += broken
    policy = Policy.objects.get(is_default=True)
    calendar = policy.calendar.business()
    result.promised_hours = {
        "first_response": _h(policy.first_response),
        "resolution": _h(policy.resolution),
    }
    first: list[float] = []
    resolution: list[float] = []
    by_segment: dict[str, list[float]] = {}
    for created, responded, resolved, segment in rows:
        result.cases += 1
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
    result.compensation_cents = owed_cents


def _h(value: timedelta | None) -> float | None:
    return None if value is None else round(value.total_seconds() / 3600, 2)


def run_fast(scenario: Scenario, *, progress=None) -> Result:
    """Replay `scenario` in memory (`insights.replay`) with the promise engine's own rules;
    the same outcome as `run`, in seconds instead of hours."""
    team, categories = _team_and_categories(scenario)
    policies = {segment: _policy_of(category) for segment, category in categories.items()}

    def clocks(segment: str, opened: datetime) -> list[tuple[str, datetime]]:
        policy = policies[segment]
        if policy is None:
            return []
        made = ((kind, clock_due(policy, kind, opened)) for kind in NEW_CASE_CLOCKS)
        return [(kind, due) for kind, due in made if due is not None]

    # The queue's honest ETA at intake, on the team's open hours as the service reads them.
    honest = replay.Honest(*open_hours_for(team))
    done = replay.replay(
        scenario,
        arrivals(scenario),
        start=START,
        clocks=clocks,
        honest=honest,
        progress=progress,
    )
    result = Result(scenario, backlog=done.backlog, arrived=done.arrived)
    tallies: dict[str, list[int]] = {}
    for ticket in done.tickets:
        for promise in ticket.clocks:
            counts = tallies.setdefault(promise.kind, [0, 0])
            counts[0] += promise.state == "kept"
            counts[1] += promise.state == "broken"
    rows = ((t.created_at, t.responded_at, t.resolved_at, t.segment) for t in done.tickets)
    owed = _owed(done, policies)
    _summarise(result, [(k, kept, broken) for k, (kept, broken) in tallies.items()], rows, owed)
    result.eta = _eta(
        (t.created_at, t.predicted_at, t.responded_at)
        for t in done.tickets
        if t.predicted_at is not None
    )
    return result


def _eta(rows) -> tuple[int, int, float | None, float | None]:
    """The honest ETA's calibration (queues.eta.calibration_of), rounded for comparing."""
    found = eta.calibration_of(rows)
    kept = None if found.kept is None else round(found.kept, 4)
    sharp = None if found.sharpness is None else round(found.sharpness, 4)
    return found.predicted, found.answered, kept, sharp


# The promises a new case gets (promises.clocks on OPENED: start_new_case_clocks).
NEW_CASE_CLOCKS = (Kind.FIRST_RESPONSE, Kind.RESOLUTION)
assert set(NEW_CASE_CLOCKS) <= set(CLOCK_KINDS)


def _policy_of(category: Category) -> Policy | None:
    """The policy the engine gives a simulated case of this segment: a new customer (no
    contract, no fee) writing by email at normal priority."""
    return policy_for(Case(category=category, priority=Priority.NORMAL, channel=Channel.EMAIL))


def _owed(done: replay.Replayed, policies: dict[str, Policy | None]) -> int:
    """What the broken promises owe, as `credits.refresh_credit` last computed it: an answer
    at its due time; a fix until the resolution, or until the watch last ran."""
    rules = {segment: compensation_rules(p) if p else () for segment, p in policies.items()}
    total = 0
    for ticket in done.tickets:
        policy = policies[ticket.segment]
        if policy is None or not rules[ticket.segment]:
            continue
        for promise in ticket.clocks:
            if promise.state != "broken":
                continue
            if promise.kind == Kind.RESOLUTION:
                reported, until = ticket.created_at, ticket.resolved_at or done.last_watch
            else:
                reported = until = promise.due_at
            assert until is not None
            total += owed_for(
                policy,
                kind=promise.kind,
                reported_at=reported,
                until=until,
                monthly_fee_cents=0,
                rules=rules[ticket.segment],
            ).total_cents
    return total
