"""What a customer may set and read, per endpoint: one policy (cases.access.CUSTOMER_MAY_SET
and the customer's view of a timeline) for the portal and the API."""

import pytest
from django.urls import reverse

from fairdesk.accounts import services as accounts
from fairdesk.cases import access
from fairdesk.cases import services as cases
from fairdesk.cases.models import Case, Priority
from tests.api.conftest import ApiClient
from tests.portal.conftest import sign_in


@pytest.fixture
def kurt_api(kurt):
    return ApiClient(accounts.create_token(customer=kurt))


def test_the_policy_lists_what_a_customer_may_set():
    assert {
        "open": {"subject", "body", "category", "attachments"},
        "write": {"kind", "body", "attachments"},
        "change": {"status", "reason"},
    } == access.CUSTOMER_MAY_SET


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("priority", "urgent"),
        ("channel", "phone"),
        ("customer_email", "olga@other.example"),
        ("customer_name", "Jemand"),
    ],
)
def test_a_customer_cannot_set_more_than_the_policy_lets_them(kurt_api, support, field, value):
    response = kurt_api.post("/cases", {"subject": "Router", "body": "blinkt", field: value})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == field
    assert not Case.objects.exists()


def test_a_customers_case_keeps_normal_priority_and_its_own_channel(kurt_api, support):
    response = kurt_api.post("/cases", {"subject": "Router", "body": "blinkt"})
    assert response.status_code == 201
    case = Case.objects.get()
    assert (case.priority, case.channel) == (Priority.NORMAL, "api")


def test_the_portal_form_ignores_a_smuggled_priority(client, kurt, support):
    sign_in(client, kurt)
    client.post(
        reverse("portal:new_request"),
        {"subject": "Router", "body": "blinkt", "priority": "urgent", "channel": "phone"},
    )
    case = Case.objects.get()
    assert (case.priority, case.channel) == (Priority.NORMAL, "portal")


def test_a_customer_may_only_write_messages_with_the_policys_fields(kurt_api, kurt, support):
    case = cases.open_case(customer=kurt, subject="R", body="b", channel="email").case
    refused = kurt_api.post(
        f"/cases/{case.reference}/entries", {"kind": "message", "body": "x", "public": False}
    )
    assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "public"


@pytest.fixture
def story(kurt, olga, ada, support):
    """Kurt's case, closed with an agent's reason, linked to a case of Olga's."""
    mine = cases.open_case(customer=kurt, subject="Router", body="blinkt", channel="email").case
    theirs = cases.open_case(customer=olga, subject="Auch", body="blinkt", channel="email").case
    cases.link_cases(case=mine, other=theirs, agent=ada)
    cases.add_note(case=mine, agent=ada, body="intern: Kulanz")
    cases.change_status(
        case=mine, agent=ada, status="waiting_on_third_party", reason="intern: kein Techniker"
    )
    return mine, theirs


def test_the_api_hides_an_agents_reason_and_other_customers_references(kurt_api, ada, story):
    mine, theirs = story
    seen = kurt_api.get(f"/cases/{mine.reference}").json()
    assert seen["related"] == []
    status = [e for e in seen["timeline"] if e["kind"] == "status"]
    assert status and all("reason" not in e["data"] for e in status)
    assert "intern" not in str(seen)
    agent = ApiClient(accounts.create_token(user=ada)).get(f"/cases/{mine.reference}").json()
    assert agent["related"] == [theirs.reference]
    assert "intern: kein Techniker" in str(agent)


def test_portal_and_api_show_a_customer_the_same_timeline(client, kurt, kurt_api, story):
    mine, _theirs = story
    api_ids = [e["id"] for e in kurt_api.get(f"/cases/{mine.reference}").json()["timeline"]]
    sign_in(client, kurt)
    page = client.get(reverse("portal:case", args=[mine.reference]))
    portal_ids = [entry.pk for entry in page.context["entries"]]
    assert api_ids == portal_ids and api_ids
    assert "intern" not in page.content.decode()
