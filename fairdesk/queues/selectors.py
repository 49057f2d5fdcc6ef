"""Read queries of the queues: the one queue order ("what is next"), agents' seats and load.

The queue order is `queues.ordering.queue_key`, walked in the database: cases with a dated
owed promise first, earliest due first (so a broken promise not yet made up for leads), then
cases without one, oldest first. Nothing is dropped for being old.

Each case keeps its next due time (`Case.next_due_at`, moved by the promises services in
the transaction that changes a promise), so a list of cases is read by one ORDER BY
(`QUEUE_ORDER`) along an index: a team's queue (index by team), an agent's work (by owner),
the API's lists (the whole order). A queue over several teams reads each team's first
rows along its own index and merges them by `queue_key`. Views narrowed by their promises
(overdue, due today: `walk`) still walk the promises' due index, in two steps: the promised
cases first, then the rest in age order, skipping cases that have a due promise.
"""

import heapq
import itertools
from collections import defaultdict
from datetime import datetime
from functools import cache

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Count, F, Q, QuerySet

from fairdesk.cases.models import UNRESOLVED, Case
from fairdesk.lib import clock, joined, sql
from fairdesk.lib.transactions import memo
from fairdesk.promises.case_views import CaseFilter, view_lookups
from fairdesk.promises.models import Promise, State
from fairdesk.promises.selectors import known_due_time, next_due, owed
from fairdesk.queues.models import (
    BookingState,
    CallbackBooking,
    CallbackSlot,
    Prediction,
    SavedFilter,
    Seat,
)
from fairdesk.queues.ordering import Waiting, queue_key

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
    if walk is not None:
        on_case, on_promise = walk
        cases = Case.objects.filter(_prefixed(lookups, ""))
        return _in_order(_prefixed(on_case, "case__") & Q(**on_promise), cases, wanted, skip)
    teams = lookups.get("team_id__in")
    if isinstance(teams, list | tuple) and len(teams) > 1:
        return _merged_by_team(lookups, list(teams), wanted, skip)
    fixed = _fixed_list(lookups)
    if fixed is not None:
        statement, params = fixed
        return [pk for (pk,) in sql.rows(statement, [*params, wanted, skip])]
    return next_case_ids_within(Case.objects.filter(**lookups), wanted, skip=skip)


# The two lists every agent opens all day, as fixed statements in QUEUE_ORDER (the ORM took
# about 1 ms of Python to build each): one team's queue (`waiting_in` of one team) and an
# agent's own work (`desk.worklists.my_work`'s lookups). Other lookups go through the ORM.
_STATUSES = [status.value for status in UNRESOLVED]
_UNRESOLVED = sql.marks(len(UNRESOLVED))
_IN_ORDER = (
    f" AND merged_into_id IS NULL AND status IN ({_UNRESOLVED})"
    " ORDER BY next_due_at ASC NULLS LAST, created_at ASC, id ASC LIMIT %s OFFSET %s"
)
WAITING_IDS = f"SELECT id FROM cases_case WHERE team_id = %s AND assignee_id IS NULL{_IN_ORDER}"  # noqa: S608
OWNED_IDS = f"SELECT id FROM cases_case WHERE assignee_id = %s{_IN_ORDER}"  # noqa: S608
_WAITING = {"team_id__in", "assignee__isnull", "status__in", "merged_into__isnull"}
_OWNED = {"assignee", "status__in", "merged_into__isnull"}


def _fixed_list(lookups: dict) -> tuple[str, list] | None:
    """The fixed statement and its parameters (but the page's) for lookups of one of the two
    lists, None for any other."""
    if lookups.get("status__in") != UNRESOLVED or lookups.get("merged_into__isnull") is not True:
        return None
    teams: list = list(lookups.get("team_id__in") or ())
    if lookups.keys() == _WAITING and lookups["assignee__isnull"] is True and len(teams) == 1:
        return WAITING_IDS, [int(teams[0]), *_STATUSES]
    owner = lookups.get("assignee")
    if lookups.keys() == _OWNED and isinstance(owner, User) and owner.pk is not None:
        return OWNED_IDS, [owner.pk, *_STATUSES]
    return None


