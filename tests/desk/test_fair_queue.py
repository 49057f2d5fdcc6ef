"""The desk's queue tools: Take next, away/available, expediting with a reason."""

from datetime import UTC, datetime, timedelta

from django.utils.timezone import localtime

from fairdesk.cases import services as cases
from fairdesk.cases.models import Entry
from fairdesk.lib import clock
from fairdesk.queues.models import Expedite, Presence, Seat


def _case(customer, subject, category):
    return cases.open_new_case(
        customer=customer, subject=subject, body="Bitte helfen.", channel="web", category=category
    ).case


def test_take_next_opens_the_oldest_waiting_case(ada_client, ada, kurt, olga, billing):
    first = _case(kurt, "zuerst", billing)
    _case(olga, "danach", billing)
    response = ada_client.post("/desk/queue/next/")
    assert response.status_code == 302
    assert response["Location"] == f"/desk/cases/{first.reference}/"
    first.refresh_from_db()
    assert first.assignee == ada
    page = ada_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Assigned by fairdesk" in page


def test_take_next_with_nothing_waiting_says_so(ada_client):
    response = ada_client.post("/desk/queue/next/", follow=True)
    assert response.redirect_chain[-1][0] == "/desk/queue/"
    assert "Nothing is waiting" in response.content.decode()


def test_away_and_back(ada_client, ada):
    ada_client.post("/desk/presence/", {"presence": "away"})
    assert Seat.objects.get(user=ada).presence == Presence.AWAY
    assert "You are away" in ada_client.get("/desk/").content.decode()
    ada_client.post("/desk/presence/", {"presence": "available"})
    assert Seat.objects.get(user=ada).presence == Presence.AVAILABLE


# A Monday morning: two hours on is a time the desk's zone has once (not the hour the clocks
# go back), inside the business hours.
@clock.frozen_at(datetime(2026, 11, 30, 8, tzinfo=UTC))
def test_expedite_asks_for_a_reason_and_then_shows_it(ada_client, kurt, billing):
    case = _case(kurt, "dringend", billing)
    due = localtime(clock.now() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    url = f"/desk/cases/{case.reference}/expedite/"
    refused = ada_client.post(url, {"expedite-reason": "", "expedite-due_at": due})
    assert refused.status_code == 422
    assert not Expedite.objects.exists()
    done = ada_client.post(
        url, {"expedite-reason": "Arztpraxis ohne Telefon", "expedite-due_at": due}
    )
    assert done.status_code == 302
    assert Entry.objects.filter(case=case, data__expedite="Arztpraxis ohne Telefon").exists()
    page = ada_client.get(f"/desk/cases/{case.reference}/").content.decode()
    assert "Arztpraxis ohne Telefon" in page


def test_fairness_page_and_csv_for_leads_only(client, lena, ada, kurt, billing):
    from tests.desk.conftest import _signed_in

    _case(kurt, "eins", billing)
    lead = _signed_in(lena)
    page = lead.get("/desk/fairness/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert '<dd id="fair-cases">1</dd>' in page.content.decode()
    csv = lead.get("/desk/fairness/csv/?days=7")
    assert csv["Content-Type"].startswith("text/csv")
    assert "channel" in csv.content.decode() and "web" in csv.content.decode()
    assert _signed_in(ada).get("/desk/fairness/").status_code == 403
