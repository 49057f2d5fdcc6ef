"""Every change to promises and credits: one function per intent, each writing its timeline
entry through cases.services.record_event. The clocks and the watch call these too."""

import functools
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Field
from django.utils.translation import gettext as _

from fairdesk.cases import services as cases
from fairdesk.cases.events import Event, case_event
from fairdesk.cases.models import Case, EntryKind, Priority
from fairdesk.lib import clock, request_memo, sql
from fairdesk.lib.dates import moment_text
from fairdesk.lib.errors import Conflict, DomainError
from fairdesk.lib.text import one_line
from fairdesk.lib.transactions import memo, remember, service
from fairdesk.promises import businesstime, matching, notices
from fairdesk.promises.models import (
    AGENT_KINDS,
    ALREADY_ON_RETURN,
    CLOCK_KINDS,
    NEXT_DAY_STATUS,  # noqa: F401 - named from here by the watch and nextday
    PROCESS_STEPS,
    SYSTEM_REASONS,
    Calendar,
    CaseTerms,
    Contract,
    Kind,
    Policy,
    Promise,
    State,
    promise_what,
    system_reason,
)
from fairdesk.promises.policies import policies_with_calendars
from fairdesk.promises.selectors import (
    DEFAULT_POLICY,
    KNOWN_DUE,
    MADE_HERE,
    due_time,
    next_due_subquery,
    owed,
)

PRIORITY_UP: dict[str, Priority] = {
    Priority.LOW: Priority.NORMAL,
    Priority.NORMAL: Priority.HIGH,
    Priority.HIGH: Priority.URGENT,
}


def warn_share() -> float:
    return settings.FAIRDESK_WARN_AT_PERCENT / 100


def when(moment: datetime | None) -> str:
    """A time as people read it, in the active language's long format (fairdesk.lib.dates)."""
    return moment_text(moment)


def promise_label(promise: Promise) -> str:
    return promise.label


def what_was_promised(facts: dict) -> str:
    """What a promise (or its timeline entry's facts) promised, in the active language."""
    return promise_what(
        str(facts.get("kind") or ""), facts.get("description") or "", facts.get("rule") or ""
    )


def _made_text(promise: Promise) -> str:
    """Kept for callers that still store a sentence beside the facts; readers get the sentence
    from the facts (fairdesk.texts), in their own language."""
    return _("Promise: %(what)s by %(due)s.") % {
        "what": promise.label,
        "due": when(promise.due_at),
    }


def _event(promise: Promise, event: str, body: str = "", *, agent=None, **data) -> cases.NewEvent:
    """The timeline entry for a promise's change, as facts: desk, portal and mail say it in
    their reader's language (`body` only for callers that still keep a sentence as well).
    The customer sees it if they see the promise."""
    return cases.NewEvent(
        kind=EntryKind.PROMISE,
        public=promise.visible,
        body=body,
        agent=agent,
        data={"promise": promise.pk, "event": event} | promise.facts() | data,
        audit=f"promise.{event}",
    )


def _entry(promise: Promise, event: str, body: str = "", *, agent=None, **data) -> None:
    events = [_event(promise, event, body, agent=agent, **data)]
    cases.record_events(case=promise.case, events=events)
    _promises_changed(promise.case)


def _promises_changed(
    case: Case, *, all_made: list[Promise] | None = None, row_due: bool = False
) -> None:
    """After every change to a case's promises: its kept next due time, then the reactions.

    `all_made`: the case's promises are all among these, just written (a new case's first
    ones), so its next due time is known without reading; `row_due`: and the case's row was
    written with it (clocks.fill_next_due). Either way the call remembers it (KNOWN_DUE) for
    the queues, which read it next."""
    memo(_CHANGED, set[int]).add(case.pk)
    if all_made is None:
        due = due_time(case.pk)
        request_memo.forget(MADE_HERE % case.pk)
    else:
        due = earliest_due(all_made)
        request_memo.note(MADE_HERE % case.pk, tuple(all_made))  # the answer shows them
    memo(KNOWN_DUE, dict[int, datetime | None])[case.pk] = due
    if not (row_due and all_made is not None and due == case.next_due_at):
        cases.keep_next_due(case=case, due=due)
    case_event(case=case, event=Event.PROMISES_CHANGED)


def earliest_due(promises: list[Promise]) -> datetime | None:
    return min((p.due_at for p in promises if p.due_at is not None), default=None)


# Per service call: the cases whose promises it has changed.
_CHANGED = "promises.changed_here"