def next_case_ids_within(cases: QuerySet[Case], wanted: int, *, skip: int = 0) -> list[int]:
    """As next_case_ids, for any set of cases (the API's filtered list)."""
    ordered = cases.order_by(*QUEUE_ORDER).values_list("pk", flat=True)
    return list(ordered[skip : skip + wanted])


# `queues.ordering.queue_key` as an ORDER BY on the kept column: promised cases by when due
# (an ascending NULLS LAST order puts cases with nothing dated owed after them), then by
# opening, then by id. Both databases' indexes on (…, next_due_at, created_at, id) serve it
# (PostgreSQL keeps NULLs last in an ascending index; SQLite sorts what it reads).
QUEUE_ORDER = (F("next_due_at").asc(nulls_last=True), "created_at", "id")


def _merged_by_team(lookups: dict, teams: list[int], wanted: int, skip: int) -> list[int]:
    """The queue over several teams: each team's first `skip + wanted` along its own index
    (one ORDER BY over a list of teams cannot follow an index), merged by `queue_key`."""
    per_team = []
    for team_id in teams:
        rows = (
            Case.objects.filter(**(lookups | {"team_id__in": [team_id]}))
            .order_by(*QUEUE_ORDER)
            .values_list("pk", "created_at", "next_due_at")[: skip + wanted]
        )
        per_team.append([queue_key(Waiting(*row)) for row in rows])
    merged = heapq.merge(*per_team)
    return [key[-1] for key in itertools.islice(merged, skip, skip + wanted)]


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
    """Ids of up to `wanted` cases with a dated owed promise, earliest due first (the same
    time: the older case first), along the owed promises' (due_at, case) index."""
    promises = (
        Promise.objects.filter(promise_filter, owed())
        .exclude(due_at=None)
        .order_by("due_at", "case_id")
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


PRESENCE = f"SELECT presence FROM {Seat._meta.db_table} WHERE user_id = %s"  # noqa: S608


def presence_of(agent: User) -> str:
    """The agent's presence (available without a seat yet), for the desk's lists: one
    column, not the seat with its kept loads (JSON) through the ORM."""
    row = sql.one(PRESENCE, (agent.pk,))
    return row[0] if row else Seat._meta.get_field("presence").default


# Per service call: case id → when its owed promise due first falls due (next_due_of).
NEXT_DUE = "queues.next_due"


def next_due_of(case_id: int) -> datetime | None:
    """When the case's owed promise due first falls due (its kept Case.next_due_at), for a
    new case's prediction and an owner's load: as this call last wrote it when it changed the
    case's promises (promises.selectors.known_due_time), else read once per service call
    while its promises stay as they are (the queues' case reaction forgets it on every case
    event but an assignment)."""
    dues = memo(NEXT_DUE, dict[int, datetime | None])
    known, due = known_due_time(case_id)
    if known:
        return due
    if case_id not in dues:
        found = next_due([case_id]).get(case_id)
        dues[case_id] = found.due_at if found else None
    return dues[case_id]


def recount_owned(agent_ids: list[int]) -> dict[int, dict[str, float | None]]:
    """What each agent's seat should keep (Seat.owned), counted from the cases: each open case
    they own with its next due date in epoch seconds (None: nothing dated owed)."""
    cases = Case.objects.filter(
        assignee_id__in=agent_ids, status__in=UNRESOLVED, merged_into__isnull=True
    ).values_list("pk", "assignee_id")
    owners = dict(cases)
    dues: dict[int, float] = {}
    ids = list(owners)
    for start in range(0, len(ids), 500):  # SQLite limits the parameters of one query
        chunk = next_due(ids[start : start + 500])
        dues.update({case_id: due.due_at.timestamp() for case_id, due in chunk.items()})
    owned: dict[int, dict[str, float | None]] = defaultdict(dict)
    for case_id, agent_id in owners.items():
        owned[agent_id][str(case_id)] = dues.get(case_id)
    return dict(owned)


def open_callbacks(team_ids: list[int]):
    """The booked callbacks of these teams' cases, the next due first: windows by their
    start, "as soon as possible" ones by their place (the callback promise's due date)."""
    return _in_queue_order(
        CallbackBooking.objects.filter(case__team_id__in=team_ids, state=BookingState.BOOKED)
    )


def callbacks_due(agent: User, now: datetime):
    """The calls whose time has come on the agent's own open cases, in queue order (as
    `open_callbacks`): a window once it has started, "as soon as possible" once the case is
    theirs (the queue order gave it its turn); a call tried without reaching the customer
    waits for its next try."""
    moment = connection.ops.adapt_datetimefield_value(now)
    params = [agent.pk, *_STATUSES, BookingState.BOOKED.value, moment, moment]
    rows = []
    for row in sql.rows(_calls_due(), params):
        booking, slot, case = joined.instances(_CALL_MODELS, row[:-1])
        joined.keep_related(booking, "slot", slot)
        joined.keep_related(booking, "case", case)
        (promised,) = sql.values(Promise, ("due_at",), row[-1:])
        rows.append((booking, slot.starts_at if slot else promised))
    return _next_due_first(rows)


_CALL_MODELS = (CallbackBooking, CallbackSlot, Case)


@cache
def _calls_due() -> str:
    """`callbacks_due`'s bookings with their window and case, and the due time of the
    callback promise (the ORM's select_related and a second query cost ~1 ms on every view
    of an agent's own work, where there is mostly none)."""
    return (
        f"SELECT {joined.columns_of(_CALL_MODELS, ('b', 's', 'c'))}, p.due_at"  # noqa: S608
        " FROM queues_callbackbooking b JOIN cases_case c ON c.id = b.case_id"
        " LEFT JOIN queues_callbackslot s ON s.id = b.slot_id"
        " LEFT JOIN promises_promise p ON p.id = b.promise_id"
        f" WHERE c.assignee_id = %s AND c.status IN ({_UNRESOLVED}) AND b.state = %s"
        " AND (b.slot_id IS NULL OR s.starts_at <= %s)"
        " AND (b.next_attempt_at IS NULL OR b.next_attempt_at <= %s) ORDER BY b.id"
    )


def _in_queue_order(bookings: QuerySet[CallbackBooking]):
    """(booking, when) pairs, the next due first: a window by its start, an "as soon as
    possible" call by its place (its promise's due date), undated ones last."""
    bookings = bookings.select_related("slot", "case", "case__customer", "case__assignee")
    found = list(bookings.order_by("id"))
    dues = dict(
        Promise.objects.filter(pk__in=[b.promise_id for b in found]).values_list("pk", "due_at")
    )
    rows = [
        (booking, booking.slot.starts_at if booking.slot else dues.get(booking.promise_id))
        for booking in found
    ]
    return _next_due_first(rows)


def _next_due_first(rows: list) -> list:
    """(booking, when) pairs by when, undated ones last, then by booking."""
    return sorted(rows, key=lambda row: (row[1] is None, row[1] or 0, row[0].pk))


def callback_windows(team_id: int, since: datetime, until: datetime):
    """The team's callback windows made so far between `since` and `until` (each made when
    first booked or given its own places), with their booked places."""
    return (
        CallbackSlot.objects.filter(team_id=team_id, starts_at__gte=since, starts_at__lt=until)
        .annotate(booked=Count("bookings", filter=Q(bookings__state=BookingState.BOOKED)))
        .order_by("starts_at")
    )


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
