"""Callbacks beyond a chosen window: "as soon as possible, keep my place", the calls tried
for a booking (how many and how far apart: settings), and the team's callback capacity.

An "as soon as possible" booking has no window: its callback promise is due when the case's
own next promise is, so the call comes up exactly where the case already stands in the queue
order, and a missed date breaks it through the same watch, escalation and compensation.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from fairdesk.accounts.models import AccountEvent, Customer, Team
from fairdesk.cases import services as cases
from fairdesk.cases.models import UNRESOLVED, Case
from fairdesk.lib import clock
from fairdesk.lib.dates import moment_text
from fairdesk.lib.errors import Conflict, DomainError, NotAllowed
from fairdesk.lib.transactions import service
from fairdesk.promises import services as promises
from fairdesk.promises.models import Kind, Promise
from fairdesk.promises.selectors import next_due
from fairdesk.queues.models import BookingState, CallbackBooking, CallbackSlot, TeamRules

MAX_SEATS = 50


def _phone(phone: str) -> str:
    phone = " ".join((phone or "").split())[:50]
    if len(phone) < 5:
        raise DomainError(_("Give the number we should call."), field="phone")
    return phone


@service
def book_callback_asap(*, case: Case, customer: Customer, phone: str) -> CallbackBooking:
    """A call as soon as it is the case's turn, keeping its place in the queue order."""
    if case.customer_id != customer.pk:
        raise NotAllowed(_("This is not your case."))
    phone = _phone(phone)
    if case.status not in UNRESOLVED or case.merged_into_id:
        raise Conflict(_("This case is closed: open a new request instead."))
    if CallbackBooking.objects.filter(case=case, state=BookingState.BOOKED).exists():
        raise Conflict(_("A callback is already booked for this case."), field="phone")
    place = next_due([case.pk]).get(case.pk)
    now = clock.now()
    if place is None or place.due_at <= now:
        raise DomainError(_("Please choose a window: this case has no place to keep."))
    promise = promises.make_promise(
        case=case,
        agent=None,  # type: ignore[arg-type]  # the customer booked it, no agent
        kind=Kind.CALLBACK,
        due_at=place.due_at,
        description=_("a call back to %(phone)s") % {"phone": phone},
        # The case's own due time, counted on its calendar already. One that falls just
        # after an opening (the answer's hours ran out at the previous closing) would fail
        # the check made for times people choose, which wants the minute before it open.
        outside_business_hours=True,
    )
    return CallbackBooking.objects.create(
        case=case, phone=phone, promise_id=promise.pk, created_at=now
    )


def _attempt_facts(booking: CallbackBooking, reached: bool) -> dict:
    return {"callback": booking.pk, "attempt": booking.attempts + 1, "reached": reached}


@service
def record_call_attempt(
    *, booking: CallbackBooking, agent: User, reached: bool, note: str
) -> CallbackBooking:
    """The agent called the customer back: a call entry on the timeline, and the booking
    done when they were reached or after the last try (FAIRDESK_CALLBACK_ATTEMPTS), else
    the next try FAIRDESK_CALLBACK_RETRY_MINUTES later."""
    booking = CallbackBooking.objects.select_for_update().select_related("case").get(pk=booking.pk)
    now = clock.now()
    if booking.state != BookingState.BOOKED:
        raise Conflict(_("This callback is no longer open."))
    if booking.next_attempt_at is not None and now < booking.next_attempt_at:
        raise Conflict(
            _("The next try is due from %(when)s.") % {"when": moment_text(booking.next_attempt_at)}
        )
    if not (note or "").strip():
        raise DomainError(_("Say how the call went."), field="note")
    cases.record_call(
        case=booking.case,
        agent=agent,
        body=note,
        direction="outbound",
        facts=_attempt_facts(booking, reached),
    )
    booking.attempts += 1
    last = booking.attempts >= settings.FAIRDESK_CALLBACK_ATTEMPTS
    if reached or last:
        booking.state = BookingState.CALLED if reached else BookingState.UNREACHED
        booking.next_attempt_at = None
        promise = Promise.objects.select_related("case").get(pk=booking.promise_id)
        # Not reached after every try is still the call we promised: it was made.
        promises.keep_promise(promise=promise, agent=agent)
    else:
        booking.next_attempt_at = now + timedelta(minutes=settings.FAIRDESK_CALLBACK_RETRY_MINUTES)
    CallbackBooking.objects.filter(pk=booking.pk).update(
        attempts=booking.attempts, state=booking.state, next_attempt_at=booking.next_attempt_at
    )
    return booking


def _seats(seats: int) -> int:
    if seats < 0 or seats > MAX_SEATS:
        raise DomainError(
            _("Between 0 and %(n)s callbacks per window.") % {"n": MAX_SEATS}, field="seats"
        )
    return seats


@service
def set_callback_seats(*, team: Team, by: User, seats: int) -> TeamRules:
    """A lead sets how many customers the team calls back in one window (new windows)."""
    rules, _made = TeamRules.objects.get_or_create(team=team)
    TeamRules.objects.filter(pk=rules.pk).update(callback_seats=_seats(seats))
    rules.callback_seats = seats
    AccountEvent.objects.create(
        at=clock.now(),
        actor=by,
        action="queues.callback_seats",
        data={"team": team.name, "seats": seats},
    )
    return rules


@service
def set_window_seats(
    *, team: Team, by: User, starts_at: datetime, minutes: int, seats: int
) -> CallbackSlot:
    """A lead sets one window's places (more staff that hour, or none); never fewer than
    are booked already."""
    if starts_at.minute not in (0, 30) or starts_at.second or minutes != 30:
        raise DomainError(_("A window starts on the hour or the half hour."), field="starts_at")
    slot, _made = CallbackSlot.objects.get_or_create(
        team=team, starts_at=starts_at, minutes=minutes, defaults={"seats": _seats(seats)}
    )
    slot = CallbackSlot.objects.select_for_update().get(pk=slot.pk)
    booked = slot.bookings.filter(state=BookingState.BOOKED)
    highest = max(booked.values_list("seat", flat=True), default=0)
    if _seats(seats) < highest:
        raise Conflict(
            _("%(n)s places are booked in this window: cancel bookings first.") % {"n": highest},
            field="seats",
        )
    CallbackSlot.objects.filter(pk=slot.pk).update(seats=seats)
    slot.seats = seats
    AccountEvent.objects.create(
        at=clock.now(),
        actor=by,
        action="queues.window_seats",
        data={"team": team.name, "starts_at": starts_at.isoformat(), "seats": seats},
    )
    return slot
