"""The watch: breaks overdue promises, warns before a breach, escalates, keeps credits current,
makes the next-day status promise for faults and sends its notice when nobody else did.
Run by `fairdesk worker` every 30 seconds.

Safe with any number of workers: every action claims its promise with a conditional UPDATE
(see services) and acts only when it won.
"""

import logging
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from fairdesk.cases.models import UNRESOLVED, Case
from fairdesk.lib import clock
from fairdesk.promises import credits, nextday, services
from fairdesk.promises.models import CreditState, Kind, Promise, State

log = logging.getLogger(__name__)
BATCH = 500  # per step and run; the next run (30 s later) takes the rest


def run() -> dict[str, int]:
    """One pass of the watch; returns what it did, by step."""
    now = clock.now()
    done = {
        # Before breaches: a status notice due now keeps its promise instead.
        "status_notices": _status_notices(now),
        "broken": _break_overdue(now),
        "escalated": _escalate_broken(),
        "warned": _warn_at_risk(now),
        "status_promises": _next_day_status(now),
        "credits": _refresh_credits(),
    }
    if any(done.values()):
        log.info("promise watch: %s", done)
    return done


def _break_overdue(now: datetime) -> int:
    overdue = Promise.objects.filter(state=State.PENDING, due_at__lte=now).select_related("case")
    broken = 0
    for promise in overdue.order_by("due_at")[:BATCH]:
        if services.break_promise(promise=promise):
            credits.refresh_credit(promise=promise)  # what the breach owes, at once
            broken += 1
    return broken


def _escalate_broken() -> int:
    # Escalation is a step of its own so a crash between breach and escalation heals itself.
    broken = Promise.objects.filter(state=State.BROKEN, escalated_at__isnull=True)
    return sum(services.escalate(promise=p) for p in broken.select_related("case")[:BATCH])


def _warn_at_risk(now: datetime) -> int:
    at_risk = Promise.objects.filter(
        state=State.PENDING, warned_at__isnull=True, warn_at__lte=now, due_at__gt=now
    ).select_related("case")
    return sum(services.warn(promise=p) for p in at_risk[:BATCH])


def _next_day_status(now: datetime) -> int:
    """A fault still open when its report day has ended: promise news by the end of the next."""
    zone = ZoneInfo(settings.TIME_ZONE)
    today_start = datetime.combine(now.astimezone(zone).date(), time(), zone)
    cases = (
        Case.objects.filter(
            status__in=UNRESOLVED,
            category__is_fault=True,
            terms__policy__next_day_status=True,
            created_at__lt=today_start,
        )
        .exclude(promises__rule=services.NEXT_DAY_STATUS)
        .select_related("terms__policy")[:BATCH]
    )
    made = 0
    for case in cases:
        report_day = case.created_at.astimezone(zone).date()
        due = datetime.combine(report_day + timedelta(days=2), time(), zone)
        made += nextday.promise_status_update(case=case, due_at=due) is not None
    return made


def _status_notices(now: datetime) -> int:
    """The §58(2) status reaches the customer even when no agent has given it."""
    due = nextday.due_for_notice(now).order_by("due_at")[:BATCH]
    return sum(nextday.send_status_notice(promise=p) for p in due)


def _refresh_credits() -> int:
    """An outage that goes on owes more each day: recompute the pending credits."""
    ongoing = (
        Promise.objects.filter(
            state=State.BROKEN,
            kind=Kind.RESOLUTION,
            case__status__in=UNRESOLVED,
            policy__compensation__isnull=False,
        )
        .exclude(credit__state__in=[CreditState.CONFIRMED, CreditState.REJECTED])
        .distinct()
    )
    return sum(credits.refresh_credit(promise=p) is not None for p in ongoing[:BATCH])
