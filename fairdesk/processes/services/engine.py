"""The process engine: start a definition on a case, and move its steps, each step's promise
made, kept or withdrawn through fairdesk.promises.services."""

from collections.abc import Collection, Mapping
from datetime import date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as holiday_tables
from django.conf import settings
from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from fairdesk.cases import services as cases
from fairdesk.cases.models import Case
from fairdesk.lib import clock
from fairdesk.lib.dates import day_text
from fairdesk.lib.errors import Conflict, DomainError
from fairdesk.lib.transactions import service
from fairdesk.processes.definitions import definition, plan, plan_step
from fairdesk.processes.models import Process, ProcessState, Step, StepState
from fairdesk.processes.services.notify import customer_language, tell_customer
from fairdesk.processes.texts import facts, process_text
from fairdesk.promises import businesstime
from fairdesk.promises import services as promises
from fairdesk.promises.models import Calendar, Policy, Promise, State
from fairdesk.promises.selectors import default_policy


def zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def today() -> date:
    return clock.now().astimezone(zone()).date()


def end_of(day: date) -> datetime:
    """A step due on `day` is kept if done by the end of that day, local time."""
    return datetime.combine(day, time(23, 59), tzinfo=zone())


@lru_cache(maxsize=16)
def _holiday_table(country: str, subdivision: str, year: int) -> frozenset[date]:
    return frozenset(
        holiday_tables.country_holidays(country, subdiv=subdivision or None, years=year)
    )


def holidays(around: date) -> frozenset[date]:
    """Public holidays for working-day counts: the default policy's calendar decides where
    (Germany when it names no country), this year and next."""
    policy = Policy.objects.filter(is_default=True).select_related("calendar").first()
    calendar: Calendar | None = policy.calendar if policy else None
    country = (calendar.country if calendar else "") or "DE"
    subdivision = calendar.subdivision if calendar else ""
    return _holiday_table(country, subdivision, around.year) | _holiday_table(
        country, subdivision, around.year + 1
    )


def _working_day_from(case: Case, day: date) -> date:
    """`day` when the case's calendar (its policy's, else the default one's) is open on it,
    else the next day it is open."""
    policy = promises.terms_for(case) or default_policy()
    calendar = policy.calendar.business() if policy else businesstime.STANDARD
    local = ZoneInfo(calendar.tz)
    midnight = datetime.combine(day, time.min, tzinfo=local)
    return businesstime.next_open(calendar, midnight).astimezone(local).date()


def _dates(process: Process) -> dict[str, date]:
    return {name: date.fromisoformat(value) for name, value in process.dates.items()}


def _done_on(steps: list[Step]) -> dict[str, date]:
    return {s.key: s.done_at.astimezone(zone()).date() for s in steps if s.done_at is not None}


def _promise(
    process: Process, step: Step, due_on: date, policy: Policy | None = None
) -> Promise | None:
    spec = definition(process.definition).step(step.key)
    if not spec.promise_kind:
        return None
    return promises.promise_step(
        case=process.case,
        kind=spec.promise_kind,
        due_at=end_of(due_on),
        description=str(spec.label),
        policy=policy,
    )


def _replan(process: Process, steps: list[Step]) -> None:
    """Date the open steps that can be dated now, and promise them."""
    spec = definition(process.definition)
    started_on = process.started_at.astimezone(zone()).date()
    due = plan(
        spec,
        started_on=started_on,
        dates=_dates(process),
        done_on=_done_on(steps),
        holidays=holidays(started_on),
    )
    ready = [
        (step, first_day)
        for step in steps
        if step.state == StepState.OPEN
        and step.due_on is None
        and (first_day := due[step.key]) is not None
    ]
    # The case's terms, read once for all the promises made here (not once per step).
    policy = promises.terms_for(process.case) if len(ready) > 1 else None
    for step, first_day in ready:
        # A step counted from an earlier day may already be due: never before today.
        step.due_on = max(first_day, today())
        step.promise = _promise(process, step, step.due_on, policy)
        Step.objects.filter(pk=step.pk).update(due_on=step.due_on, promise=step.promise)


@service
def start_process(
    *,
    case: Case,
    key: str,
    contract=None,
    order=None,
    dates: Mapping[str, date] | None = None,
    skip: Collection[str] = (),
) -> Process:
    """Start definition `key` on `case`: a step for each of its steps but those in `skip`,
    each dated and promised as far as the dates are known."""
    spec = definition(key)
    process = Process.objects.create(
        case=case,
        definition=key,
        contract=contract,
        order=order,
        dates={name: day.isoformat() for name, day in (dates or {}).items()},
        started_at=clock.now(),
    )
    steps = Step.objects.bulk_create(
        Step(process=process, key=step.key, position=index)
        for index, step in enumerate(s for s in spec.steps if s.key not in skip)
    )
    _replan(process, steps)
    cases.record_event(
        case=case,
        public=True,
        data=facts("started", process=process.pk, definition=key),
        audit="process.started",
    )
    return process


def _open_step(process: Process, key: str) -> Step:
    step = Step.objects.select_related("promise").filter(process=process, key=key).first()
    if step is None:
        raise DomainError(_("This process has no step %(k)r.") % {"k": key}, field="step")
    return step


