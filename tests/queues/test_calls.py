"""Calling back: each try is a call entry, tries are spaced and counted, the last one ends
the booking; the lead sets how many callbacks a window holds."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from fairdesk.cases import services as cases
from fairdesk.cases.models import Entry, EntryKind
from fairdesk.lib import clock
from fairdesk.lib.errors import Conflict, DomainError
from fairdesk.promises.models import Promise, State
from fairdesk.promises.presets import ensure_presets
from fairdesk.queues import services as queues
from fairdesk.queues.models import BookingState, CallbackSlot, TeamRules

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def booking(support, kurt):
    ensure_presets()
    case = cases.open_new_case(
        customer=kurt, subject="Rückruf", body="?", channel="portal", team=support
    ).case
    return queues.book_callback_asap(case=case, customer=kurt, phone="+49 30 1234567")


def test_a_call_as_soon_as_possible_keeps_a_place_due_just_after_an_opening(support, kurt):
    """Opened on Monday at 10:00:30, the answer's eight working hours run out 30 seconds
    after Monday's closing, so it is due at 08:00:30 on Tuesday: the callback keeps that
    place (the check for times people choose wants the minute before a due time open, and
    07:59 is not)."""
    ensure_presets()
    with clock.frozen_at(datetime(2027, 3, 1, 10, 0, 30, tzinfo=BERLIN)):
        case = cases.open_new_case(
            customer=kurt, subject="Rückruf", body="?", channel="portal", team=support
        ).case
        first = Promise.objects.get(case=case, kind="first_response")
        assert first.due_at == datetime(2027, 3, 2, 8, 0, 30, tzinfo=BERLIN)
        booked = queues.book_callback_asap(case=case, customer=kurt, phone="030 1234 5")
    assert Promise.objects.get(pk=booked.promise_id).due_at == first.due_at


def test_reached_on_the_first_try_keeps_the_promise(booking, ada):
    done = queues.record_call_attempt(booking=booking, agent=ada, reached=True, note="Geklärt.")
    assert done.state == BookingState.CALLED and done.attempts == 1
    assert Promise.objects.get(pk=booking.promise_id).state == State.KEPT
    call = Entry.objects.get(case=booking.case, kind=EntryKind.CALL)
    assert call.data == {
        "direction": "outbound",
        "callback": booking.pk,
        "attempt": 1,
        "reached": True,
    }


def test_tries_are_spaced_and_the_last_one_ends_it(booking, ada, settings):
    settings.FAIRDESK_CALLBACK_ATTEMPTS = 2
    settings.FAIRDESK_CALLBACK_RETRY_MINUTES = 15
    now = clock.now()
    with clock.frozen_at(now):
        first = queues.record_call_attempt(
            booking=booking, agent=ada, reached=False, note="Mailbox"
        )
    assert first.state == BookingState.BOOKED and first.next_attempt_at == now + timedelta(
        minutes=15
    )
    with clock.frozen_at(now + timedelta(minutes=5)), pytest.raises(Conflict):
        queues.record_call_attempt(booking=booking, agent=ada, reached=False, note="zu früh")
    with clock.frozen_at(now + timedelta(minutes=15)):
        last = queues.record_call_attempt(booking=booking, agent=ada, reached=False, note="Besetzt")
    assert last.state == BookingState.UNREACHED and last.attempts == 2
    calls = Entry.objects.filter(case=booking.case, kind=EntryKind.CALL).order_by("id")
    assert [c.data["attempt"] for c in calls] == [1, 2]
    assert Promise.objects.get(pk=booking.promise_id).state == State.KEPT  # we did call
    with pytest.raises(Conflict):
        queues.record_call_attempt(booking=booking, agent=ada, reached=True, note="noch mal")


def test_a_try_needs_a_note(booking, ada):
    with pytest.raises(DomainError):
        queues.record_call_attempt(booking=booking, agent=ada, reached=False, note=" ")


def test_the_lead_sets_places_never_below_the_booked_ones(support, lena, kurt, olga):
    ensure_presets()
    queues.set_callback_seats(team=support, by=lena, seats=1)
    assert TeamRules.objects.get(team=support).callback_seats == 1
    case = cases.open_new_case(
        customer=kurt, subject="Rückruf", body="?", channel="portal", team=support
    ).case
    start, free = next((s, f) for s, f in queues.free_windows(case) if f)
    assert free == 1
    queues.book_callback(case=case, customer=kurt, starts_at=start, minutes=30, phone="0301234567")
    other = cases.open_new_case(
        customer=olga, subject="Auch", body="?", channel="portal", team=support
    ).case
    with pytest.raises(Conflict):  # the last place is Kurt's
        queues.book_callback(
            case=other, customer=olga, starts_at=start, minutes=30, phone="0307654321"
        )
    queues.set_window_seats(team=support, by=lena, starts_at=start, minutes=30, seats=2)
    queues.book_callback(case=other, customer=olga, starts_at=start, minutes=30, phone="0307654321")
    with pytest.raises(Conflict):
        queues.set_window_seats(team=support, by=lena, starts_at=start, minutes=30, seats=1)
    assert CallbackSlot.objects.get(starts_at=start).seats == 2
    with pytest.raises(DomainError):
        queues.set_window_seats(
            team=support, by=lena, starts_at=start + timedelta(minutes=10), minutes=30, seats=2
        )
