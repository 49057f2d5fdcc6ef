"""Auto-close with a reminder: a case waiting on the customer is reminded after the policy's
N business days of silence and resolved M business days after the reminder; both steps are
on the timeline and told to the customer in their language. The customer's reply moves the
case out of waiting (cases.services.add_customer_message), which ends the stretch: a later
wait starts counting afresh.

A periodic job (jobs.py); each step is claimed under the case's row lock and the unique key
of WaitingStep, so any number of workers take it once.
"""

from datetime import datetime

from django.utils import translation
from django.utils.translation import gettext as _

from fairdesk.cases import services as cases
from fairdesk.cases.models import Case, Entry, EntryKind, Status
from fairdesk.lib import clock
from fairdesk.lib.transactions import service
from fairdesk.promises.businesstime import add_business_days
from fairdesk.promises.models import Policy, WaitingStep
from fairdesk.promises.services import terms_for, when

BATCH = 200


def run() -> dict[str, int]:
    """One pass over the cases waiting on their customers; what it did, by step.

    It looks at every waiting case and stops after BATCH steps (the next pass takes the
    rest): a first BATCH of cases with nothing due (a policy that never reminds, a reminder
    whose resolution is days away) would otherwise keep every later case out of every pass."""
    now = clock.now()
    done = {"reminded": 0, "resolved": 0}
    waiting = Case.objects.filter(status=Status.WAITING_ON_CUSTOMER, merged_into__isnull=True)
    ids = list(waiting.order_by("updated_at", "id").values_list("id", flat=True))
    for start in range(0, len(ids), BATCH):
        # No cursor stays open while the steps write (each its own transaction).
        part = ids[start : start + BATCH]
        chunk = Case.objects.select_related("customer").in_bulk(part)
        for case in (chunk[case_id] for case_id in part if case_id in chunk):
            step = _step_due(case, now)
            if step == WaitingStep.Step.REMINDED:
                done["reminded"] += remind(case=case, now=now)
            elif step == WaitingStep.Step.RESOLVED:
                done["resolved"] += resolve(case=case, now=now)
            if done["reminded"] + done["resolved"] >= BATCH:
                return done
    return done


def waiting_since(case: Case) -> datetime | None:
    """When the case last became waiting on the customer (its status entry)."""
    entry = (
        Entry.objects.filter(case=case, kind=EntryKind.STATUS, data__to=Status.WAITING_ON_CUSTOMER)
        .order_by("-created_at", "-id")
        .first()
    )
    return entry.created_at if entry else None


def _policy(case: Case) -> Policy | None:
    return terms_for(case) or Policy.objects.filter(is_default=True).first()


def _step_due(case: Case, now: datetime) -> str | None:
    """The step due now on `case`, if any."""
    since, policy = waiting_since(case), _policy(case)
    if since is None or policy is None or policy.remind_waiting_after is None:
        return None
    taken = dict(
        WaitingStep.objects.filter(case=case, waiting_since=since).values_list("step", "taken_at")
    )
    calendar = policy.calendar.business()
    reminded = taken.get(WaitingStep.Step.REMINDED)
    if reminded is None:
        due = add_business_days(calendar, since, policy.remind_waiting_after)
        return WaitingStep.Step.REMINDED if now >= due else None
    if policy.resolve_waiting_after is None or WaitingStep.Step.RESOLVED in taken:
        return None
    due = add_business_days(calendar, reminded, policy.resolve_waiting_after)
    return WaitingStep.Step.RESOLVED if now >= due else None


def _claim(case: Case, step: str, now: datetime) -> datetime | None:
    """Lock the case and record `step` for its current stretch of waiting; None when the
    case no longer waits or another worker took the step already."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    since = waiting_since(locked)
    if locked.status != Status.WAITING_ON_CUSTOMER or since is None:
        return None
    if WaitingStep.objects.filter(case=locked, waiting_since=since, step=step).exists():
        return None
    WaitingStep.objects.create(case=locked, waiting_since=since, step=step, taken_at=now)
    return since


@service
def remind(*, case: Case, now: datetime) -> bool:
    """Ask the silent customer once more, naming the day the case will be resolved."""
    if _claim(case, WaitingStep.Step.REMINDED, now) is None:
        return False
    policy = _policy(case)
    resolve_at = (
        add_business_days(policy.calendar.business(), now, policy.resolve_waiting_after)
        if policy and policy.resolve_waiting_after is not None
        else None
    )
    with translation.override(case.customer.language or "de"):
        body = reminder_text(case, resolve_at)
    cases.tell_customer(
        case=case,
        body=body,
        data={"waiting": "reminded", "resolve_at": resolve_at.isoformat() if resolve_at else None},
        notice="waiting_reminder",
        audit="case.waiting_reminded",
    )
    return True


@service
def resolve(*, case: Case, now: datetime) -> bool:
    """Resolve the case after the reminder went unanswered, and tell the customer so."""
    if _claim(case, WaitingStep.Step.RESOLVED, now) is None:
        return False
    with translation.override(case.customer.language or "de"):
        body = resolved_text(case)
    cases.change_status(
        case=case, agent=None, status=Status.RESOLVED, reason="no answer from the customer"
    )
    cases.tell_customer(
        case=case,
        body=body,
        data={"waiting": "resolved"},
        notice="waiting_resolved",
        audit="case.waiting_resolved",
    )
    return True


def reminder_text(case: Case, resolve_at: datetime | None) -> str:
    """The reminder in the active language."""
    ask = _("We are still waiting for your answer on case %(ref)s (%(subject)s).") % {
        "ref": case.reference,
        "subject": case.subject,
    }
    if resolve_at is None:
        return ask
    then = _(
        "If we do not hear from you by %(when)s, we will resolve the case. A reply at any "
        "time opens it again."
    ) % {"when": when(resolve_at)}
    return f"{ask}\n\n{then}"


def resolved_text(case: Case) -> str:
    return _(
        "We have not heard from you, so we have resolved case %(ref)s (%(subject)s). If "
        "anything is still open, just reply: the case opens again."
    ) % {"ref": case.reference, "subject": case.subject}