@service
def complete_step(
    *, process: Process, key: str, agent: User | None = None, via: str = "agent"
) -> Step:
    """Step `key` is done: its promise is kept, the steps counting from it are dated, and
    the process is done when no step is left open. Done twice is refused."""
    step = _open_step(process, key)
    now = clock.now()
    if not Step.objects.filter(pk=step.pk, state=StepState.OPEN).update(
        state=StepState.DONE, done_at=now, done_by=agent, done_via=via
    ):
        raise Conflict(_("This step is already done."), field="step")
    step.state, step.done_at = StepState.DONE, now
    if step.promise is not None and step.promise.state == State.PENDING:
        promises.keep_promise(promise=step.promise, agent=agent)
    cases.record_event(
        case=process.case,
        public=True,
        agent=agent,
        data=facts(
            "step_done", process=process.pk, definition=process.definition, step=key, via=via
        ),
        audit="process.step_done",
    )
    steps = list(process.steps.all())
    _replan(process, steps)
    if all(s.state != StepState.OPEN for s in steps):
        Process.objects.filter(pk=process.pk).update(state=ProcessState.DONE, done_at=now)
        process.state = ProcessState.DONE
    return step


@service
def skip_step(*, process: Process, key: str, agent: User | None, reason: str) -> Step:
    """A step that no longer applies (no device to return): its promise is withdrawn."""
    step = _open_step(process, key)
    if not Step.objects.filter(pk=step.pk, state=StepState.OPEN).update(state=StepState.SKIPPED):
        raise Conflict(_("This step is already done."), field="step")
    if step.promise is not None and step.promise.state == State.PENDING:
        promises.withdraw_promise(promise=step.promise, agent=agent, reason=reason)
    step.state = StepState.SKIPPED
    return step


@service
def set_date(*, process: Process, name: str, day: date, replan: bool = True) -> Process:
    """A date the process waited for is known (the end date once the contract is found).
    `replan=False` when a step is completed next, which dates the steps anyway."""
    process.dates = {**process.dates, name: day.isoformat()}
    Process.objects.filter(pk=process.pk).update(dates=process.dates)
    if replan:
        _replan(process, list(process.steps.all()))
    return process


def _move_followers(process: Process, delayed: Step, *, reason: str, agent: User | None) -> None:
    """Steps counted from a delayed step's day move with it, later only (the line is
    activated on the switch date, so a later switch makes a later activation): each old
    promise is withdrawn with the delay's reason and a new one made."""
    spec = definition(process.definition)
    steps = {step.key: step for step in process.steps.select_related("promise")}
    steps[delayed.key] = delayed
    days_off = holidays(delayed.due_on or today())
    for follower in spec.steps:  # in order: a follower's follower sees its new day
        step = steps.get(follower.key)
        before = steps.get(follower.after) if follower.after else None
        if follower.after_done or before is None or before.due_on is None or step is None:
            continue
        if step.state != StepState.OPEN or step.due_on is None:
            continue
        day = plan_step(follower, before.due_on, days_off)
        if day <= step.due_on:
            continue
        if step.promise is not None and step.promise.state == State.PENDING:
            promises.withdraw_promise(promise=step.promise, agent=agent, reason=reason)
        step.due_on, step.promise = day, _promise(process, step, day)
        Step.objects.filter(pk=step.pk).update(due_on=day, promise=step.promise)


@service
def delay_step(
    *, process: Process, key: str, due_on: date, reason: str, agent: User | None
) -> Step:
    """Tell the customer, before the date passes, that a step will be late: the new date
    and why. After the date it is too late for that: the promise is broken."""
    reason = " ".join((reason or "").split())[:500]
    if not reason:
        raise DomainError(_("Say why the step is late."), field="reason")
    step = _open_step(process, key)
    if step.state != StepState.OPEN:
        raise Conflict(_("This step is already done."), field="step")
    if step.due_on is not None and step.due_on < today():
        raise Conflict(
            _("The date has passed; the promise was broken. Make a new promise instead."),
            field="due_on",
        )
    if due_on <= today() or (step.due_on is not None and due_on <= step.due_on):
        raise DomainError(_("The new date must be later than the old one."), field="due_on")
    working = _working_day_from(process.case, due_on)
    if working != due_on:  # the customer is promised the day: one the team works on
        raise DomainError(
            _("%(day)s is not a working day. The next working day is %(next)s.")
            % {"day": day_text(due_on), "next": day_text(working)},
            field="due_on",
        )
    if step.promise is not None and step.promise.state == State.PENDING:
        promises.withdraw_promise(promise=step.promise, agent=agent, reason=reason)
    step.due_on, step.delay_reason = due_on, reason
    step.promise = _promise(process, step, due_on)
    Step.objects.filter(pk=step.pk).update(due_on=due_on, delay_reason=reason, promise=step.promise)
    _move_followers(process, step, reason=reason, agent=agent)
    data = facts(
        "delayed",
        process=process.pk,
        definition=process.definition,
        step=key,
        due_on=due_on.isoformat(),
        reason=reason,
    )
    with customer_language(process.case):  # the mail says what the timeline entry says
        body = process_text(data)
    tell_customer(case=process.case, body=body, data=data, audit="process.step_delayed")
    return step


@service
def expedite_step(*, process: Process, key: str, agent: User, reason: str) -> Step:
    """An agent puts a step ahead of the queue: allowed, but only with a reason, which is
    audited (the fairness report counts expedites)."""
    reason = " ".join((reason or "").split())[:500]
    if not reason:
        raise DomainError(_("Say why this step is expedited."), field="reason")
    step = _open_step(process, key)
    if step.state != StepState.OPEN:
        raise Conflict(_("This step is already done."), field="step")
    now = clock.now()
    Step.objects.filter(pk=step.pk).update(expedited_at=now, expedite_reason=reason)
    step.expedited_at, step.expedite_reason = now, reason
    cases.record_event(
        case=process.case,
        agent=agent,
        data=facts(
            "expedited",
            process=process.pk,
            definition=process.definition,
            step=key,
            reason=reason,
        ),
        audit="process.expedited",
    )
    return step
