"""Read queries about promises and credits: model instances (and the next due promise as a
small value), which each interface shapes for itself."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import cast

from django.contrib.auth.models import User
from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.http import Http404

from fairdesk.cases.models import Case
from fairdesk.lib import clock, joined, request_memo, sql
from fairdesk.lib.transactions import memo
from fairdesk.promises.models import (
    Credit,
    CreditState,
    Policy,
    Promise,
    State,
    promise_what,
)

DEFAULT_POLICY = "promises.default_policy"


def default_policy() -> Policy | None:
    """The default policy with its calendar (read once per service call)."""
    return memo(
        DEFAULT_POLICY,
        lambda: Policy.objects.filter(is_default=True).select_related("calendar").first(),
    )


def owed() -> Q:
    """Promises still owed: pending ones, and broken ones not yet made up for."""
    return Q(state=State.PENDING) | Q(state=State.BROKEN, caught_up_at__isnull=True)


@dataclass(frozen=True)
class NextDue:
    """A case's next due promise: the earliest owed one, overdue when broken or past due."""

    promise_id: int
    kind: str
    label: str
    due_at: datetime
    warn_at: datetime | None
    state: str
    visible: bool

    @property
    def overdue(self) -> bool:
        return self.state == State.BROKEN or self.due_at <= clock.now()


def next_due(case_ids: Iterable[int], *, public_only: bool = False) -> dict[int, NextDue]:
    """For each case, its owed promise due first (broken and overdue ones included), in one
    query: the desk's lists, the portal's, the acknowledgment mail and the API all show
    this one. Cases without a dated owed promise are left out."""
    ids = list(case_ids)
    if not ids:
        return {}
    # A fixed statement read as plain rows: every list page asks it for fifty cases, and
    # through the ORM the query and its promise instances cost 2–3 ms of Python. No ORDER
    # BY: the earliest is picked here, and an order makes the planner walk the owed
    # promises' due index past every other case's instead of looking these cases up.
    marks = sql.marks(len(ids))
    query = f"{NEXT_DUE_SELECT} AND case_id IN ({marks})"  # noqa: S608 - placeholders
    params: list = [State.PENDING.value, State.BROKEN.value, *ids]
    if public_only:
        query += " AND visible = %s"
        params.append(True)
    # The earliest row per case by its raw values (SQLite's stored times sort as text, as
    # its own ORDER BY sorts them), then only those converted.
    first: dict[int, tuple] = {}
    for row in sql.rows(query, params):
        known = first.get(row[1])
        if known is None or (row[5], row[0]) < (known[5], known[0]):
            first[row[1]] = row
    earliest: dict[int, NextDue] = {}
    for pk, case_id, kind, description, rule, due_at, warn_at, state, visible in first.values():
        due_at, warn_at = sql.values(Promise, ("due_at", "warn_at"), (due_at, warn_at))
        earliest[case_id] = NextDue(
            promise_id=pk,
            kind=kind,
            label=promise_what(kind, description, rule),
            due_at=due_at,
            warn_at=warn_at,
            state=state,
            visible=bool(visible),
        )
    return earliest


NEXT_DUE_SELECT = (
    "SELECT id, case_id, kind, description, rule, due_at, warn_at, state, visible"  # noqa: S608
    f" FROM {Promise._meta.db_table} WHERE due_at IS NOT NULL"
    " AND (state = %s OR (state = %s AND caught_up_at IS NULL))"
)


def next_due_subquery(case: str = "pk") -> Subquery:
    """The due time of the earliest owed dated promise of the case named by OuterRef(`case`)
    (NULL: none): what Case.next_due_at keeps (promises.services), and its recount."""
    earliest = (
        Promise.objects.filter(owed(), case_id=OuterRef(case), due_at__isnull=False)
        .order_by()
        .values("case_id")
        .annotate(earliest=Min("due_at"))
        .values("earliest")
    )
    return Subquery(earliest)


