"""Portal helpers: sign a customer in through the real one-time link."""

import pytest
from django.test import Client
from django.urls import reverse

from fairdesk.accounts.models import Customer
from fairdesk.portal import services as portal


def sign_in(client: Client, customer: Customer) -> Client:
    token = portal.issue_sign_in_link(customer=customer)
    response = client.post(reverse("portal:link", args=[token]))
    assert response.status_code == 302
    return client


@pytest.fixture(autouse=True)
def _fresh_throttle():
    # Each test counts failures from zero, whatever the last test left behind.
    from django.core.cache import caches

    caches["throttle"].clear()


@pytest.fixture
def kurt_client(kurt) -> Client:
    return sign_in(Client(), kurt)


@pytest.fixture
def olga_client(olga) -> Client:
    return sign_in(Client(), olga)


@pytest.fixture(autouse=True)
def _support_takes_cases(support):
    """New cases need a team to go to; Support takes them."""


@pytest.fixture
def missed_visit(kurt, fault, ada):
    """Kurt on the business plan; the technician missed the promised window.

    The breach owes a credit under TKG §58(4): once, max(10 EUR, 20 % of 40 EUR) = 10 EUR.
    """
    from datetime import timedelta

    from fairdesk.cases import services as cases
    from fairdesk.lib import clock
    from fairdesk.promises import credits, services
    from fairdesk.promises.models import Contract, Kind
    from fairdesk.promises.presets import BUSINESS, ensure_presets

    Contract.objects.create(
        customer=kurt, policy=ensure_presets()[BUSINESS], monthly_fee_cents=4000
    )
    case = cases.open_case(
        customer=kurt, subject="Techniker", body="Leitung prüfen.", channel="phone", category=fault
    ).case
    start = clock.now() + timedelta(hours=1)
    visit = services.make_promise(
        case=case,
        agent=ada,
        kind=Kind.APPOINTMENT,
        window_start=start,
        due_at=start + timedelta(hours=2),
        description="Techniker kommt",
    )
    with clock.frozen_at(start + timedelta(hours=2)):
        services.break_promise(promise=visit)
        return credits.refresh_credit(promise=visit)
