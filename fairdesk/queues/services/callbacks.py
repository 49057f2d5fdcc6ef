"""Callback booking instead of hotline waiting: a customer books a window from the team's
calendar and capacity; booking makes a callback promise with that window.

The last seat: each booking takes the lowest free seat number of its window, and the
partial unique key (slot, seat) among booked rows refuses a second booking of the same
seat. Two customers racing for the last seat both pick it; the database lets one in and the
other is told the window is full.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fairdesk.accounts.models import Customer, Team
from fairdesk.cases.models import Case
from fairdesk.lib import clock
from fairdesk.lib.errors import Conflict, DomainError, NotAllowed
from fairdesk.lib.transactions import service
from fairdesk.promises import businesstime
from fairdesk.promises import services as promises
from fairdesk.promises.models import Kind, Promise
from fairdesk.queues.models import BookingState, CallbackBooking, CallbackSlot
from fairdesk.queues.team import calendar_of, rules_of

LENGTHS = (15, 30)
# How far ahead the windows are looked for: past the longest run of closed days (Easter's four,
# Christmas to a weekend).
SEARCH_DAYS = 21
# The team's open days a customer can choose a window from.
OPEN_DAYS = 3


def _check_window(case: Case, starts_at: datetime, minutes: int) -> None:
    if minutes not in LENGTHS:
        raise DomainError(_("A callback window is 15 or 30 minutes."), field="minutes")
    if starts_at <= clock.now():
        raise DomainError(_("Choose a window in the future."), field="starts_at")
    calendar = calendar_of(case.team)
    if calendar is not None:
        ends = starts_at + timedelta(minutes=minutes)
        if businesstime.between(calendar, starts_at, ends) < ends - starts_at:
            raise DomainError(_("The team does not call back at that time."), field="starts_at")


@service
def book_callback(
    *, case: Case, customer: Customer, starts_at: datetime, minutes: int, phone: str
) -> CallbackBooking:
    """Book a seat in a callback window for the customer's case, promising the call."""
    if case.customer_id != customer.pk:
        raise NotAllowed(_("This is not your case."))
    phone = " ".join((phone or "").split())[:50]
    if len(phone) < 5:
        raise DomainError(_("Give the number we should call."), field="phone")
    _check_window(case, starts_at, minutes)
    slot, _made = CallbackSlot.objects.get_or_create(
        team=case.team,
        starts_at=starts_at,
        minutes=minutes,
        defaults={"seats": rules_of(case.team).callback_seats},
    )
    taken = set(
        CallbackBooking.objects.filter(slot=slot, state=BookingState.BOOKED).values_list(
            "seat", flat=True
        )
    )
    free = [seat for seat in range(1, slot.seats + 1) if seat not in taken]
    if not free:
        raise Conflict(_("This window is fully booked. Please choose another."), field="starts_at")
    promise = promises.make_promise(
        case=case,
        agent=None,  # type: ignore[arg-type]  # the customer booked it, no agent
        kind=Kind.CALLBACK,
        window_start=starts_at,
        due_at=starts_at + timedelta(minutes=minutes),
        description=_("a call back to %(phone)s") % {"phone": phone},
    )
    try:
        with transaction.atomic():  # the unique key decides a race for the last seat
            return CallbackBooking.objects.create(
                slot=slot,
                seat=free[0],
                case=case,
                phone=phone,
                promise_id=promise.pk,
                created_at=clock.now(),
            )
    except IntegrityError:
        raise Conflict(
            _("This window was just booked by someone else. Please choose another."),
            field="starts_at",
        ) from None


@service
def cancel_callback(*, booking: CallbackBooking, customer: Customer) -> CallbackBooking:
    """The customer cancels their callback: the seat is free again, the promise withdrawn."""
    if booking.case.customer_id != customer.pk:
        raise NotAllowed(_("This is not your booking."))
    if not CallbackBooking.objects.filter(pk=booking.pk, state=BookingState.BOOKED).update(
        state=BookingState.CANCELLED
    ):
        raise Conflict(_("This callback is already cancelled."))
    booking.state = BookingState.CANCELLED
    promise = Promise.objects.get(pk=booking.promise_id)
    promises.withdraw_promise(promise=promise, agent=None, reason=_("cancelled by the customer"))
    return booking


def free_windows(
    case: Case, *, days: int = OPEN_DAYS, minutes: int = 30
) -> list[tuple[datetime, int]]:
    """The team's bookable windows on its next `days` days with opening hours, with their
    free seats."""
    starts = _window_starts(case.team, days, minutes)
    if not starts:
        return []
    seats = rules_of(case.team).callback_seats
    booked: dict[datetime, int] = {}
    for slot in CallbackSlot.objects.filter(
        team=case.team, minutes=minutes, starts_at__gte=starts[0], starts_at__lte=starts[-1]
    ).prefetch_related("bookings"):
        booked[slot.starts_at] = sum(b.state == BookingState.BOOKED for b in slot.bookings.all())
    return [(start, max(0, seats - booked.get(start, 0))) for start in starts]


def bookable_until(team: Team) -> datetime:
    """The end of the last window a customer can book now (the lead's view reaches as far)."""
    length = max(LENGTHS)
    starts = _window_starts(team, OPEN_DAYS, length)
    return starts[-1] + timedelta(minutes=length) if starts else clock.now()


def _window_starts(team: Team, days: int, minutes: int) -> list[datetime]:
    """The starts of the team's windows on its next `days` days with opening hours: a
    holiday before a weekend (New Year's Day on a Friday, Easter) must not leave a customer
    without a window to choose. The search ends after SEARCH_DAYS."""
    calendar = calendar_of(team)
    zone = ZoneInfo(calendar.tz) if calendar is not None else UTC
    now = clock.now()
    length = timedelta(minutes=minutes)
    starts: list[datetime] = []
    dates: set[date] = set()
    moment = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    while moment < now + timedelta(days=SEARCH_DAYS) and len(starts) < 200:
        if calendar is None or businesstime.between(calendar, moment, moment + length) == length:
            day = moment.astimezone(zone).date()
            if day not in dates and len(dates) == days:
                break
            dates.add(day)
            starts.append(moment)
        moment += length
    return starts
