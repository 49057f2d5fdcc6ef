"""The desk's callbacks page: the team's booked calls, a try logged from it, and the lead's
callback places."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from fairdesk.cases import services as cases
from fairdesk.cases.models import Entry, EntryKind
from fairdesk.lib import clock
from fairdesk.promises.presets import ensure_presets
from fairdesk.queues import services as queues
from fairdesk.queues.models import BookingState, CallbackBooking, TeamRules


@pytest.fixture
def lena_client(lena) -> Client:
    client = Client()
    client.force_login(lena)
    return client


def _booked(customer, team, n):
    case = cases.open_new_case(
        customer=customer, subject=f"Rückruf {n}", body="?", channel="portal", team=team
    ).case
    return queues.book_callback_asap(case=case, customer=customer, phone=f"030 1234 {n}")


def test_the_team_sees_its_callbacks_and_logs_a_try(
    ada_client, ada, support, kurt, olga, django_assert_num_queries
):
    ensure_presets()
    first, second = _booked(kurt, support, 1), _booked(olga, support, 2)
    ada_client.get("/desk/callbacks/")  # warm: the seat, the session
    # Session, user and profile; the agent's teams; the bookings with their cases and
    # customers; their promises' dates; is_lead; the header's unread notifications; however
    # many callbacks are booked.
    with django_assert_num_queries(7):
        page = ada_client.get("/desk/callbacks/")
    assert [booking for booking, _due in page.context["rows"]] == [first, second]
    assert page.context["capacity"] == []  # Ada leads no team
    done = ada_client.post(
        f"/desk/callbacks/{first.pk}/attempt/", {"note": "Geklärt", "reached": "yes"}
    )
    assert done.status_code == 302
    first.refresh_from_db()
    assert first.state == BookingState.CALLED
    assert Entry.objects.filter(case=first.case, kind=EntryKind.CALL).count() == 1
    assert (
        ada_client.post("/desk/callbacks/seats/", {"team": support.pk, "seats": 5}).status_code
        == 403
    )


def test_the_lead_sets_the_callback_places(lena_client, support):
    page = lena_client.get("/desk/callbacks/")
    [(team, rules, _windows)] = page.context["capacity"]
    assert team == support and rules.callback_seats == 2
    lena_client.post("/desk/callbacks/seats/", {"team": support.pk, "seats": 4})
    assert TeamRules.objects.get(team=support).callback_seats == 4
    # A Monday two months ahead: far past the windows the page shows.
    ahead = timezone.localtime(clock.now()) + timedelta(days=60)
    monday = ahead + timedelta(days=7 - ahead.weekday())
    lena_client.post(
        "/desk/callbacks/seats/",
        {"team": support.pk, "seats": 0, "starts_at": f"{monday:%Y-%m-%d}T10:00"},
    )
    windows = lena_client.get("/desk/callbacks/").context["capacity"][0][2]
    assert not CallbackBooking.objects.exists() and list(windows) == []
    refused = lena_client.post("/desk/callbacks/seats/", {"team": support.pk, "seats": "viele"})
    assert refused.status_code == 302 and TeamRules.objects.get(team=support).callback_seats == 4


def test_the_lead_sees_the_windows_booked_past_a_holiday_weekend(lena_client, support, kurt):
    ensure_presets()  # Monday to Friday, 8 to 18, Bavaria's holidays off
    with clock.frozen_at(datetime(2027, 1, 1, 7, 30, tzinfo=UTC)):  # New Year's Day, a Friday
        case = cases.open_new_case(
            customer=kurt, subject="Rückruf", body="?", channel="portal", team=support
        ).case
        last_start, _free = queues.free_windows(case)[-1]  # Thursday, 7 January (6th: Epiphany)
        queues.book_callback(
            case=case, customer=kurt, starts_at=last_start, minutes=30, phone="030 1234"
        )
        windows = lena_client.get("/desk/callbacks/").context["capacity"][0][2]
    assert [(w.starts_at, w.booked) for w in windows] == [(last_start, 1)]