# The due time `next_due_subquery` finds, for one case, as a fixed statement (the ORM spent
# a millisecond building the subquery on every change to a case's promises).
_DUE_TIME = (
    f"SELECT MIN(due_at) FROM {Promise._meta.db_table}"  # noqa: S608
    " WHERE case_id = %s AND due_at IS NOT NULL"
    " AND (state = %s OR (state = %s AND caught_up_at IS NULL))"
)


def due_time(case_id: int) -> datetime | None:
    """When the case's earliest owed dated promise falls due (None: none): what
    Case.next_due_at keeps."""
    row = sql.one(_DUE_TIME, [case_id, State.PENDING.value, State.BROKEN.value])
    return sql.values(Promise, ["due_at"], [row[0] if row else None])[0]


# Per service call: case id → its next due time (Case.next_due_at) as this call last wrote
# it. promises.services keeps it on every change to a case's promises (each goes through
# it), so a reader in the call (the queues: queues.selectors.next_due_of) need not read it.
KNOWN_DUE = "promises.known_due"


def known_due_time(case_id: int) -> tuple[bool, datetime | None]:
    """(True, the case's next due time) when this call has written it (see KNOWN_DUE), else
    (False, None)."""
    dues = memo(KNOWN_DUE, dict[int, datetime | None])
    return (True, dues[case_id]) if case_id in dues else (False, None)


_PROMISE_FIELDS = joined.fields(Promise)
_OWED_OF = (
    f"SELECT {', '.join(_PROMISE_FIELDS)} FROM {Promise._meta.db_table}"  # noqa: S608
    " WHERE case_id = %s AND (state = %s OR (state = %s AND caught_up_at IS NULL))"
    " ORDER BY created_at, id"
)


def owed_of(case: Case) -> list[Promise]:
    """The case's owed promises (pending ones, and broken ones not yet made up for), oldest
    first, each with `case` in hand: what a reply settles, in one fixed statement."""
    found = sql.load(Promise, _PROMISE_FIELDS, _OWED_OF, [case.pk, State.PENDING, State.BROKEN])
    for promise in found:
        promise.case = case
    return found


def earliest_due(case_ids: Iterable[int]) -> dict[int, tuple[datetime, int]]:
    """(due time, promise id) of each case's earliest owed promise: the sort key of the queue
    order, read as plain values (next_due reads whole promises, for the page shown)."""
    rows = Promise.objects.filter(owed(), case_id__in=list(case_ids), due_at__isnull=False)
    earliest: dict[int, tuple[datetime, int]] = {}
    for case_id, due_at, pk in rows.order_by().values_list("case_id", "due_at", "pk"):
        if due_at is None:
            continue
        if case_id not in earliest or (due_at, pk) < earliest[case_id]:
            earliest[case_id] = (due_at, pk)
    return earliest


def _earliest(promises: Iterable[Promise]) -> dict[int, NextDue]:
    """The earliest due owed promise per case among `promises`."""
    earliest: dict[int, NextDue] = {}
    for promise in promises:
        is_owed = promise.state == State.PENDING or (
            promise.state == State.BROKEN and promise.caught_up_at is None
        )
        if not is_owed or promise.due_at is None:
            continue
        known = earliest.get(promise.case_id)
        if known is not None and (known.due_at, known.promise_id) <= (promise.due_at, promise.pk):
            continue
        earliest[promise.case_id] = NextDue(
            promise_id=promise.pk,
            kind=promise.kind,
            label=promise.label,
            due_at=promise.due_at,
            warn_at=promise.warn_at,
            state=promise.state,
            visible=promise.visible,
        )
    return earliest


def promises_for(case: Case, *, public_only: bool) -> list[Promise]:
    """The case's promises, oldest first, with who made them (for `made_by_label`)."""
    return promises_and_next_due(case, public_only=public_only)[0]