def _all_promises_new(case: Case) -> bool:
    """Whether the case has no promise that this call did not write: it opened the case and
    has changed none of its promises yet."""
    return cases.created_here(case) and case.pk not in memo(_CHANGED, set[int])


@service
def recount_next_due(*, case_ids: list[int] | None = None) -> int:
    """Set each case's kept next due time (Case.next_due_at) from its promises again (all
    cases, or `case_ids`): after promises were written past the services (the bulk
    generator), or to repair. How many case rows were written."""
    dated = Promise.objects.filter(owed(), due_at__isnull=False).values("case_id")
    return cases.recount_next_due(due=next_due_subquery(), should_have=dated, case_ids=case_ids)


def policy_for(case: Case) -> Policy | None:
    """The policy a new case gets (see matching.choose_policy), in one query: the policies
    are few, so all of them come with their calendars and whether the customer's contract
    names them."""
    category_ids = []
    node = case.category
    while node is not None:
        category_ids.append(node.pk)
        node = node.parent
    policies, contracted = policies_with_calendars(case.customer_id)
    # The default one is among them: the queues' calendar needs no query of its own.
    remember(DEFAULT_POLICY, next((p for p in policies.values() if p.is_default), None))
    chosen = matching.choose_policy(
        [
            matching.PolicyFacts(p.pk, p.category_id, p.priority, p.channel, p.is_default)
            for p in policies.values()
        ],
        contract_policy_id=contracted,
        category_ids=category_ids,
        priority=case.priority,
        channel=case.channel,
    )
    return policies.get(chosen) if chosen else None


def terms_for(case: Case) -> Policy | None:
    terms = CaseTerms.objects.filter(case=case).select_related("policy").first()
    return terms.policy if terms else None


def warn_time(
    start: datetime, left: timedelta, budget: timedelta | None, calendar=None
) -> datetime:
    """When a promise warns: once FAIRDESK_WARN_AT_PERCENT of its budget is used, i.e. when
    only the rest of it is `left` after `start` (business time on `calendar` when given).

    The one formula for every promise: a new clock (left == budget), an agent's promise
    (budget: the time until it is due), a clock running again after a pause."""
    rest = budget * (1 - warn_share()) if budget else timedelta(0)
    before = max(left - rest, timedelta(0))
    if calendar is not None:
        return businesstime.add(calendar.business(), start, before)
    return start + before


def _plain_warn_at(start: datetime, due: datetime) -> datetime:
    return warn_time(start, due - start, due - start)


def clock_terms(policy: Policy, kind: str) -> tuple[timedelta, Calendar] | None:
    """The budget and calendar of the policy's promise of `kind` (None: no target)."""
    budgets: dict[str, timedelta | None] = {
        Kind.FIRST_RESPONSE: policy.first_response,
        Kind.NEXT_RESPONSE: policy.next_response,
        Kind.RESOLUTION: policy.resolution,
    }
    budget = budgets[kind]
    if budget is None:
        return None
    calendar = policy.calendar
    if kind == Kind.RESOLUTION and policy.resolution_calendar is not None:
        calendar = policy.resolution_calendar
    return budget, calendar


def clock_due(policy: Policy, kind: str, start: datetime) -> datetime | None:
    """When the policy's promise of `kind` started at `start` falls due (None: no target):
    the rule every clock promise is made by (the simulator's replay uses it too)."""
    terms = clock_terms(policy, kind)
    if terms is None:
        return None
    budget, calendar = terms
    return businesstime.add(calendar.business(), start, budget)


def _clock_promise(case: Case, policy: Policy, kind: str, start: datetime) -> Promise | None:
    """The policy's promise of `kind` starting at `start`, not saved yet (None: no target)."""
    terms = clock_terms(policy, kind)
    if terms is None:
        return None
    budget, calendar = terms
    due = businesstime.add(calendar.business(), start, budget)
    return Promise(
        case=case,
        kind=kind,
        due_at=due,
        policy=policy,
        calendar=calendar,
        budget=budget,
        started_at=start,
        warn_at=warn_time(start, budget, budget, calendar),
        created_at=clock.now(),
    )


@service
def start_clock(*, case: Case, policy: Policy, kind: str, start: datetime) -> Promise | None:
    """Open the policy's promise of `kind` (first response, next response, resolution)."""
    promise = _clock_promise(case, policy, kind, start)
    if promise is None:
        return None
    try:
        with transaction.atomic():  # a savepoint: the constraint may refuse it
            promise.save(force_insert=True)
    except IntegrityError:
        return None  # one is already pending: the clock already runs
    _entry(promise, "made")
    return promise


