"""The agent's lists: my work and the team queue, ordered by the earliest owed promise.

A case with a promise due sooner comes first, so a broken promise not yet made up for (due
in the past) leads; cases without an owed promise follow, oldest first (aging), so nothing
waits forever behind newer work.

Why two steps and not one ORDER BY over a subquery: sorting a 100,000-case queue by a
per-case subquery costs a second on SQLite. Instead the promised part is read by walking the
promises' (state, due_at) index in order and stops once a page is full; the rest is read in
age order, skipping cases that have a due promise (checked per chunk by case id).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Q

from fairdesk.cases.models import UNRESOLVED, Case
from fairdesk.desk.paging import PAGE_SIZE, Page, page_number
from fairdesk.promises.models import Promise, State
from fairdesk.promises.selectors import next_due, owed

CHUNK = 200


@dataclass(frozen=True)
class Worklist:
    """Which cases a list holds, as lookups on Case (so they also work from a promise)."""

    lookups: dict

    def cases_filter(self, prefix: str = "") -> Q:
        return Q(**{f"{prefix}{name}": value for name, value in self.lookups.items()})


def my_work(agent: User) -> Worklist:
    """Unresolved cases the agent owns."""
    return Worklist({"assignee": agent, "status__in": UNRESOLVED, "merged_into__isnull": True})


def team_queue(agent: User) -> Worklist:
    """Unresolved cases waiting in the queues of the agent's teams (no owner yet)."""
    team_ids = list(agent.agent.teams.values_list("pk", flat=True))
    return Worklist(
        {
            "team_id__in": team_ids,
            "assignee__isnull": True,
            "status__in": UNRESOLVED,
            "merged_into__isnull": True,
        }
    )


def _promised(worklist: Worklist, wanted: int) -> list[int]:
    """Ids of up to `wanted` cases with a dated owed promise, earliest due first."""
    promises = (
        Promise.objects.filter(worklist.cases_filter("case__"), owed())
        .exclude(due_at=None)
        .order_by("due_at", "id")
        .values_list("case_id", flat=True)
    )
    found: dict[int, None] = {}
    offset, batch = 0, wanted * 2
    while len(found) < wanted:
        rows = list(promises[offset : offset + batch])
        found.update(dict.fromkeys(rows))
        if len(rows) < batch:
            break
        offset += batch
    return list(found)[:wanted]


def _unpromised(worklist: Worklist, skip: int, wanted: int) -> list[int]:
    """Ids of cases without a dated owed promise, oldest first, after skipping `skip`."""
    cases = (
        Case.objects.filter(worklist.cases_filter())
        .order_by("created_at", "id")
        .values_list("pk", flat=True)
    )
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


def attach_next_due(cases: Iterable[Case]) -> None:
    """Give each case `next_due`: its owed promise due first (promises.selectors.next_due)."""
    cases = list(cases)
    due = next_due([case.pk for case in cases])
    for case in cases:
        # An attribute for the template only: the list shows each case's next due promise.
        case.next_due = due.get(case.pk)  # type: ignore[attr-defined]


def page(worklist: Worklist, raw_number: str | None, *, size: int = PAGE_SIZE) -> Page:
    number = page_number(raw_number)
    start = (number - 1) * size
    wanted = start + size + 1  # one more than shown: is there a next page?
    promised = _promised(worklist, wanted)
    ids = promised[start:]
    if len(promised) < wanted:  # every promised case is known: go on with the rest by age
        ids += _unpromised(worklist, max(0, start - len(promised)), wanted - start - len(ids))
    by_id = Case.objects.select_related("customer", "team", "assignee").in_bulk(ids)
    rows = [by_id[case_id] for case_id in ids if case_id in by_id]
    attach_next_due(rows)
    return Page(rows=rows[:size], number=number, has_next=len(rows) > size)


FEW = 1_000  # up to this many cases, a list is ordered in Python (see page_of_few)


def page_of_few(worklist: Worklist, raw_number: str | None, *, size: int = PAGE_SIZE) -> Page:
    """`page`'s order for a list known to hold at most FEW cases: all their ids and next due
    promises read at once and sorted here. For a selective list (waiting on a third party)
    walking the promises' index in due order reads nearly every owed promise first."""
    number = page_number(raw_number)
    rows = list(Case.objects.filter(worklist.cases_filter()).values_list("pk", "created_at"))
    due = next_due([pk for pk, _ in rows])

    def order(row: tuple) -> tuple:
        pk, created = row
        promised = due.get(pk)
        return (0, promised.due_at, pk) if promised else (1, created, pk)

    start = (number - 1) * size
    ids = [pk for pk, _ in sorted(rows, key=order)[start : start + size + 1]]
    by_id = Case.objects.select_related("customer", "team", "assignee").in_bulk(ids)
    cases = [by_id[case_id] for case_id in ids if case_id in by_id]
    for case in cases:
        case.next_due = due.get(case.pk)  # type: ignore[attr-defined]  # for the template
    return Page(rows=cases[:size], number=number, has_next=len(cases) > size)
