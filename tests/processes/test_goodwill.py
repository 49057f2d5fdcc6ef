"""Goodwill on a shop return through the existing credits: granted by an agent from the case
page with an amount and a reason, audited, and shown to the customer like any other credit."""

import pytest
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from fairdesk.cases.models import AuditEvent
from fairdesk.lib import clock
from fairdesk.lib.errors import Conflict, DomainError
from fairdesk.processes import services
from fairdesk.processes.models import Return
from fairdesk.promises.models import Credit
from tests.portal.conftest import sign_in
from tests.processes.conftest import declaration

REASON = "Packaging damaged in transit"


@pytest.fixture
def parcel(shop_order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.start_shop_return(order=shop_order, items=None, wanted="refund", reason="x")


@pytest.fixture
def ada_client(ada) -> Client:
    client = Client()
    client.force_login(ada)
    return client


def test_an_agent_grants_goodwill_from_the_case_page_and_the_customer_sees_it(
    ada_client, parcel, olga
):
    case_page = ada_client.get(f"/desk/cases/{parcel.case.reference}/").content.decode()
    assert f"/desk/returns/{parcel.number}/goodwill/" in case_page
    ada_client.post(
        f"/desk/returns/{parcel.number}/goodwill/", {"amount": "10,00", "reason": REASON}
    )
    credit = Credit.objects.get(case=parcel.case)
    assert (credit.state, credit.amount_cents, credit.promise) == ("confirmed", 1000, None)
    assert credit.goodwill_reason == REASON and credit.decided_by.username == "ada"
    audit = AuditEvent.objects.get(action="credit.goodwill", case=parcel.case)
    assert audit.data["return"] == parcel.number and audit.data["amount_cents"] == 1000
    page = sign_in(Client(), olga).get(reverse("portal:case", args=[parcel.case.reference]))
    html = page.content.decode()
    assert "What we owe you" in html and "10.00 EUR" in html and REASON in html
    assert f"Goodwill credit of 10.00 EUR: {REASON}" in html  # the timeline entry
    desk = ada_client.get(f"/desk/cases/{parcel.case.reference}/").content.decode()
    assert f"Goodwill: {REASON}" in desk


def test_goodwill_needs_a_reason_and_a_sensible_amount(ada, ada_client, parcel):
    with pytest.raises(DomainError):
        services.grant_goodwill(parcel=parcel, agent=ada, amount_cents=500, reason="  ")
    with pytest.raises(DomainError):
        services.grant_goodwill(parcel=parcel, agent=ada, amount_cents=0, reason=REASON)
    with pytest.raises(DomainError):  # the items cost 89.80 EUR
        services.grant_goodwill(parcel=parcel, agent=ada, amount_cents=8981, reason=REASON)
    page = ada_client.post(
        f"/desk/returns/{parcel.number}/goodwill/", {"amount": "5", "reason": ""}, follow=True
    )
    assert "Say why the goodwill is granted." in page.content.decode()
    assert not Credit.objects.exists()


def test_goodwill_is_for_shop_returns(ada, dsl, django_capture_on_commit_callbacks):
    with clock.frozen_at(clock.now()), django_capture_on_commit_callbacks(execute=True):
        found = services.declare(data=declaration())
    device = Return.objects.get(case=found.case)
    with pytest.raises(Conflict):
        services.grant_goodwill(parcel=device, agent=ada, amount_cents=500, reason=REASON)


def test_a_credit_is_owed_by_a_promise_or_granted_for_a_reason(parcel):
    now = clock.now()
    with pytest.raises(IntegrityError):
        Credit.objects.create(case=parcel.case, amount_cents=100, created_at=now, updated_at=now)
