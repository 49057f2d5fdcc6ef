"""The staffing plan: forecast arrivals per hour, agents needed by Erlang C, the gap to the
agents on shift, and when promises start to break if nothing changes (fluid projection)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncHour
from django.utils import timezone
from django.utils.translation import gettext_lazy

from fairdesk.cases.models import UNRESOLVED, Case, Entry, EntryKind
from fairdesk.insights import backlog, erlang, forecast, handling
from fairdesk.lib import clock

WEEK = 168  # hours: the season of an hour-of-week profile
# The forecast's methods (`forecast.Forecast.method`) as a reader names them.
METHODS = {
    "holt_winters": gettext_lazy("Holt-Winters"),
    "seasonal_naive": gettext_lazy("same hour last week"),
}
AGENT_KINDS = (EntryKind.REPLY, EntryKind.NOTE, EntryKind.CALL, EntryKind.DIAGNOSTIC)


@dataclass(frozen=True)
class Inputs:
    team_id: int | None = None
    category_id: int | None = None  # arrivals, backlog and pace of this category only
    weeks: int = 8
    on_shift: int | None = None  # agents per open hour, when entered
    open_hours: int = 8  # per business day, for the daily capacity
    promise_days: float = 2.0
    target: erlang.Target = field(default_factory=lambda: erlang.Target(target_time=3600))


@dataclass
class Plan:
    start: datetime
    method: str
    error: float
    baseline_error: float
    handling_seconds: float
    hours: list[tuple[datetime, float, int]]  # (hour, arrivals forecast, agents to schedule)
    days: list[tuple[str, float, float, float]]  # (day, arrivals, capacity, backlog at end)
    open_now: int
    first_break: str | None  # the day whose work will first miss the promise
    # A case in scope came in at least a season before `start` within the weeks looked back
    # at; else the forecast is a guess from nothing (all zeros on a fresh install), and the
    # page says so instead of showing a need or an outlook.
    enough_history: bool = True


def _hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def arrivals_per_hour(
    *,
    team_ids: list[int] | None,
    since: datetime,
    until: datetime,
    category_id: int | None = None,
) -> list[float]:
    """Cases opened per hour from `since` (on the hour) until `until`, for these teams."""
    cases = Case.objects.filter(created_at__gte=since, created_at__lt=until)
    if team_ids is not None:  # an empty list: no team, so no cases
        cases = cases.filter(team_id__in=team_ids)
    if category_id:
        cases = cases.filter(category_id=category_id)
    counts = {
        row["hour"]: row["n"]
        for row in cases.annotate(
            hour=TruncHour("created_at", tzinfo=timezone.get_current_timezone())
        )
        .values("hour")
        .annotate(n=Count("id"))
        .order_by()
    }
    hours, moment = [], since
    while moment < until:
        hours.append(float(counts.get(moment, 0)))
        moment += timedelta(hours=1)
    return hours


def handling_seconds(*, team_ids: list[int] | None, since: datetime) -> float:
    """Mean handling seconds per case since `since`, from the agents' timeline actions."""
    entries = Entry.objects.filter(
        created_at__gte=since, kind__in=AGENT_KINDS, author_user__isnull=False
    )
    if team_ids is not None:  # an empty list: no team, so no cases
        entries = entries.filter(case__team_id__in=team_ids)
    actions = entries.values_list("author_user_id", "created_at", "case_id").iterator(
        chunk_size=5000
    )
    return handling.average(actions)


def plan(inputs: Inputs) -> Plan:
    now = timezone.localtime(clock.now())
    start = _hour(now)
    since = start - timedelta(weeks=inputs.weeks)
    teams = [inputs.team_id] if inputs.team_id else None
    history = arrivals_per_hour(
        team_ids=teams, since=since, until=start, category_id=inputs.category_id
    )
    result = forecast.forecast(history, season=WEEK, horizon=WEEK)
    aht = handling_seconds(team_ids=teams, since=since)
    shrinkage = inputs.target.shrinkage
    hours = []
    for n, expected in enumerate(result.values):
        on_queue = erlang.agents_needed(
            arrival_rate=expected / 3600, handling_time=aht, target=inputs.target
        )
        hours.append(
            (
                start + timedelta(hours=n),
                expected,
                erlang.agents_to_schedule(on_queue, shrinkage=shrinkage),
            )
        )
    open_cases = Case.objects.filter(status__in=UNRESOLVED, merged_into__isnull=True)
    open_cases = open_cases.filter(_scope(inputs))
    open_now = open_cases.count()
    days = _days(hours)
    daily = _daily_capacity(inputs, aht=aht, now=now)
    capacity = [daily] * len(days)
    projection = backlog.project(
        arrivals=[a for _d, a in days],
        capacity=capacity,
        promise_intervals=inputs.promise_days,
        backlog=open_now,
    )
    seasoned = Case.objects.filter(
        _scope(inputs), created_at__gte=since, created_at__lt=start - timedelta(hours=WEEK)
    )
    return Plan(
        enough_history=seasoned.exists(),
        start=start,
        method=result.method,
        error=result.error,
        baseline_error=result.baseline_error,
        handling_seconds=aht,
        hours=hours,
        days=[
            (d, a, c, b) for (d, a), c, b in zip(days, capacity, projection.backlog, strict=True)
        ],
        open_now=open_now,
        first_break=days[projection.first_break][0] if projection.first_break is not None else None,
    )


def _daily_capacity(inputs: Inputs, *, aht: float, now: datetime) -> float:
    """Cases a day can finish: the agents entered on shift, else the last four weeks' pace
    (the honest meaning of "if nothing changes")."""
    if inputs.on_shift is not None:
        return inputs.on_shift * inputs.open_hours * 3600 / aht * (1 - inputs.target.shrinkage)
    finished = Case.objects.filter(resolved_at__gte=now - timedelta(days=28), resolved_at__lt=now)
    finished = finished.filter(_scope(inputs))
    return finished.count() / 28


def _scope(inputs: Inputs) -> Q:
    lookups = {}
    if inputs.team_id:
        lookups["team_id"] = inputs.team_id
    if inputs.category_id:
        lookups["category_id"] = inputs.category_id
    return Q(**lookups)


def _days(hours: list[tuple[datetime, float, int]]) -> list[tuple[str, float]]:
    totals: dict[str, float] = {}
    for when, expected, _needed in hours:
        key = when.date().isoformat()
        totals[key] = totals.get(key, 0.0) + expected
    return list(totals.items())
