"""The portal's callback page: book a window, see it, cancel it; a full window is refused."""

from datetime import datetime

from fairdesk.cases import services as cases
from fairdesk.queues.models import BookingState, CallbackBooking, TeamRules


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
