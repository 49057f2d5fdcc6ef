"""Promises and credits through API v1: agents make and withdraw, customers see theirs."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from fairdesk.cases import services as cases
from fairdesk.cases.models import Entry
from fairdesk.lib import clock
from fairdesk.promises import watch
from fairdesk.promises.models import Credit, Promise

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2027, 6, 7, 10, 0, tzinfo=BERLIN)


@pytest.fixture
def case(standard, kurt, support):
    with clock.frozen_at(NOW):
        return cases.open_case(
            customer=kurt, subject="Router", body="Blinkt rot.", channel="email"
        ).case


def test_opening_through_the_api_answers_with_the_promises(standard, support, kurt_api):
    with clock.frozen_at(NOW):
        response = kurt_api.post("/cases", {"subject": "Router", "body": "Blinkt rot."})
    assert response.status_code == 201, response.content
    promises = {p["kind"]: p for p in response.json()["promises"]}
    assert set(promises) == {"first_response", "resolution"}
    assert promises["first_response"]["due_at"].startswith("2027-06-07T16:00")  # 18:00 Berlin
    assert promises["first_response"]["made_by"] == "Standard"


def test_agent_makes_a_callback_and_the_customer_sees_it(case, ada_api, kurt_api):
    with clock.frozen_at(NOW):
        made = ada_api.post(
            f"/cases/{case.reference}/promises",
            {"kind": "callback", "due_at": "2027-06-07T15:00:00+02:00", "reason": "Kunde will es"},
        )
    assert made.status_code == 201, made.content
    assert made.json()["state"] == "pending" and made.json()["made_by"] == "Ada Agent"
    seen = kurt_api.get(f"/cases/{case.reference}").json()
    assert "callback" in {p["kind"] for p in seen["promises"]}
    assert any(
        e["data"].get("event") == "made" and e["data"]["kind"] == "callback"
        for e in seen["timeline"]
    )


def test_internal_promise_is_hidden_from_the_customer(case, ada_api, kurt_api):
    with clock.frozen_at(NOW):
        ada_api.post(
            f"/cases/{case.reference}/promises",
            {
                "kind": "custom",
                "description": "Intern: Technik fragen",
                "due_at": "2027-06-08T12:00:00+02:00",
                "visible": False,
            },
        )
    kinds = [p["kind"] for p in kurt_api.get(f"/cases/{case.reference}/promises").json()]
    assert "custom" not in kinds
    assert "custom" in [p["kind"] for p in ada_api.get(f"/cases/{case.reference}/promises").json()]


def test_withdrawing_needs_a_reason_and_tells_the_customer(case, ada_api, kurt_api):
    with clock.frozen_at(NOW):
        made = ada_api.post(
            f"/cases/{case.reference}/promises",
            {
                "kind": "refund",
                "description": "12,50 EUR zurück",
                "due_at": "2027-06-14T18:00:00+02:00",
            },
        ).json()
        path = f"/cases/{case.reference}/promises/{made['id']}"
        assert ada_api.patch(path, {"state": "withdrawn"}).status_code == 422
        done = ada_api.patch(path, {"state": "withdrawn", "reason": "Betrag wird verrechnet"})
    assert done.status_code == 200 and done.json()["state"] == "withdrawn"
    assert done.json()["reason"] == "Betrag wird verrechnet"
    timeline = kurt_api.get(f"/cases/{case.reference}").json()["timeline"]
    assert any("Betrag wird verrechnet" in e["body"] for e in timeline)
    assert ada_api.patch(path, {"state": "kept"}).status_code == 409


def test_customers_cannot_make_or_change_promises(case, kurt_api, olga_api):
    body = {"kind": "callback", "due_at": "2027-06-07T15:00:00+02:00"}
    with clock.frozen_at(NOW):
        assert kurt_api.post(f"/cases/{case.reference}/promises", body).status_code == 403
        promise = Promise.objects.filter(case=case).first()
        path = f"/cases/{case.reference}/promises/{promise.pk}"
        assert kurt_api.patch(path, {"state": "kept"}).status_code == 403
        assert olga_api.get(f"/cases/{case.reference}/promises").status_code == 404


def test_agent_confirms_a_credit_the_customer_sees(
    kurt_on_business, kurt, fault, ada_api, kurt_api
):
    reported = datetime(2027, 6, 7, 10, 0, tzinfo=BERLIN)
    with clock.frozen_at(reported):
        case = cases.open_case(
            customer=kurt, subject="Kein Netz", body="tot", channel="email", category=fault
        ).case
    with clock.frozen_at(reported + timedelta(days=4)):
        watch.run()
    credit = Credit.objects.get(case=case)
    # Day 3 and 4 (Thu, Fri) at 5 EUR each.
    assert credit.amount_cents == 1000
    shown = kurt_api.get(f"/cases/{case.reference}/credits").json()
    assert shown[0]["state"] == "pending" and shown[0]["amount_cents"] == 1000
    path = f"/cases/{case.reference}/credits/{credit.pk}"
    assert kurt_api.patch(path, {"state": "confirmed"}).status_code == 403
    assert ada_api.patch(path, {"state": "rejected"}).status_code == 422  # needs a note
    with clock.frozen_at(reported + timedelta(days=5)):
        done = ada_api.patch(path, {"state": "confirmed"})
    # Confirmed on day 5 while the fault goes on: days 3, 4 at 5 EUR and day 5 at 10 EUR.
    assert done.status_code == 200 and done.json()["amount_cents"] == 2000
    assert kurt_api.get(f"/cases/{case.reference}/credits").json()[0]["state"] == "confirmed"
    assert Entry.objects.filter(case=case, data__state="confirmed", public=True).exists()
