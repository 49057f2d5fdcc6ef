"""Read queries of the queues: the one queue order ("what is next"), agents' seats and load.

The queue order is `queues.ordering.queue_key`, walked in the database: cases with a dated
owed promise first, earliest due first (so a broken promise not yet made up for leads), then
cases without one, oldest first. Nothing is dropped for being old.

Why two steps and not one ORDER BY over a subquery: sorting a 100,000-case queue by a
per-case subquery costs a second on SQLite. Instead the promised part is read by walking the
promises' (state, due_at) index in order and stops once enough are found; the rest is read
in age order, skipping cases that have a due promise (checked per chunk by case id).
"""

from collections import defaultdict
from datetime import datetime

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet

from fairdesk.cases.models import UNRESOLVED, Case
from fairdesk.lib import clock
from fairdesk.promises.case_views import CaseFilter, view_lookups
from fairdesk.promises.models import Promise, State
from fairdesk.promises.selectors import owed
from fairdesk.queues.models import Prediction, SavedFilter, Seat

CHUNK = 200


def _prefixed(lookups: dict, prefix: str) -> Q:
    return Q(**{f"{prefix}{name}": value for name, value in lookups.items()})


def next_case_ids(
    lookups: dict, wanted: int, *, skip: int = 0, walk: tuple[dict, dict] | None = None
) -> list[int]:
    """Ids of the cases matching `lookups` (lookups on Case) in queue order: `wanted` of
    them after the first `skip`. `walk`: the same cases as (case lookups, promise lookups)
    for a view narrowed by its promises (promises.case_views.walk_lookups), so the walk
    reads the owed promises' due index instead of a list of every matching case."""
    cases = Case.objects.filter(_prefixed(lookups, ""))
    if walk is not None:
        on_case, on_promise = walk
        return _in_order(_prefixed(on_case, "case__") & Q(**on_promise), cases, wanted, skip)
    return _in_order(_prefixed(lookups, "case__"), cases, wanted, skip)


def next_case_ids_within(cases: QuerySet[Case], wanted: int, *, skip: int = 0) -> list[int]:
    """As next_case_ids, for any set of cases (the API's filtered list)."""
    return _in_order(Q(case__in=cases.values("pk")), cases, wanted, skip)


def _in_order(promise_filter: Q, cases: QuerySet[Case], wanted: int, skip: int) -> list[int]:
    promised = _promised(promise_filter, skip + wanted)
    ids = promised[skip:]
    if len(promised) < skip + wanted:  # every promised case is known: go on by age
        ids += _unpromised(cases, max(0, skip - len(promised)), wanted - len(ids))
    return ids


def waiting_in(team_ids: list[int]) -> dict:
    """Lookups for the unowned unresolved cases of these teams' queues."""
    return {
        "team_id__in": team_ids,
        "assignee__isnull": True,
        "status__in": UNRESOLVED,
        "merged_into__isnull": True,
    }


def _promised(promise_filter: Q, wanted: int) -> list[int]:
    """Ids of up to `wanted` cases with a dated owed promise, earliest due first."""
    promises = (
        Promise.objects.filter(promise_filter, owed())
        .exclude(due_at=None)
        .order_by("due_at", "id")
        .values_list("case_id", flat=True)
    )
    found: dict[int, None] = {}
    offset, batch = 0, max(wanted * 2, 2)
    while len(found) < wanted:
        rows = list(promises[offset : offset + batch])
        found.update(dict.fromkeys(rows))
        if len(rows) < batch:
            break
        offset += batch
    return list(found)[:wanted]


def _unpromised(within: QuerySet[Case], skip: int, wanted: int) -> list[int]:
    """Ids of cases without a dated owed promise, oldest first, after skipping `skip`."""
    cases = within.order_by("created_at", "id").values_list("pk", flat=True)
    result: list[int] = []
    offset = 0
    while len(result) < wanted:
        chunk = list(cases[offset : offset + CHUNK])
        promised = _ids_with_due_promise(chunk)
        for case_id in chunk:
            if case_id in promised:
                continue
            if skip:
                skip -= 1
            elif len(result) < wanted:
                result.append(case_id)
        if len(chunk) < CHUNK:
            break
        offset += CHUNK
    return result


