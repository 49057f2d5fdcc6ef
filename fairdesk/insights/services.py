"""Changes to the insights app's own rows: the per-case figures and day counts the reports
read."""

from __future__ import annotations

from collections.abc import Iterable

from fairdesk.cases import services as cases
from fairdesk.cases.models import Case, Entry
from fairdesk.insights import daycounts, figures, valuecounts
from fairdesk.insights.models import CaseFigures, DayCount, ValueCount
from fairdesk.lib import transactions
from fairdesk.lib.transactions import at_end, service

BACKFILL_BATCH = 20_000


@service
def refresh_case_figures(*, case_ids: Iterable[int]) -> int:
    """Recompute and store the figures of the given cases; returns how many were stored."""
    computed = figures.compute(case_ids)
    figures.store(computed)
    return len(computed)


def refresh_later(case_id: int) -> None:
    """Refresh a case's figures once, at the end of the outermost service (same transaction)."""
    at_end("insights.case_figures", _flush, case_id)


# Per service call (memo): the cases opened in it whose figures come from the case in hand,
# with their contacts (case id → (case, contacts)), and the cases that must be read instead.
IN_HAND = "insights.in_hand"
READ = "insights.read"


def opened_here(case: Case, entry: Entry | None) -> None:
    """A case was opened in this call with `entry`: its figures can be written from the case
    in hand, unless an event says otherwise before the end of the call (`read_again`)."""
    if case.pk in transactions.memo(READ, set[int]) or not cases.created_here(case):
        return
    contacts = 1 if entry is not None and entry.kind in figures.CONTACT_KINDS else 0
    transactions.memo(IN_HAND, dict[int, tuple[Case, int]])[case.pk] = (case, contacts)


def read_again(case_id: int) -> None:
    """Something happened to the case that the case in hand may not show (a reply, a
    handover, entries moved): its figures are read from the database."""
    transactions.memo(IN_HAND, dict[int, tuple[Case, int]]).pop(case_id, None)
    transactions.memo(READ, set[int]).add(case_id)


def _flush(case_ids: set) -> None:
    in_hand = transactions.memo(IN_HAND, dict[int, tuple[Case, int]])
    known, unknown = [], []
    for pk in sorted(case_ids):
        kept = in_hand.pop(pk, None)  # used up: a later flush in the call reads the case
        made = figures.opened(*kept) if kept else None
        if made is None:
            unknown.append(pk)
        else:
            known.append(made)
    figures.store(known + figures.compute(unknown))


@service
def backfill_case_figures(*, after: int = 0, limit: int = BACKFILL_BATCH) -> tuple[int, int]:
    """Figures for the next `limit` cases with an id above `after` (all cases, whether or not
    they have figures: a rerun repairs rows), set-based. Returns (cases stored, last id seen;
    0 at the end). The day and value counts are not moved: `rebuild_day_counts` and
    `rebuild_value_counts` count them afresh once the rows are filled."""
    last = (
        Case.objects.filter(pk__gt=after)
        .order_by("pk")
        .values_list("pk", flat=True)[limit - 1 : limit]
        .first()
    )
    if last is None:
        last = (
            Case.objects.filter(pk__gt=after).order_by("-pk").values_list("pk", flat=True).first()
        )
    if last is None:
        return 0, 0
    computed = figures.compute_range(after, last)
    figures.store(computed, move_counts=False)
    return len(computed), last


@service
def rebuild_day_counts() -> int:
    """Count the backlog's day counts afresh from the figures rows; returns how many."""
    return daycounts.rebuild(CaseFigures, DayCount)


@service
def rebuild_value_counts() -> int:
    """Count the response-times and contacts reports' value counts afresh from the figures
    rows; returns how many."""
    return valuecounts.rebuild(CaseFigures, ValueCount)
