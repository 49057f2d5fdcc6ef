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


@pytest.fixture
def kurt_client(kurt) -> Client:
    return sign_in(Client(), kurt)


@pytest.fixture
def olga_client(olga) -> Client:
    return sign_in(Client(), olga)


@pytest.fixture(autouse=True)
def _support_takes_cases(support):
    """New cases need a team to go to; Support takes them."""
