"""The portal's callback page: book a window or "as soon as possible", see it, cancel it; a
full window is refused; the same page by the mail's signed link and by reference and email."""

from datetime import datetime

from fairdesk.cases import services as cases
from fairdesk.promises.models import Kind, Promise
from fairdesk.promises.presets import ensure_presets
from fairdesk.promises.selectors import next_due
from fairdesk.queues.models import BookingState, CallbackBooking, TeamRules
from fairdesk.queues.tokens import callback_token


def test_book_see_and_cancel_a_callback(kurt_client, kurt, support):
    TeamRules.objects.create(team=support, callback_seats=1)
    case = cases.open_new_case(
        customer=kurt, subject="Rückruf", body="?", channel="portal", team=support
    ).case
    url = f"/portal/cases/{case.reference}/callback/"
    page = kurt_client.get(url)
    assert page.status_code == 200
    window = page.context["windows"][0][0]
    refused = kurt_client.post(url, {"phone": "", "window": window.isoformat()})
    assert refused.status_code == 422 and not CallbackBooking.objects.exists()
    done = kurt_client.post(url, {"phone": "+49 30 1234567", "window": window.isoformat()})
    assert done.status_code == 302
    booking = CallbackBooking.objects.get()
    assert booking.slot.starts_at == window
    page = kurt_client.get(url)
    assert dict(page.context["windows"])[window] == 0  # the only seat is Kurt's
    kurt_client.post(f"{url}{booking.pk}/cancel/")
    booking.refresh_from_db()
    assert booking.state == BookingState.CANCELLED
    assert isinstance(window, datetime)


def _link(case):
    return f"/portal/callback/{callback_token(case.pk)}/"


def test_as_soon_as_possible_keeps_the_place_in_the_queue(kurt_client, kurt, support):
    ensure_presets()
    case = cases.open_new_case(
        customer=kurt, subject="Rückruf", body="?", channel="portal", team=support
    ).case
    place = next_due([case.pk])[case.pk].due_at
    url = f"/portal/cases/{case.reference}/callback/"
    done = kurt_client.post(url, {"phone": "+49 30 1234567", "window": "asap"})
    assert done.status_code == 302
    booking = CallbackBooking.objects.get()
    assert booking.slot is None
    promise = Promise.objects.get(pk=booking.promise_id)
    assert promise.kind == Kind.CALLBACK and promise.window_start is None
    assert promise.due_at == place  # its place in the queue order, no window chosen
    again = kurt_client.post(url, {"phone": "+49 30 1234567", "window": "asap"})
    assert again.status_code == 422  # one callback at a time


def test_the_mail_link_books_and_cancels_without_signing_in(client, kurt, support):
    ensure_presets()
    case = cases.open_new_case(
        customer=kurt, subject="Rückruf", body="?", channel="email", team=support
    ).case
    page = client.get(_link(case))
    assert page.status_code == 200 and page.context["case"] == case
    window = page.context["windows"][0][0]
    assert (
        client.post(_link(case), {"phone": "0301234567", "window": window.isoformat()}).status_code
        == 302
    )
    booking = CallbackBooking.objects.get(case=case)
    [(shown, cancel_url)] = client.get(_link(case)).context["bookings"]
    assert shown == booking
    client.post(cancel_url)
    booking.refresh_from_db()
    assert booking.state == BookingState.CANCELLED
    assert client.get("/portal/callback/forged-token/").status_code == 404


def test_the_public_page_finds_the_case_by_reference_and_email_and_is_throttled(
    client, kurt, olga, support
):
    case = cases.open_new_case(
        customer=kurt, subject="Rückruf", body="?", channel="email", team=support
    ).case
    found = client.post(
        "/portal/callback/", {"reference": case.reference.lower(), "email": "KURT@example.org"}
    )
    assert found.status_code == 302 and found["Location"].startswith("/portal/callback/")
    assert client.get(found["Location"]).context["case"] == case
    wrong = {"reference": case.reference, "email": olga.emails.first().address}
    for _ in range(10):
        assert client.post("/portal/callback/", wrong).status_code == 422
    blocked = client.post(
        "/portal/callback/", {"reference": case.reference, "email": "kurt@example.org"}
    )
    assert blocked.status_code == 429  # this address tried too often: even a right pair waits


def test_the_case_page_leads_to_the_callback_page_while_the_case_is_open(kurt_client, kurt):
    """The first way in (docs/queues.md): the signed-in customer's case page links to it, so a
    booking made from the mail can be seen and cancelled there too."""
    case = cases.open_new_case(customer=kurt, subject="Rückruf", body="?", channel="portal").case
    url = f"/portal/cases/{case.reference}/callback/"
    assert f'href="{url}"' in kurt_client.get(f"/portal/cases/{case.reference}/").content.decode()
    cases.resolve_by_customer(case=case, customer=kurt)
    assert (
        f'href="{url}"' not in kurt_client.get(f"/portal/cases/{case.reference}/").content.decode()
    )