def new_case_clock_promises(case: Case, policy: Policy, start: datetime) -> list[Promise]:
    """A new case's first-response and resolution promises, not saved yet."""
    return [
        promise
        for kind in (Kind.FIRST_RESPONSE, Kind.RESOLUTION)
        if (promise := _clock_promise(case, policy, kind, start)) is not None
    ]


@service
def start_new_case_clocks(
    *, case: Case, policy: Policy, start: datetime, prepared: list[Promise] | None = None
) -> list[Promise]:
    """A new case's first-response and resolution promises, written together: a case just
    opened has no pending promise yet, so no constraint can refuse them. `prepared`: those
    promises, made before the case's row was written with their earliest due time."""
    promises = new_case_clock_promises(case, policy, start) if prepared is None else prepared
    if not promises:
        return []
    all_new = _all_promises_new(case)
    sql.insert_all(promises)
    cases.record_events(case=case, events=[_event(promise, "made") for promise in promises])
    made = promises if all_new else None
    _promises_changed(case, all_made=made, row_due=prepared is not None)
    return promises


@service
def make_promise(
    *,
    case: Case,
    agent: User,
    kind: str,
    due_at: datetime,
    window_start: datetime | None = None,
    description: str = "",
    reason: str = "",
    visible: bool = True,
    outside_business_hours: bool = False,
) -> Promise:
    """An agent's promise: a callback, a technician window, a refund date, or free text.

    A time the case's business calendar has closed (03:00 on Christmas Day) is refused
    unless the agent confirms it with `outside_business_hours`; a new promise of a kind
    makes up for a broken one of that kind."""
    if kind not in AGENT_KINDS:
        raise DomainError(
            _("Agents cannot make promises of kind %(k)r.") % {"k": kind}, field="kind"
        )
    description = one_line(description, 500)
    if kind == Kind.CUSTOM and not description:
        raise DomainError(_("Say what is promised."), field="description")
    if due_at.tzinfo is None:
        raise DomainError(_("Give the time with its time zone."), field="due_at")
    now = clock.now()
    if due_at <= now:
        raise DomainError(_("A promise must be due in the future."), field="due_at")
    if window_start is not None and window_start > due_at:
        raise DomainError(_("The window must start before it ends."), field="window_start")
    if kind == Kind.APPOINTMENT and window_start is None:
        raise DomainError(_("An appointment needs a time window."), field="window_start")
    _check_horizon(due_at, now)
    if not outside_business_hours and kind != Kind.CANCELLATION_EFFECTIVE:
        _check_business_hours(case, window_start, due_at)
    promise = Promise.objects.create(
        case=case,
        kind=kind,
        description=description,
        due_at=due_at,
        window_start=window_start,
        visible=visible,
        made_by=agent,
        reason=(reason or "").strip()[:1000],
        started_at=now,
        warn_at=_plain_warn_at(now, due_at),
        created_at=now,
    )
    _entry(promise, "made", agent=agent, reason=promise.reason)
    for broken in owed_broken(case, kind).exclude(pk=promise.pk):
        catch_up(promise=broken, agent=agent)
    return promise


def _check_horizon(due_at: datetime, now: datetime) -> None:
    horizon = settings.FAIRDESK_PROMISE_HORIZON_DAYS
    if due_at > now + timedelta(days=horizon):
        raise DomainError(
            _("A promise can be due at most %(n)s days ahead.") % {"n": horizon}, field="due_at"
        )


def _check_business_hours(case: Case, window_start: datetime | None, due_at: datetime) -> None:
    """Refuse a time the case's calendar has closed (the agent may confirm it instead)."""
    policy = terms_for(case) or policy_for(case)
    if policy is None:
        return
    calendar = policy.calendar.business()
    # The window's start and the last minute before its end (a window may end at closing).
    moments = [m for m in (window_start, due_at - timedelta(minutes=1)) if m is not None]
    closed = next((m for m in moments if not businesstime.is_open(calendar, m)), None)
    if closed is not None:
        at_start = window_start is not None and closed == window_start
        raise DomainError(
            _(
                "%(when)s is outside business hours (%(calendar)s). Choose another time, "
                "or confirm that the promise is meant for outside business hours."
            )
            % {
                "when": when(window_start if at_start else due_at),
                "calendar": policy.calendar.name,
            },
            field="window_start" if at_start else "due_at",
        )