def _ids_with_due_promise(case_ids: list[int]) -> set[int]:
    # Filtered by case id only, state in Python: given a state, SQLite's planner picks the
    # (state, due_at) index and reads every pending promise.
    rows = Promise.objects.filter(case_id__in=case_ids).values_list(
        "case_id", "state", "due_at", "caught_up_at"
    )
    return {
        case_id
        for case_id, state, due, caught_up in rows
        if due and (state == State.PENDING or (state == State.BROKEN and caught_up is None))
    }


def late_prediction(case: Case) -> Prediction | None:
    """The case's stored prediction when it is later than the policy's target."""
    prediction = Prediction.objects.filter(case=case).first()
    return prediction if prediction is not None and prediction.later_than_target else None


def seat_of(agent) -> Seat:
    """The agent's seat as it is, or an unsaved one with the defaults."""
    return Seat.objects.filter(user=agent).first() or Seat(user=agent)


def open_counts(agent_ids: list[int]) -> dict[int, int]:
    """Open (unresolved, not merged) cases each agent owns."""
    rows = (
        Case.objects.filter(
            assignee_id__in=agent_ids, status__in=UNRESOLVED, merged_into__isnull=True
        )
        .values("assignee_id")
        .annotate(n=Count("id"))
    )
    return {row["assignee_id"]: row["n"] for row in rows}


def owned_due_soon(agent_ids: list[int], until: datetime) -> dict[int, list[datetime]]:
    """For each agent, the earliest owed due date of each open case they own that falls
    before `until` (only those weigh more than a plain open case: see case_weight)."""
    rows = Promise.objects.filter(
        owed(),
        case__assignee_id__in=agent_ids,
        case__status__in=UNRESOLVED,
        due_at__lt=until,
    ).values_list("case__assignee_id", "case_id", "due_at")
    earliest: dict[tuple[int, int], datetime] = {}
    for agent_id, case_id, due in rows:
        key = (agent_id, case_id)
        if due is not None and (key not in earliest or due < earliest[key]):
            earliest[key] = due
    dates: dict[int, list[datetime]] = defaultdict(list)
    for (agent_id, _case_id), due in earliest.items():
        dates[agent_id].append(due)
    return dates


def next_after(lookups: dict, case_id: int, *, window: int = 200) -> int | None:
    """The case after `case_id` in queue order among the cases matching `lookups`: the first
    one when `case_id` is not among them (within the first `window`), None after the last."""
    ids = next_case_ids(lookups, window)
    if case_id in ids:
        at = ids.index(case_id)
        return ids[at + 1] if at + 1 < len(ids) else None
    return ids[0] if ids else None


# The address fields of a view's filter, as SavedFilter keeps them.
FILTER_FIELDS = ("status", "team", "owner", "category", "priority", "tag", "channel", "language")


def case_filter_of(filters: dict) -> CaseFilter:
    """The CaseFilter a saved filter's fields describe; ValueError for a bad id."""

    def pk(name: str) -> int | None:
        return int(filters[name]) if filters.get(name) else None

    return CaseFilter(
        status=filters.get("status", ""),
        team_id=pk("team"),
        assignee_id=pk("owner"),
        category_id=pk("category"),
        priority=filters.get("priority", ""),
        tag=str(filters.get("tag", "")).strip().lower(),
        channel=filters.get("channel", ""),
        language=filters.get("language", ""),
    )


def saved_filters_for(agent: User) -> list[SavedFilter]:
    """The agent's own saved filters and those shared with their teams."""
    teams = agent.agent.teams.values("pk")
    mine = Q(owner=agent, team__isnull=True) | Q(team__in=teams)
    return list(SavedFilter.objects.filter(mine).select_related("team").order_by("name", "id"))


def saved_filter_counts(agent: User, saved: list[SavedFilter], *, within: dict) -> list[int]:
    """How many cases each saved filter holds now (one COUNT each), within the cases the
    agent may see."""
    now = clock.now()
    return [
        Case.objects.filter(
            **(
                view_lookups(item.view, agent=agent, now=now)
                | case_filter_of(item.filters).lookups()
                | within
            )
        ).count()
        for item in saved
    ]
