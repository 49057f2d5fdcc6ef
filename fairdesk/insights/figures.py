"""A case's figures computed from its row, its timeline and its policy's business calendar.

The same computation serves the case reaction (a few cases at a time) and the backfill (many
thousand at a time), so the reports read exactly what the old per-request queries computed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce

from fairdesk.cases.models import UNRESOLVED, Case, Entry, EntryKind, Status
from fairdesk.insights.models import CaseFigures
from fairdesk.lib import clock
from fairdesk.promises import businesstime
from fairdesk.promises.models import Calendar

CONTACT_KINDS = (EntryKind.MESSAGE_IN, EntryKind.CALL)
FIGURE_FIELDS = (
    "contacts",
    "handoffs",
    "reopened",
    "first_response_seconds",
    "resolution_seconds",
    "refreshed_at",
)


def calendars(ids: Iterable[int] | None = None) -> dict[int, businesstime.Calendar]:
    """The business calendars by id (only the given ones, when ids are given)."""
    rows = Calendar.objects.all() if ids is None else Calendar.objects.filter(pk__in=set(ids))
    return {row.pk: row.business() for row in rows}


def business_seconds(
    calendars: dict[int, businesstime.Calendar],
    calendar_id: int | None,
    start: datetime | None,
    end: datetime | None,
) -> float | None:
    """Business seconds from start to end on the calendar; wall-clock without a calendar."""
    if start is None or end is None:
        return None
    calendar = calendars.get(calendar_id) if calendar_id is not None else None
    took = businesstime.between(calendar, start, end) if calendar else end - start
    return took.total_seconds()


def compute(case_ids: Iterable[int]) -> list[CaseFigures]:
    """Unsaved figures for the given cases (those that exist), in one query and one for the
    calendars they need: the reaction runs this after every service that touches a case."""
    contacts = (
        Entry.objects.filter(case=OuterRef("pk"), kind__in=CONTACT_KINDS)
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    came_back = Entry.objects.filter(
        case=OuterRef("pk"),
        kind=EntryKind.STATUS,
        data__from__in=[Status.RESOLVED, Status.CLOSED],
        data__to__in=list(UNRESOLVED),
    )
    rows = list(
        Case.objects.filter(pk__in=list(case_ids))
        .annotate(n=Coalesce(Subquery(contacts), 0), back=Exists(came_back))
        .values_list(
            "pk",
            "n",
            "back",
            "handoff_count",
            "created_at",
            "first_response_at",
            "resolved_at",
            "terms__policy__calendar_id",
        )
    )
    # Only a case answered or resolved needs its calendar (a new one does not).
    known = calendars(row[-1] for row in rows if row[-1] is not None and (row[5] or row[6]))
    now = clock.now()
    return [
        CaseFigures(
            case_id=pk,
            contacts=n,
            handoffs=handoffs,
            reopened=back,
            first_response_seconds=business_seconds(known, calendar_id, created, responded),
            resolution_seconds=business_seconds(known, calendar_id, created, resolved),
            refreshed_at=now,
        )
        for pk, n, back, handoffs, created, responded, resolved, calendar_id in rows
    ]


def of_new_case(case: Case) -> CaseFigures:
    """The figures of a case just opened: its one contact, not yet answered nor resolved
    (what `compute` reads for it, without reading it)."""
    return CaseFigures(
        case_id=case.pk,
        contacts=1,
        handoffs=case.handoff_count,
        reopened=False,
        first_response_seconds=None,
        resolution_seconds=None,
        refreshed_at=clock.now(),
    )


def store(figures: list[CaseFigures]) -> None:
    """Insert or update the rows in one statement per batch."""
    CaseFigures.objects.bulk_create(
        figures,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["case"],
        update_fields=list(FIGURE_FIELDS),
    )