def _settle(promise: Promise, state: str, **extra) -> bool:
    """Move a pending promise to `state`; False when someone else settled it first."""
    now = clock.now()
    values = {"state": state, "settled_at": now} | extra
    fields = [Promise._meta.get_field(name) for name in values]
    params = [
        field.get_db_prep_save(value, connection)
        for field, value in zip(fields, values.values(), strict=True)
        if isinstance(field, Field)
    ]
    done = sql.execute(_settle_statement(tuple(values)), [*params, promise.pk, State.PENDING])
    if done:
        promise.state, promise.settled_at = state, now
        for name, value in extra.items():
            setattr(promise, name, value)
    return bool(done)


@functools.cache
def _settle_statement(names: tuple[str, ...]) -> str:
    # A fixed statement per set of columns: every reply settles a promise.
    columns = ", ".join(f"{Promise._meta.get_field(name).column} = %s" for name in names)
    return f"UPDATE {Promise._meta.db_table} SET {columns} WHERE id = %s AND state = %s"  # noqa: S608


@service
def keep_promise(*, promise: Promise, agent: User | None = None, note: str = "") -> bool:
    """The promise was kept (by a reply, a resolution, or an agent saying so)."""
    if not _settle(promise, State.KEPT):
        return False
    _entry(promise, "kept", agent=agent, note=note)
    return True


@service
def hand_over_to_steps(*, case: Case, answered: bool, on_returns: str = "") -> None:
    """A process runs on `case` (a cancellation, an activation, a return): its dated steps
    are the promises from now on. The policy's fix-by promise is withdrawn (told to the
    customer), since the process ends weeks later as planned; when the process has already
    answered the customer (the confirmation mailed at once), that answer keeps the response
    owed (the first, or the next one after a second declaration). `on_returns`: no process
    runs here, as everything a withdrawal covers is on these returns already (their
    numbers), whose steps refund it; the fix-by promise is withdrawn saying so."""
    because = (
        {"reason_code": ALREADY_ON_RETURN, "reason_ref": on_returns}
        if on_returns
        else {"reason_code": PROCESS_STEPS}
    )
    clocks = Promise.objects.filter(case=case, state=State.PENDING, kind__in=CLOCK_KINDS)
    for promise in clocks:
        if promise.kind == Kind.RESOLUTION:
            withdraw_promise(promise=promise, agent=None, **because)
        elif answered:
            keep_promise(promise=promise)


@service
def withdraw_promise(
    *,
    promise: Promise,
    agent: User | None,
    reason: str = "",
    reason_code: str = "",
    reason_ref: str = "",
) -> Promise:
    """Take a promise back; it needs a reason, which the customer is told. fairdesk itself
    gives a `reason_code` (SYSTEM_REASONS), so the timeline says it in each reader's language."""
    if reason_code:
        reason = system_reason(reason_code, reason_ref)
    reason = one_line(reason, 1000)
    if not reason:
        raise DomainError(_("Say why the promise is withdrawn."), field="reason")
    if not _settle(promise, State.WITHDRAWN, reason=reason):
        raise Conflict(_("The promise is already %(s)s.") % {"s": promise.state}, field="state")
    codes = {"reason_code": reason_code, "reason_ref": reason_ref} if reason_code else {}
    _entry(promise, "withdrawn", agent=agent, reason=reason, **codes)
    return promise


@service
def promise_later(
    *, promise: Promise, due_at: datetime, reason_code: str, reason_ref: str = ""
) -> bool:
    """fairdesk makes a pending promise for a later date than its terms give, because it
    knows the earlier one will not hold (the queue's honest prediction at intake); the
    reason is a SYSTEM_REASONS code, said in each reader's language. False when the promise
    is no longer pending and running, or already due by then."""
    if reason_code not in SYSTEM_REASONS:
        raise DomainError(_("Say why the promise is moved."), field="reason")
    if promise.due_at is None or due_at <= promise.due_at:
        return False
    warn_at = _plain_warn_at(clock.now(), due_at)
    moved = Promise.objects.filter(
        pk=promise.pk, state=State.PENDING, paused_since__isnull=True
    ).update(due_at=due_at, warn_at=warn_at)
    if not moved:
        return False
    promise.due_at, promise.warn_at = due_at, warn_at
    _entry(promise, "moved", reason_code=reason_code, reason_ref=reason_ref)
    return True


