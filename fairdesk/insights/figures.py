"""A case's figures computed from its row, its timeline and its policy's business calendar.

The same computation serves the case reaction (a few cases at a time) and the backfill (many
thousand at a time), so the reports read exactly what the old per-request queries computed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Count

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


def calendars() -> dict[int, businesstime.Calendar]:
    return {row.pk: row.business() for row in Calendar.objects.all()}


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


def compute(case_ids: Iterable[int], known: dict | None = None) -> list[CaseFigures]:
    """Unsaved figures for the given cases (those that exist)."""
    ids = list(case_ids)
    known = calendars() if known is None else known
    contacts = dict(
        Entry.objects.filter(case_id__in=ids, kind__in=CONTACT_KINDS)
        .values("case_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("case_id", "n")
    )
    reopened = set(
        Entry.objects.filter(
            case_id__in=ids,
            kind=EntryKind.STATUS,
            data__from__in=[Status.RESOLVED, Status.CLOSED],
            data__to__in=list(UNRESOLVED),
        ).values_list("case_id", flat=True)
    )
    rows = Case.objects.filter(pk__in=ids).values_list(
        "pk",
        "handoff_count",
        "created_at",
        "first_response_at",
        "resolved_at",
        "terms__policy__calendar_id",
    )
    now = clock.now()
    return [
        CaseFigures(
            case_id=pk,
            contacts=contacts.get(pk, 0),
            handoffs=handoffs,
            reopened=pk in reopened,
            first_response_seconds=business_seconds(known, calendar_id, created, responded),
            resolution_seconds=business_seconds(known, calendar_id, created, resolved),
            refreshed_at=now,
        )
        for pk, handoffs, created, responded, resolved, calendar_id in rows
    ]


def store(figures: list[CaseFigures]) -> None:
    """Insert or update the rows in one statement per batch."""
    CaseFigures.objects.bulk_create(
        figures,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["case"],
        update_fields=list(FIGURE_FIELDS),
    )
