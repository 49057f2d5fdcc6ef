"""Signed-in browsers (Django test clients) for the named people, and a case of Kurt's."""

import pytest
from django.test import Client

from fairdesk.accounts import services as accounts
from fairdesk.cases import services as cases
from tests.desk.admin_fixtures import admin_client, lena_admin  # noqa: F401


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def ada_client(ada) -> Client:
    return _signed_in(ada)


@pytest.fixture
def ben_client(ben) -> Client:
    return _signed_in(ben)


@pytest.fixture
def kurt_user(kurt):
    """Kurt with a password login (a customer, not an agent)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="kurt", password="kurt-pass-123")
    kurt.user = user
    kurt.save(update_fields=["user"])
    return user


@pytest.fixture
def kurt_client(kurt_user) -> Client:
    return _signed_in(kurt_user)


@pytest.fixture
def kurt_case(kurt, fault):
    """Kurt's fault report: new, in Support's queue."""
    return cases.open_case(
        customer=kurt,
        subject="Internet fällt abends aus",
        body="Seit Montag bricht die Verbindung jeden Abend ab.",
        channel="email",
        category=fault,
    ).case


@pytest.fixture
def olga_case(olga, billing):
    return cases.open_case(
        customer=olga,
        subject="Invoice twice",
        body="I was charged twice.",
        channel="web",
        category=billing,
    ).case


__all__ = ["accounts"]