@service
def mark_kept_by_agent(*, promise: Promise, agent: User, note: str = "") -> Promise:
    if not keep_promise(promise=promise, agent=agent, note=note):
        raise Conflict(_("The promise is already %(s)s.") % {"s": promise.state}, field="state")
    return promise


@service
def break_promise(*, promise: Promise) -> bool:
    """Claim the breach of an overdue promise; only the caller that wins acts on it."""
    if not _settle(promise, State.BROKEN):
        return False
    _entry(promise, "broken")
    return True


@service
def catch_up(*, promise: Promise, agent: User | None = None) -> bool:
    """A broken promise is made up for (late): it stops leading the queue as overdue."""
    now = clock.now()
    if not Promise.objects.filter(
        pk=promise.pk, state=State.BROKEN, caught_up_at__isnull=True
    ).update(caught_up_at=now):
        return False
    promise.caught_up_at = now
    _entry(
        promise,
        "caught_up",
        _("Made up for late: %(what)s.") % {"what": promise_label(promise)},
        agent=agent,
    )
    return True


def owed_broken(case: Case, *kinds: str):
    """The case's broken promises (of `kinds`, else all) not yet made up for."""
    broken = Promise.objects.filter(case=case, state=State.BROKEN, caught_up_at__isnull=True)
    return broken.filter(kind__in=kinds) if kinds else broken


@service
def pause_clocks(*, case: Case) -> int:
    """The case waits on the customer: stop its running policy clocks (the time left is kept)."""
    now = clock.now()
    paused = 0
    running = Promise.objects.select_for_update(of=("self",)).filter(
        case=case, state=State.PENDING, kind__in=CLOCK_KINDS, paused_since__isnull=True
    )
    for promise in running.select_related("calendar"):
        left = promise.left_at(now)
        if left is None or left <= timedelta(0):
            continue  # already overdue: the watch breaks it, waiting does not excuse it
        Promise.objects.filter(pk=promise.pk).update(paused_since=now, remaining=left, due_at=None)
        promise.paused_since, promise.remaining, promise.due_at = now, left, None
        _entry(promise, "paused", remaining_seconds=int(left.total_seconds()))
        paused += 1
    return paused


@service
def resume_clocks(*, case: Case, quietly: bool = False) -> int:
    """The customer answered (or the wait is over): paused clocks run on with the time left.
    `quietly`: the wait ends because the case is resolved or closed, which settles them at
    once; their due times are set (a promise is settled in time or not by them) but the
    timeline says nothing of a clock that stops again the same moment."""
    now = clock.now()
    resumed = 0
    paused = Promise.objects.select_for_update(of=("self",)).filter(
        case=case, state=State.PENDING, paused_since__isnull=False
    )
    for promise in paused.select_related("calendar"):
        assert promise.remaining is not None  # a paused promise keeps the time it had left
        due = businesstime.add(promise.calendar.business(), now, promise.remaining)
        warn_at = warn_time(now, promise.remaining, promise.budget, promise.calendar)
        Promise.objects.filter(pk=promise.pk).update(
            paused_since=None, remaining=None, due_at=due, warn_at=warn_at
        )
        promise.paused_since, promise.remaining, promise.due_at = None, None, due
        if not quietly:
            _entry(promise, "resumed")
        resumed += 1
    if quietly and resumed:
        _promises_changed(case)
    return resumed


@service
def warn(*, promise: Promise) -> bool:
    """Claim the warning before a breach; the winner records it and tells owner and lead."""
    if not Promise.objects.filter(
        pk=promise.pk, state=State.PENDING, warned_at__isnull=True
    ).update(warned_at=clock.now()):
        return False
    case = promise.case
    facts = {"promise": promise.pk, "event": "warned"} | promise.facts()
    entry = cases.record_event(case=case, kind=EntryKind.SYSTEM, data=facts, audit="promise.warned")
    _notify(_owner_and_lead(case), notices.WARNED, promise)
    # The owner's desk notification (fairdesk.notifications) reacts to this.
    case_event(case=case, event=Event.PROMISE_AT_RISK, entry=entry, promise=facts)
    return True


