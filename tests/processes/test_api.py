"""/api/v1/contracts, /orders, /returns and steps with the existing tokens and policy."""

from datetime import UTC, datetime

import pytest

from fairdesk.accounts.services import create_token
from fairdesk.lib import clock
from fairdesk.processes.models import Return
from tests.api.conftest import ApiClient

CONTRACT = {
    "number": "V-2001",
    "email": "kurt@example.org",
    "name": "Kurt Kunde",
    "product": "DSL 100",
    "monthly_fee_cents": 3999,
    "starts_on": "2025-03-01",
    "minimum_term_months": 24,
    "devices": [{"name": "FritzBox 7590", "serial": "SN9", "value_cents": 8000}],
}
ORDER = {
    "number": "B-77",
    "email": "olga@other.example",
    "name": "Olga Other",
    "ordered_on": "2026-11-20",
    "delivery": "delivered",
    "delivered_on": "2026-11-23",
    "items": [{"sku": "KB-1", "name": "Keyboard", "quantity": 1, "unit_price_cents": 4990}],
}


@pytest.fixture
def ada_api(ada):
    return ApiClient(create_token(user=ada))


@pytest.fixture
def kurt_api(kurt):
    return ApiClient(create_token(customer=kurt))


def test_an_agent_creates_and_updates_a_contract(ada_api, kurt, support):
    created = ada_api.send("PUT", "/contracts/V-2001", CONTRACT)
    assert created.status_code == 200, created.content
    assert created.json()["devices"][0]["value_cents"] == 8000
    changed = ada_api.send("PUT", "/contracts/V-2001", CONTRACT | {"notice": 2, "devices": None})
    assert changed.json()["notice"] == 2 and len(changed.json()["devices"]) == 1
    assert ada_api.get("/contracts").json()[0]["number"] == "V-2001"


def test_a_customer_reads_only_their_own_contracts_and_cannot_write(
    ada_api, kurt_api, olga, support
):
    ada_api.send("PUT", "/contracts/V-2001", CONTRACT)
    ada_api.send(
        "PUT", "/contracts/V-2002", CONTRACT | {"number": "V-2002", "email": "olga@other.example"}
    )
    assert [c["number"] for c in kurt_api.get("/contracts").json()] == ["V-2001"]
    assert kurt_api.get("/contracts/V-2002").status_code == 404
    assert kurt_api.send("PUT", "/contracts/V-2001", CONTRACT).status_code == 403


def test_bad_contract_data_gets_a_clear_answer(ada_api, support):
    wrong = ada_api.send("PUT", "/contracts/V-1", CONTRACT | {"notice_unit": "years"})
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["field"] == "notice_unit"
    other = ada_api.send("PUT", "/contracts/V-1", CONTRACT)
    assert other.status_code == 422 and other.json()["detail"][0]["field"] == "number"


def test_orders_and_a_carrier_scan_through_the_api(ada_api, olga, support):
    assert ada_api.send("PUT", "/orders/B-77", ORDER).status_code == 200
    from fairdesk.processes import services
    from fairdesk.processes.models import Order

    order = Order.objects.get(number="B-77")
    with clock.frozen_at(datetime(2026, 11, 30, 9, tzinfo=UTC)):
        parcel = services.start_shop_return(
            order=order, items=None, wanted="refund", reason="zu laut"
        )
    scanned = ada_api.post(f"/returns/{parcel.number}/state", {"state": "in_transit"})
    assert scanned.status_code == 200 and scanned.json()["state"] == "in_transit"
    again = ada_api.post(f"/returns/{parcel.number}/state", {"state": "in_transit"})
    assert again.status_code == 409
    typo = ada_api.post("/returns/RT-0000001-0/state", {"state": "received"})
    assert typo.status_code == 422 and "typing error" in typo.json()["detail"][0]["message"]
    assert Return.objects.get(pk=parcel.pk).state == "in_transit"


def test_an_activation_is_started_and_its_steps_moved(ada_api, kurt, support):
    ada_api.send(
        "PUT",
        "/orders/A-1",
        ORDER | {"number": "A-1", "email": "kurt@example.org", "kind": "activation"},
    )
    started = ada_api.post("/orders/A-1/activation", {})
    assert started.status_code == 201 and len(started.json()) == 5
    from fairdesk.processes.models import Process

    process = Process.objects.get(definition="activation")
    done = ada_api.post(f"/processes/{process.pk}/steps/order_checked", {"action": "done"})
    assert done.json()["state"] == "done"
    twice = ada_api.post("/orders/A-1/activation", {})
    assert twice.status_code == 409


def test_an_imported_customer_gets_the_language_given(ada_api, client, support):
    """An imported customer was German whatever the company knew: now the import says."""
    from fairdesk.accounts.models import Customer

    created = ada_api.send(
        "PUT", "/orders/B-77", ORDER | {"email": "jo@uk.example", "language": "en"}
    )
    assert created.status_code == 200, created.content
    assert Customer.objects.get(emails__address="jo@uk.example").language == "en"
    refused = ada_api.send(
        "PUT", "/orders/B-77", ORDER | {"email": "jo@uk.example", "language": "fr"}
    )
    assert refused.status_code == 422
    ada_api.send(
        "PUT", "/contracts/V-2001", CONTRACT | {"email": "jo@uk.example", "language": "de"}
    )
    assert Customer.objects.get(emails__address="jo@uk.example").language == "de"
    properties = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert properties["OrderIn"]["properties"]["language"]
    assert properties["ContractIn"]["properties"]["language"]


def _withdraw_in_english(client):
    form = {
        "kind": "withdrawal",
        "name": "Jo Brown",
        "contract_number": "B-77",
        "email": "jo@uk.example",
    }
    with clock.frozen_at(datetime(2026, 11, 30, 9, tzinfo=UTC)):
        return client.post("/withdraw/", form, HTTP_ACCEPT_LANGUAGE="en")


def test_the_declarations_language_decides_unless_the_customer_chose_one(
    ada_api, client, support, django_capture_on_commit_callbacks
):
    """Imported without a language (German by default), the customer withdraws on the English
    page: the confirmation and the label mail are English. Their own choice still wins."""
    from fairdesk.accounts import services as accounts
    from fairdesk.accounts.models import Customer
    from fairdesk.processes.models import Declaration

    ada_api.send("PUT", "/orders/B-77", ORDER | {"email": "jo@uk.example", "name": "Jo Brown"})
    jo = Customer.objects.get(emails__address="jo@uk.example")
    assert jo.language == "de"
    with django_capture_on_commit_callbacks(execute=True):
        assert _withdraw_in_english(client).status_code == 302
    assert Declaration.objects.get().language == "en"
    assert Customer.objects.get(pk=jo.pk).language == "en"  # the label mail follows too
    label = Return.objects.get().case.entries.filter(data__event="label_sent").get()
    assert "Your return label" in label.body
    accounts.set_language(customer=jo, language="de")  # the portal's switch: their choice
    with django_capture_on_commit_callbacks(execute=True):
        _withdraw_in_english(client)
    assert Declaration.objects.latest("id").language == "de"
