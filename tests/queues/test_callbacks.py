"""Callback booking: a window from the team's capacity, a callback promise, cancellable;
the last seat cannot be booked twice, even by two processes at the same instant."""

import subprocess
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from fairdesk.cases import services as cases
from fairdesk.lib import clock
from fairdesk.lib.errors import Conflict, DomainError, NotAllowed
from fairdesk.promises.models import Kind, Promise, State
from fairdesk.promises.presets import ensure_presets
from fairdesk.queues import services as queues
from fairdesk.queues.models import DEFAULT_CALLBACK_SEATS, CallbackBooking, TeamRules
from tests.channels.email.servers import (  # noqa: F401  (fixtures for the race test)
    FAIRDESK,
    count_rows,
    file_db,
    migrated_data,
    race_db,
)


def _case(customer, team):
    return cases.open_new_case(
        customer=customer, subject="Rückruf bitte", body="?", channel="portal", team=team
    ).case


def _window():
    return (clock.now() + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)


def test_a_holiday_before_a_weekend_still_leaves_three_days_to_choose_from(support, kurt):
    ensure_presets()  # the team calls back Monday to Friday, 8 to 18, Bavaria's holidays off
    with clock.frozen_at(datetime(2027, 1, 1, 7, 30, tzinfo=UTC)):  # New Year's Day, a Friday
        windows = queues.free_windows(_case(kurt, support))
    berlin = ZoneInfo("Europe/Berlin")
    days = sorted({start.astimezone(berlin).date() for start, _free in windows})
    # 6 January is a holiday in Bavaria
    assert days == [date(2027, 1, 4), date(2027, 1, 5), date(2027, 1, 7)]
    assert windows[0][0].astimezone(berlin).hour == 8
    assert all(free == DEFAULT_CALLBACK_SEATS for _start, free in windows)


def test_booking_makes_a_callback_promise_and_cancelling_frees_the_seat(support, kurt, olga):
    TeamRules.objects.create(team=support, callback_seats=1)
    start = _window()
    kurts, olgas = _case(kurt, support), _case(olga, support)
    booking = queues.book_callback(
        case=kurts, customer=kurt, starts_at=start, minutes=15, phone="+49 30 1234567"
    )
    promise = Promise.objects.get(pk=booking.promise_id)
    assert (promise.kind, promise.window_start, promise.due_at) == (
        Kind.CALLBACK,
        start,
        start + timedelta(minutes=15),
    )
    assert promise.visible
    with pytest.raises(Conflict):  # the last seat is Kurt's
        queues.book_callback(
            case=olgas, customer=olga, starts_at=start, minutes=15, phone="+44 20 7946"
        )
    assert dict(queues.free_windows(kurts, minutes=15))[start] == 0
    queues.cancel_callback(booking=booking, customer=kurt)
    promise.refresh_from_db()
    assert promise.state == State.WITHDRAWN
    again = queues.book_callback(
        case=olgas, customer=olga, starts_at=start, minutes=15, phone="+44 20 7946"
    )
    assert again.seat == 1


def test_bad_bookings_are_refused(support, kurt, olga):
    case = _case(kurt, support)
    with pytest.raises(DomainError):
        queues.book_callback(
            case=case, customer=kurt, starts_at=_window(), minutes=20, phone="+49 30 1"
        )
    with pytest.raises(DomainError):
        queues.book_callback(case=case, customer=kurt, starts_at=_window(), minutes=15, phone="x")
    with pytest.raises(DomainError):
        queues.book_callback(
            case=case,
            customer=kurt,
            starts_at=clock.now() - timedelta(hours=1),
            minutes=15,
            phone="+49 30 1234567",
        )
    with pytest.raises(NotAllowed):
        queues.book_callback(
            case=case, customer=olga, starts_at=_window(), minutes=15, phone="+49 30 1234567"
        )


SEED = """
from fairdesk.accounts import services as accounts
from fairdesk.accounts.models import Team
from fairdesk.cases import services as cases
from fairdesk.promises.models import Calendar
from fairdesk.queues.models import TeamRules
Calendar.objects.update(hours="24/7", country="")  # open every hour, holidays too
team = Team.objects.order_by("id").first()
TeamRules.objects.create(team=team, callback_seats=1)
for name in ("kurt", "olga"):
    customer = accounts.get_or_create_customer(email=f"{name}@example.org", name=name)
    cases.open_new_case(customer=customer, subject="Rückruf", body="?", channel="portal", team=team)
"""
BOOK = """
import time
from datetime import datetime, timedelta, timezone
from fairdesk.accounts.models import Customer
from fairdesk.lib.errors import Conflict
from fairdesk.queues import services
customer = Customer.objects.get(name="{name}")
case = customer.cases.get()
start = datetime.fromtimestamp({window}, timezone.utc)
time.sleep(max(0, {start} - time.time()))
try:
    services.book_callback(case=case, customer=customer, starts_at=start, minutes=30,
                           phone="+49 30 1234567")
    print("booked")
except Conflict:
    print("refused")
"""


@pytest.mark.slow
def test_two_customers_racing_for_the_last_seat_one_is_refused(race_db):  # noqa: F811
    env = race_db | {"FAIRDESK_QUEUE_AUTO_ASSIGN": "false"}
    subprocess.run([FAIRDESK, "manage", "shell", "-c", SEED], env=env, check=True)
    window = (int(time.time()) // 3600 + 30) * 3600  # a whole hour, a day ahead
    start = time.time() + 4  # both processes are up by then, and start together
    racers = [
        subprocess.Popen(
            [FAIRDESK, "manage", "shell", "-c", BOOK.format(name=name, window=window, start=start)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("kurt", "olga")
    ]
    answers = []
    for racer in racers:
        out, err = racer.communicate(timeout=120)
        assert racer.returncode == 0, err
        answers.append(out.strip().splitlines()[-1])
    assert sorted(answers) == ["booked", "refused"]
    assert count_rows(env, "select count(*) from queues_callbackbooking") == 1
    callbacks = "select count(*) from promises_promise where kind = 'callback'"
    assert count_rows(env, callbacks) == 1


def test_unique_key_refuses_a_second_booking_of_one_seat(support, kurt, olga):
    """The database itself, without the service's check: the same seat twice fails."""
    start = _window()
    booking = queues.book_callback(
        case=_case(kurt, support), customer=kurt, starts_at=start, minutes=30, phone="+49 30 12"
    )
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        CallbackBooking.objects.create(
            slot=booking.slot,
            seat=booking.seat,
            case=booking.case,
            phone="x",
            promise_id=booking.promise_id,
            created_at=clock.now(),
        )


def test_a_cancelled_callback_reads_storniert_in_german(support, kurt, admin_client):
    booking = queues.book_callback(
        case=_case(kurt, support), customer=kurt, starts_at=_window(), minutes=15, phone="+49 30 1"
    )
    queues.cancel_callback(booking=booking, customer=kurt)
    page = admin_client.get("/admin/queues/callbackbooking/", HTTP_ACCEPT_LANGUAGE="de")
    assert page.status_code == 200
    assert '<td class="field-state">storniert</td>' in page.content.decode()
