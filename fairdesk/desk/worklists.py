"""The agent's lists: my work and the team queue, in the one queue order of
`queues.selectors.next_case_ids` (earliest owed promise first, then age)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Q

from fairdesk.accounts.selectors import team_ids_of
from fairdesk.cases.models import UNRESOLVED, Case
from fairdesk.cases.selectors import list_rows
from fairdesk.desk.paging import PAGE_SIZE, Page, page_number
from fairdesk.promises.selectors import earliest_due, next_due
from fairdesk.queues.selectors import next_case_ids, waiting_in


@dataclass(frozen=True)
class Worklist:
    """Which cases a list holds, as lookups on Case (so they also work from a promise)."""

    lookups: dict
    # For a view narrowed by its promises: the same cases for the walk (next_case_ids).
    walk: tuple[dict, dict] | None = None

    def cases_filter(self, prefix: str = "") -> Q:
        return Q(**{f"{prefix}{name}": value for name, value in self.lookups.items()})


def my_work(agent: User) -> Worklist:
    """Unresolved cases the agent owns."""
    return Worklist({"assignee": agent, "status__in": UNRESOLVED, "merged_into__isnull": True})


def team_queue(agent: User) -> Worklist:
    """Unresolved cases waiting in the queues of the agent's teams (no owner yet)."""
    team_ids = team_ids_of(agent)
    return Worklist(waiting_in(team_ids))


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
    ids = next_case_ids(worklist.lookups, wanted - start, skip=start, walk=worklist.walk)
    rows = rows_in_order(ids)
    return Page(rows=rows[:size], number=number, has_next=len(rows) > size)


def rows_in_order(ids: list[int]) -> list[Case]:
    """The list rows of the cases `ids` (cases.selectors.list_rows), in that order, each with
    its next due promise."""
    by_id = list_rows(ids)
    rows = [by_id[case_id] for case_id in ids if case_id in by_id]
    attach_next_due(rows)
    return rows


FEW = 5_000  # up to this many cases, a list is ordered in Python (see page_of_few)


def pager(count: int, *, by_promise: bool) -> Callable[..., Page]:
    """How to page a list of `count` cases: a short one is sorted in Python, unless it is
    narrowed by its promises (the walk over the due index finds those at once); a long one
    walks the promises in due order."""
    return page_of_few if count <= FEW and not by_promise else page


def page_of_few(worklist: Worklist, raw_number: str | None, *, size: int = PAGE_SIZE) -> Page:
    """`page`'s order for a list known to hold at most FEW cases: all their ids and earliest
    due times read at once and sorted here. For a selective list (waiting on the customer)
    walking the promises' index in due order reads nearly every owed promise first."""
    number = page_number(raw_number)
    cases_in_list = Case.objects.filter(worklist.cases_filter()).order_by()
    rows = list(cases_in_list.values_list("pk", "created_at"))
    due = earliest_due([pk for pk, _ in rows])

    def order(row: tuple) -> tuple:
        pk, created = row
        promised = due.get(pk)
        return (0, promised[0], pk) if promised else (1, created, pk)

    start = (number - 1) * size
    ids = [pk for pk, _ in sorted(rows, key=order)[start : start + size + 1]]
    cases = rows_in_order(ids)
    return Page(rows=cases[:size], number=number, has_next=len(cases) > size)
