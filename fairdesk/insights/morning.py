"""A team lead's morning: the few numbers that say whether today is in hand.

Each figure is a named set of cases (`SETS`), so the desk can link every number to the very
cases behind it through the same lookups.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fairdesk.cases.models import UNRESOLVED, Case
from fairdesk.lib import clock
from fairdesk.promises.models import Promise, State


def _end_of_today(now: datetime) -> datetime:
    local = timezone.localtime(now)
    return timezone.make_aware(datetime.combine(local.date() + timedelta(days=1), time.min))


def _start_of_today(now: datetime) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localtime(now).date(), time.min))


def _with_promise(**lookups) -> Q:
    ids = Promise.objects.filter(state=State.PENDING, **lookups).values("case_id")
    return Q(pk__in=ids)


def lookups(name: str, *, team_ids: list[int], now: datetime) -> Q:
    """The cases behind figure `name` for these teams."""
    base = Q(team_id__in=team_ids, merged_into__isnull=True)
    open_ = base & Q(status__in=UNRESOLVED)
    if name == "open":
        return open_
    if name == "overdue":
        return open_ & _with_promise(due_at__lt=now)
    if name == "due_today":
        return open_ & _with_promise(due_at__gte=now, due_at__lt=_end_of_today(now))
    if name == "at_risk":
        return open_ & _with_promise(warn_at__lte=now, due_at__gte=now)
    if name == "arrived_today":
        return base & Q(created_at__gte=_start_of_today(now), created_at__lt=now)
    raise KeyError(name)


SETS = {
    "open": _("open"),
    "overdue": _("overdue"),
    "due_today": _("due today"),
    "at_risk": _("at risk"),
    "arrived_today": _("arrived today"),
}


@dataclass(frozen=True)
class Figure:
    name: str
    label: str
    value: int
    bad: bool


def figures(*, team_ids: list[int]) -> list[Figure]:
    now = clock.now()
    result = []
    for name, label in SETS.items():
        value = Case.objects.filter(lookups(name, team_ids=team_ids, now=now)).count()
        result.append(
            Figure(name, str(label), value, bad=name in ("overdue", "at_risk") and value > 0)
        )
    return result


@dataclass(frozen=True)
class StaffingNow:
    needed: int  # agents on shift this hour for the forecast load (Erlang C, shrinkage)
    active: int  # agents who acted on these teams' cases in the last hour

    @property
    def gap(self) -> int:
        return max(0, self.needed - self.active)


def staffing_now(*, team_ids: list[int], weeks: int = 8) -> StaffingNow:
    """This hour's need against the agents seen working: no shift plan exists yet, so the
    agents who acted in the last hour stand for the agents on shift."""
    from fairdesk.cases.models import Entry
    from fairdesk.insights import erlang, forecast
    from fairdesk.insights.staffing import AGENT_KINDS, WEEK, arrivals_per_hour, handling_seconds

    now = clock.now()
    hour = timezone.localtime(now).replace(minute=0, second=0, microsecond=0)
    since = hour - timedelta(weeks=weeks)
    history = arrivals_per_hour(team_ids=team_ids, since=since, until=hour)
    expected = forecast.forecast(history, season=WEEK, horizon=1).values[0]
    aht = handling_seconds(team_ids=team_ids, since=since)
    target = erlang.Target(target_time=3600)
    on_queue = erlang.agents_needed(arrival_rate=expected / 3600, handling_time=aht, target=target)
    active = (
        Entry.objects.filter(
            created_at__gte=now - timedelta(hours=1),
            kind__in=AGENT_KINDS,
            author_user__isnull=False,
            case__team_id__in=team_ids,
        )
        .values("author_user_id")
        .distinct()
        .count()
    )
    return StaffingNow(erlang.agents_to_schedule(on_queue, shrinkage=target.shrinkage), active)


def forecast_so_far(*, team_ids: list[int], weeks: int = 8) -> tuple[float, str]:
    """Arrivals the forecast expected from midnight until now, and the method that made it
    (the forecast made at midnight, so today's arrivals do not feed their own yardstick)."""
    from fairdesk.insights import forecast
    from fairdesk.insights.staffing import WEEK, arrivals_per_hour

    now = clock.now()
    midnight = _start_of_today(now)
    history = arrivals_per_hour(
        team_ids=team_ids, since=midnight - timedelta(weeks=weeks), until=midnight
    )
    hours_today = max(1, int((now - midnight).total_seconds() // 3600) + 1)
    result = forecast.forecast(history, season=WEEK, horizon=hours_today)
    # The hour under way counts by the share of it that has passed.
    share = ((now - midnight).total_seconds() % 3600) / 3600
    expected = sum(result.values[:-1]) + result.values[-1] * share
    return round(expected, 1), result.method
