"""The named views over open cases (overdue, due today, unassigned, waiting, …) and the
filters that narrow them. The desk's lists and counts and `GET /api/v1/cases` read these,
so a view means the same everywhere.

A view is a dict of lookups on Case, the shape `desk.worklists` orders by owed promise;
overdue and due today look at the promises, so they live here and not in cases.
"""

from dataclasses import dataclass, fields
from datetime import datetime, time, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from fairdesk.cases.models import UNRESOLVED, Case, Status
from fairdesk.lib import clock
from fairdesk.promises.models import Promise, State
from fairdesk.promises.selectors import owed

VIEWS = (
    "overdue",
    "due_today",
    "unassigned",
    "waiting_on_customer",
    "waiting_on_third_party",
    "open",
    "my_team",
)

# Views narrowed by their promises: their lists walk the owed promises' due index.
BY_PROMISE = ("overdue", "due_today")


@dataclass(frozen=True)
class CaseFilter:
    """What an agent narrows a view by; empty fields narrow nothing."""

    status: str = ""
    team_id: int | None = None
    assignee_id: int | None = None
    category_id: int | None = None
    priority: str = ""
    tag: str = ""
    channel: str = ""
    language: str = ""

    def lookups(self) -> dict:
        names = {
            "status": "status",
            "team_id": "team_id",
            "assignee_id": "assignee_id",
            "category_id": "category_id",
            "priority": "priority",
            "tag": "tags__name",
            "channel": "channel",
            "language": "customer__language",
        }
        chosen = {f.name: getattr(self, f.name) for f in fields(self)}
        return {names[name]: value for name, value in chosen.items() if value not in ("", None)}


def _end_of_today(now: datetime) -> datetime:
    """Midnight after `now` in the desk's time zone."""
    local = timezone.localtime(now)
    tomorrow = local.date() + timedelta(days=1)
    return datetime.combine(tomorrow, time.min, tzinfo=local.tzinfo)


def view_lookups(name: str, *, agent: User, now: datetime | None = None) -> dict:
    """The lookups of view `name` (one of VIEWS) for `agent`; KeyError for an unknown one."""
    open_cases = {"status__in": UNRESOLVED, "merged_into__isnull": True}
    return open_cases | _narrowing(name, agent, now or clock.now())


def walk_lookups(
    name: str, *, narrowed: dict, now: datetime | None = None
) -> tuple[dict, dict] | None:
    """The overdue view's cases as (case lookups, promise lookups) for the list's walk over
    owed promises in due order: a case is overdue exactly when its earliest owed promise is
    due before now, so the walk needs no list of every overdue case. None for other views.
    `narrowed`: the filter's and visibility's lookups on Case."""
    if name != "overdue":
        return None
    open_cases = {"status__in": UNRESOLVED, "merged_into__isnull": True}
    return open_cases | narrowed, {"due_at__lt": now or clock.now()}


def _narrowing(name: str, agent: User, now: datetime) -> dict:
    due = Promise.objects.exclude(due_at=None)
    if name == "overdue":
        return {"id__in": due.filter(owed(), due_at__lt=now).values("case_id")}
    if name == "due_today":
        today = due.filter(state=State.PENDING, due_at__gte=now, due_at__lt=_end_of_today(now))
        return {"id__in": today.values("case_id")}
    if name == "my_team":
        profile = getattr(agent, "agent", None)
        teams = profile.teams.values_list("pk", flat=True) if profile else []
        return {"team_id__in": list(teams)}
    simple: dict[str, dict] = {
        "unassigned": {"assignee__isnull": True},
        "waiting_on_customer": {"status": Status.WAITING_ON_CUSTOMER},
        "waiting_on_third_party": {"status": Status.WAITING_ON_THIRD_PARTY},
        "open": {},
    }
    return simple[name]


def counts(
    *,
    agent: User,
    narrowed: CaseFilter | None = None,
    only: tuple[str, ...] = VIEWS,
    within: dict | None = None,
) -> dict[str, int]:
    """How many cases each view holds (narrowed by the same filter and by `within`, the
    lookups of the cases the agent may see), one COUNT per view."""
    extra = (narrowed.lookups() if narrowed else {}) | (within or {})
    now = clock.now()
    return {name: _count(name, agent, extra, now) for name in only}


def _count(name: str, agent: User, extra: dict, now: datetime) -> int:
    """One view's count. Overdue is counted from the owed promises' index (the distinct
    cases of those due before now): a third of the time of testing each open case against
    the list of overdue ones."""
    walk = walk_lookups(name, narrowed=extra, now=now)
    if walk is None:
        return Case.objects.filter(**(view_lookups(name, agent=agent, now=now) | extra)).count()
    on_case, on_promise = walk
    promises = Promise.objects.filter(
        owed(), **on_promise, **{f"case__{key}": value for key, value in on_case.items()}
    )
    return promises.values("case_id").distinct().count()
