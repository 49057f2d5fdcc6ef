"""The law's next-day status promise for faults (TKG §58(2)): made by the watch for a fault
still open when its report day ends, kept by an agent's answer or, when nobody has answered
an hour before it falls due, by a status notice fairdesk mails the customer itself."""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from fairdesk.cases import services as cases
from fairdesk.cases.models import Case
from fairdesk.lib import clock
from fairdesk.lib.transactions import service
from fairdesk.promises import businesstime
from fairdesk.promises.models import Kind, Promise, State
from fairdesk.promises.services import (
    NEXT_DAY_STATUS,
    _entry,
    _made_text,
    _plain_warn_at,
    _settle,
    promise_label,
    terms_for,
    when,
)

# After worker downtime the law's deadline may have passed: the promise is then due this
# much business time after it is made, never born broken.
CATCH_UP = timedelta(hours=1)
# Nobody has answered this long before the status promise falls due: fairdesk tells the
# customer itself.
NOTICE_LEAD = timedelta(hours=1)


@service
def promise_status_update(*, case: Case, due_at: datetime) -> Promise | None:
    """The next-day promise for a fault: what we are doing and when it will be fixed.

    Never born overdue: when `due_at` has passed (the worker was down), it is due at the
    next reachable business time instead, and the delay is recorded on it."""
    now = clock.now()
    policy = terms_for(case)
    late_from = None
    if due_at <= now + CATCH_UP:
        reachable = now + CATCH_UP
        if policy is not None:
            reachable = businesstime.add(policy.calendar.business(), now, CATCH_UP)
        late_from, due_at = due_at, max(reachable, now + CATCH_UP)
    try:
        with transaction.atomic():
            promise = Promise.objects.create(
                case=case,
                kind=Kind.CUSTOM,
                rule=NEXT_DAY_STATUS,
                description=_(
                    "We tell you what we are doing about the fault and when it will be fixed."
                ),
                due_at=due_at,
                policy=policy,
                reason=_("Made late: due by %(due)s.") % {"due": when(late_from)}
                if late_from
                else "",
                started_at=now,
                warn_at=_plain_warn_at(now, due_at),
                created_at=now,
            )
    except IntegrityError:
        return None  # another worker made it a moment ago
    late = {"late_from": late_from.isoformat()} if late_from else {}
    _entry(promise, "made", _made_text(promise), **late)
    return promise


@service
def send_status_notice(*, promise: Promise) -> bool:
    """Keep the status promise with a notice to the customer; False when already settled."""
    if not _settle(promise, State.KEPT):
        return False
    case = Case.objects.select_related("customer").get(pk=promise.case_id)
    fix = (
        Promise.objects.filter(case=case, kind=Kind.RESOLUTION, state=State.PENDING)
        .exclude(due_at=None)
        .values_list("due_at", flat=True)
        .first()
    )
    with translation.override(case.customer.language or "de"):
        body = status_text(case, fix)
    cases.tell_customer(
        case=case,
        body=body,
        data={"status_notice": promise.pk, "fix_due": fix.isoformat() if fix else None},
        notice="status",
        audit="promise.status_notice",
    )
    _entry(promise, "kept", _("Promise kept: %(what)s.") % {"what": promise_label(promise)})
    return True


def status_text(case: Case, fix_due: datetime | None) -> str:
    """The status notice in the active language."""
    opening = _(
        "We are working on the fault you reported (case %(ref)s, reported %(reported)s)."
    ) % {"ref": case.reference, "reported": when(case.created_at)}
    if fix_due is not None:
        outlook = _("We expect it to be fixed by %(due)s.") % {"due": when(fix_due)}
    else:
        outlook = _("We cannot name a date for the fix yet; we will tell you as soon as we can.")
    return f"{opening}\n\n{outlook}"


def due_for_notice(now: datetime):
    """Pending status promises nobody has answered, due within NOTICE_LEAD."""
    return Promise.objects.filter(
        rule=NEXT_DAY_STATUS, state=State.PENDING, due_at__lte=now + NOTICE_LEAD
    )