@service
def escalate(*, promise: Promise) -> bool:
    """After a breach: priority up, the lead told, the case moved to the escalation team."""
    if not Promise.objects.filter(pk=promise.pk, escalated_at__isnull=True).update(
        escalated_at=clock.now()
    ):
        return False
    case = Case.objects.select_related("assignee", "team__lead", "team__escalation_team__lead").get(
        pk=promise.case_id
    )
    # Tell who had the case and its lead, and the lead of where it goes, before it moves.
    target = case.team.escalation_team
    people = [case.assignee, case.team.lead, target.lead if target else None]
    _subject, reason = notices.texts(
        notices.ESCALATED, promise=promise, reference=case.reference, due_at=promise.due_at
    )
    # The text is kept for the audit log; the timeline says it from `because`.
    because = {"promise": promise.pk, "event": "escalated"} | promise.facts()
    if case.priority in PRIORITY_UP:
        cases.change_priority(
            case=case,
            agent=None,
            priority=PRIORITY_UP[case.priority],
            reason=reason,
            because=because,
        )
    if target is not None and target.pk != case.team_id:
        cases.hand_over(case=case, agent=None, to_team=target, note=reason, because=because)
    cases.record_event(
        case=case,
        kind=EntryKind.SYSTEM,
        data={"promise": promise.pk, "event": "escalated"} | promise.facts(),
        audit="promise.escalated",
    )
    _notify(people, notices.ESCALATED, promise)
    return True


def _owner_and_lead(case: Case) -> list:
    case = Case.objects.select_related("assignee", "team__lead").get(pk=case.pk)
    return [case.assignee, case.team.lead]


def _notify(people: list, event: str, promise: Promise) -> None:
    """Mail `people` (None entries skipped) about `event` once the transaction has committed;
    the task writes each mail in its reader's language."""
    from fairdesk.promises.tasks import notify_people

    user_ids = sorted({u.pk for u in people if u is not None})
    due = promise.due_at.isoformat() if promise.due_at else None
    if user_ids:
        transaction.on_commit(
            lambda: notify_people.enqueue(
                user_ids=user_ids, event=event, promise_id=promise.pk, due_at=due
            )
        )


@service
def promise_step(
    *,
    case: Case,
    kind: str,
    due_at: datetime,
    description: str,
    visible: bool = True,
    policy: Policy | None = None,
) -> Promise:
    """A process step's promise (fairdesk.processes): made by the system, dated by the
    process definition. A date already passed is refused: nobody may promise the past.
    `policy`: the case's terms when the caller has them already (several steps at once)."""
    now = clock.now()
    if due_at <= now:
        raise DomainError(_("A promise must be due in the future."), field="due_at")
    promise = Promise.objects.create(
        case=case,
        kind=kind,
        description=one_line(description, 500),
        due_at=due_at,
        visible=visible,
        policy=policy or terms_for(case),
        started_at=now,
        warn_at=_plain_warn_at(now, due_at),
        created_at=now,
    )
    _entry(promise, "made")
    return promise


CONTRACT_FIELDS = (
    "product",
    "monthly_fee_cents",
    "concluded_on",
    "starts_on",
    "minimum_term_months",
    "notice",
    "notice_unit",
    "at_month_end",
)


@service
def save_contract(*, customer, number: str, policy: Policy | None = None, **terms) -> Contract:
    """Create or update the contract with `number` (imports and the API call this)."""
    number = (number or "").strip()
    if not number:
        raise DomainError(_("A contract needs its number."), field="number")
    unknown = set(terms) - set(CONTRACT_FIELDS)
    if unknown:
        raise DomainError(_("Unknown contract fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    contract = Contract.objects.select_for_update().filter(number=number).first()
    if contract is not None and contract.customer_id != customer.pk:
        raise Conflict(
            _("Contract %(n)s belongs to another customer.") % {"n": number}, field="number"
        )
    contract = contract or Contract(customer=customer, number=number)
    if policy is not None:
        contract.policy = policy
    for name, value in terms.items():
        setattr(contract, name, value)
    try:
        contract.full_clean(exclude=["customer", "policy"], validate_unique=False)
    except ValidationError as error:
        field, problems = next(iter(error.message_dict.items()))
        raise DomainError(f"{field}: {problems[0]}", field=field) from None
    contract.save()
    return contract


@service
def end_contract(*, contract: Contract, state: str, ends_on) -> Contract:
    """Record that the contract was cancelled (ends on `ends_on`), ended or withdrawn from."""
    Contract.objects.filter(pk=contract.pk).update(state=state, ends_on=ends_on)
    contract.state, contract.ends_on = state, ends_on
    return contract


# Admins' changes to calendars, policies and compensation rules live beside these.
from fairdesk.promises.configuration import (  # noqa: E402, F401
    CalendarSpec,
    PolicySpec,
    add_compensation_rule,
    compensation_rule,
    preview_due,
    remove_compensation_rule,
    save_calendar,
    save_policy,
    spec_of,
)
