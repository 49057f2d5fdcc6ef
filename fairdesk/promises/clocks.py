"""How case events move promise clocks: open, keep, pause and resume the policy's promises.

`on_case_event` is a case reaction (settings.FAIRDESK_CASE_REACTIONS) called inside the case's
transaction, so a promise never lags behind the case it belongs to.
"""

from datetime import datetime

from fairdesk.cases.events import Event
from fairdesk.cases.models import Case, Entry, Status
from fairdesk.lib import clock, sql, transactions
from fairdesk.promises import credits, selectors, services
from fairdesk.promises.models import (
    CASE_CLOSED,
    CASE_MERGED,
    NEXT_DAY_STATUS,
    RESOLVED_UNANSWERED,
    SPLIT_OFF,
    CaseTerms,
    Kind,
    Policy,
    Promise,
    State,
)

# Who the case waits on decides whose time it is: only waiting on the customer stops the
# clock; a third party or our own technician is the company's time.
PAUSED_STATUSES = (Status.WAITING_ON_CUSTOMER,)
DONE_STATUSES = (Status.RESOLVED, Status.CLOSED)


def on_case_event(*, case: Case, event: Event, entry: Entry | None = None, **facts: object) -> None:
    """Open, keep, pause and resume the case's promises as `event` demands."""
    if event == Event.OPENED:
        _opened(case, entry)
    elif event == Event.CUSTOMER_MESSAGE:
        _customer_message(case, entry)
    elif event == Event.PUBLIC_REPLY:
        _public_reply(case)
    elif event == Event.STATUS_CHANGED:
        _status_changed(case, str(facts["old"]), str(facts["new"]))
    elif event == Event.MERGED:
        _merged(facts["source"])
    elif event == Event.SPLIT_OFF:
        _split_off(case, entry, facts["new_case"])


def _pending(case: Case, *kinds: str):
    return Promise.objects.filter(case=case, state=State.PENDING, kind__in=kinds)


def fill_next_due(case: Case) -> None:
    """Before a new case's row is written (settings.FAIRDESK_NEW_CASE_COLUMNS): the due time
    of the promises its opening will make, their clocks started when the case was created.
    What it found is kept for `_opened`, which uses it if its start is the same."""
    policy = services.policy_for(case)
    start = case.created_at
    promises = services.new_case_clock_promises(case, policy, start) if policy else []
    case.next_due_at = services.earliest_due(promises)
    transactions.memo(_PREPARED, _Prepared)[id(case)] = (start, policy, promises)


# Per service call: what fill_next_due found for a case object not yet written (by the
# object's id): the clocks' start, the policy, the promises.
_PREPARED = "promises.prepared_for_opening"
_Prepared = dict[int, tuple[datetime, Policy | None, list[Promise]]]


def _opened(case: Case, entry: Entry | None) -> None:
    start = entry.created_at if entry else case.created_at
    prepared = transactions.memo(_PREPARED, _Prepared).pop(id(case), None)
    if prepared is not None and prepared[0] == start:
        _, policy, promises = prepared
        for promise in promises:
            promise.case = case  # the case had no id yet when they were made
    else:  # e.g. a case split off: its clocks count from the contact, not from the split
        policy, promises = services.policy_for(case), None
    if policy is None:
        return
    sql.insert(CaseTerms(case=case, policy=policy))
    services.start_new_case_clocks(case=case, policy=policy, start=start, prepared=promises)


def _customer_message(case: Case, entry: Entry | None) -> None:
    """Each customer message we have not answered yet starts the next-response clock."""
    if case.status in DONE_STATUSES:
        return
    if _pending(case, Kind.FIRST_RESPONSE, Kind.NEXT_RESPONSE).exists():
        return  # an answer is already owed; its clock runs from the earlier message
    policy = services.terms_for(case)
    if policy is not None:
        start = entry.created_at if entry else clock.now()
        services.start_clock(case=case, policy=policy, kind=Kind.NEXT_RESPONSE, start=start)


def _public_reply(case: Case) -> None:
    """A reply keeps the answer owed and the next day's status; an answer that comes too late
    still answers: the broken promise stops being owed. (Read together: keeping a promise
    breaks none.)"""
    owed = selectors.owed_of(case)
    pending = [p for p in owed if p.state == State.PENDING]
    broken = [p for p in owed if p.state == State.BROKEN]
    for promise in _answered_by_reply(pending):
        services.keep_promise(promise=promise)
    for promise in _answered_by_reply(broken):
        services.catch_up(promise=promise)


def _answered_by_reply(promises: list[Promise]) -> list[Promise]:
    answers = [p for p in promises if p.kind in (Kind.FIRST_RESPONSE, Kind.NEXT_RESPONSE)]
    return answers + [p for p in promises if p.rule == NEXT_DAY_STATUS and p not in answers]


def _status_changed(case: Case, old: str, new: str) -> None:
    if new in PAUSED_STATUSES:
        services.pause_clocks(case=case)
    elif old in PAUSED_STATUSES:
        # Resolved or closed straight from waiting: the clocks are settled below at once.
        services.resume_clocks(case=case, quietly=new in DONE_STATUSES)
    if new == Status.RESOLVED:
        _resolved(case)
    elif new == Status.CLOSED and old != Status.RESOLVED:
        for promise in Promise.objects.filter(case=case, state=State.PENDING):
            services.withdraw_promise(promise=promise, agent=None, reason_code=CASE_CLOSED)
    elif old in DONE_STATUSES and new == Status.OPEN:
        policy = services.terms_for(case)
        if policy is not None:  # reopened: a new fix is owed
            services.start_clock(case=case, policy=policy, kind=Kind.RESOLUTION, start=clock.now())


def _resolved(case: Case) -> None:
    """Resolving fixes: the policy's resolution promise is kept; credits are final.

    It does not answer: an answer still owed (the customer said "this solved it" before we
    wrote) was never given, so that promise is withdrawn, not kept. A reply just before the
    resolution has already kept it."""
    pending = Promise.objects.filter(case=case, state=State.PENDING).exclude(policy__isnull=True)
    for promise in pending:
        if promise.kind in (Kind.FIRST_RESPONSE, Kind.NEXT_RESPONSE):
            services.withdraw_promise(promise=promise, agent=None, reason_code=RESOLVED_UNANSWERED)
        else:
            services.keep_promise(promise=promise)
    for promise in Promise.objects.filter(case=case, state=State.BROKEN, kind=Kind.RESOLUTION):
        credits.refresh_credit(promise=promise)
    for promise in services.owed_broken(case):
        services.catch_up(promise=promise)


def _split_off(case: Case, entry: Entry | None, new_case: object) -> None:
    """The answer owed for the contact that left is owed on its new case now."""
    assert entry is not None and isinstance(new_case, Case)
    for promise in _pending(case, Kind.NEXT_RESPONSE).filter(started_at=entry.created_at):
        services.withdraw_promise(
            promise=promise, agent=None, reason_code=SPLIT_OFF, reason_ref=new_case.reference
        )


def _merged(source: object) -> None:
    assert isinstance(source, Case)
    target = Case.objects.filter(merged_into__isnull=False, pk=source.pk).values_list(
        "merged_into__reference", flat=True
    )
    ref = target.first() or "?"
    for promise in Promise.objects.filter(case=source, state=State.PENDING):
        services.withdraw_promise(
            promise=promise, agent=None, reason_code=CASE_MERGED, reason_ref=ref
        )
