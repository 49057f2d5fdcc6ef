"""Changes to the insights app's own rows: the per-case figures the reports read."""

from __future__ import annotations

from collections.abc import Iterable

from fairdesk.cases.models import Case
from fairdesk.insights import figures
from fairdesk.lib import transactions
from fairdesk.lib.transactions import at_end, service

BACKFILL_BATCH = 5_000


@service
def refresh_case_figures(*, case_ids: Iterable[int]) -> int:
    """Recompute and store the figures of the given cases; returns how many were stored."""
    computed = figures.compute(case_ids)
    figures.store(computed)
    return len(computed)


# Per service call: the cases whose figures are computed from the database at its end.
_COMPUTED = "insights.computed"


def refresh_later(case_id: int) -> None:
    """Refresh a case's figures once, at the end of the outermost service (same transaction)."""
    transactions.memo(_COMPUTED, set[int]).add(case_id)
    at_end("insights.case_figures", _flush, case_id)


def _flush(case_ids: set) -> None:
    figures.store(figures.compute(case_ids))


def opened_later(case: Case) -> None:
    """A case opened in this service call: its figures are a new case's (one contact, not
    answered, not resolved), stored at the end of the call unless another event asks for
    them to be computed (`refresh_later` wins)."""
    at_end("insights.opened", _flush_opened, case)


def _flush_opened(opened: set) -> None:
    computed = transactions.memo(_COMPUTED, set[int])
    new = [case for case in opened if case.pk not in computed]
    plain = [case for case in new if case.first_response_at is None and case.resolved_at is None]
    figures.store([figures.of_new_case(case) for case in plain])
    rest = {case.pk for case in new} - {case.pk for case in plain}
    if rest:
        _flush(rest)


@service
def backfill_case_figures(*, after: int = 0, limit: int = BACKFILL_BATCH) -> tuple[int, int]:
    """Figures for the next `limit` cases with an id above `after` (all cases, whether or not
    they have figures: a rerun repairs rows). Returns (cases stored, last id seen; 0 at end)."""
    ids = list(
        Case.objects.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:limit]
    )
    if not ids:
        return 0, 0
    computed = figures.compute(ids)
    figures.store(computed)
    return len(computed), ids[-1]