def promises_and_next_due(case: Case, *, public_only: bool) -> tuple[list[Promise], NextDue | None]:
    """The case's promises (as promises_for) and the one due next (as next_due), in one query,
    or none for a case whose every promise this request made (MADE_HERE)."""
    made = request_memo.known(MADE_HERE % case.pk)
    if made is not None:
        rows = [p for p in cast(tuple[Promise, ...], made) if p.visible or not public_only]
        return rows, _earliest(rows).get(case.pk)
    rows = []
    for row in sql.rows(_with_makers(public_only), [case.pk]):
        promise, made_by, policy = joined.instances(_WITH_MAKERS, row)
        joined.keep_related(promise, "made_by", made_by)
        joined.keep_related(promise, "policy", policy)
        joined.keep_related(promise, "case", case)
        rows.append(promise)
    return rows, _earliest(rows).get(case.pk)


# A case whose promises this request made all at once (a new case's clocks), kept for the
# request's answer until anything changes them (`services._promises_changed` forgets it).
MADE_HERE = "promises.made_here.%d"

# A case's promises as select_related("made_by", "policy") reads them, oldest first: every
# answer about a case shows them, so the statement is written once.
_WITH_MAKERS = (Promise, User, Policy)


@cache
def _with_makers(public_only: bool) -> str:
    columns = joined.columns_of(_WITH_MAKERS, ("p", "u", "y"))
    tables = (
        "promises_promise p LEFT JOIN auth_user u ON u.id = p.made_by_id"
        " LEFT JOIN promises_policy y ON y.id = p.policy_id"
    )
    visible = " AND p.visible" if public_only else ""
    where = f"p.case_id = %s{visible} ORDER BY p.created_at, p.id"
    return f"SELECT {columns} FROM {tables} WHERE {where}"  # noqa: S608


def credits_for(case: Case, *, public_only: bool) -> list[Credit]:
    """What broken promises owe the customer, oldest first, each with its promise; a customer
    does not see rejected proposals. One fixed statement (every case page asks, most cases
    owe nothing)."""
    found = []
    for row in sql.rows(_credits_statement(public_only), [case.pk]):
        credit, promise = joined.instances(_CREDITS, row)
        joined.keep_related(credit, "promise", promise)
        joined.keep_related(credit, "case", case)
        found.append(credit)
    return found


# A case's credits as select_related("promise") reads them, in Credit's order.
_CREDITS = (Credit, Promise)


@cache
def _credits_statement(public_only: bool) -> str:
    columns = joined.columns_of(_CREDITS, ("c", "p"))
    shown = f" AND c.state <> '{CreditState.REJECTED.value}'" if public_only else ""
    return (
        f"SELECT {columns} FROM promises_credit c"  # noqa: S608
        f" LEFT JOIN promises_promise p ON p.id = c.promise_id"
        f" WHERE c.case_id = %s{shown} ORDER BY c.created_at, c.id"
    )


def promise_on(case: Case, promise_id: int | str, *, public_only: bool = False) -> Promise:
    """This case's promise `promise_id`, else 404: an id from another case is no promise here."""
    found = Promise.objects.filter(case=case, pk=promise_id)
    if public_only:
        found = found.filter(visible=True)
    promise = found.select_related("case", "made_by", "policy").first()
    if promise is None:
        raise Http404(f"No promise {promise_id} on {case.reference}.")
    return promise


def credit_on(case: Case, credit_id: int | str) -> Credit:
    """This case's credit `credit_id`, else 404."""
    found = Credit.objects.filter(case=case, pk=credit_id).select_related("promise", "case")
    credit = found.first()
    if credit is None:
        raise Http404(f"No credit {credit_id} on {case.reference}.")
    return credit


def promises_by_state() -> dict[str, int]:
    """How many promises are in each state (pending, kept, broken, withdrawn)."""
    rows = Promise.objects.order_by().values_list("state").annotate(count=Count("id"))
    return dict(rows)
