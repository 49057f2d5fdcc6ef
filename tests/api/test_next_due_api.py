"""The API's case shows the promise due next, a broken one as overdue, from the selector the
desk and the portal use; an English request from a new customer makes them English."""

from datetime import timedelta

from fairdesk.accounts.models import CustomerEmail
from fairdesk.cases import services as cases
from fairdesk.lib import clock
from fairdesk.promises import services as promises
from fairdesk.promises import watch


def test_the_case_names_its_broken_promise_as_overdue(ada, ada_api, kurt, support):
    start = clock.now()
    case = cases.open_case(customer=kurt, subject="Router", body="rot", channel="email").case
    promises.make_promise(
        case=case, agent=ada, kind="callback", due_at=start + timedelta(hours=1),
        description="Rückruf zur Messung",
    )  # fmt: skip
    body = ada_api.get(f"/cases/{case.reference}").json()
    assert body["next_due"]["description"] == "Rückruf zur Messung"
    assert body["next_due"]["state"] == "pending" and not body["next_due"]["overdue"]
    with clock.frozen_at(start + timedelta(hours=2)):
        watch.run()
        body = ada_api.get(f"/cases/{case.reference}").json()
    assert body["next_due"]["state"] == "broken" and body["next_due"]["overdue"]


def test_an_agent_s_english_request_makes_a_new_customer_english(ada_api, support):
    answer = ada_api.post(
        "/cases",
        {
            "customer_email": "ella@example.org",
            "subject": "No internet",
            "body": "Since this morning my internet is not working. What is going on?",
            "channel": "phone",
        },
    )
    assert answer.status_code == 201
    assert CustomerEmail.objects.get(address="ella@example.org").customer.language == "en"


def test_a_joined_contact_gets_a_new_matter_link(ada_api, kurt, support):
    case = cases.open_case(customer=kurt, subject="Router", body="rot", channel="email").case
    answer = ada_api.post(
        "/cases",
        {"customer_email": "kurt@example.org", "subject": "Stand?", "body": "Und?"},
    ).json()
    assert answer["joined"] and answer["reference"] == case.reference
    assert "/portal/new-matter/" in answer["notices"][1]
