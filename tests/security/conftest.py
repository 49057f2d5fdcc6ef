"""Fixtures shared by the security tests: an admin (Lena), an auditor (Audrey)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests import people
from tests.desk.admin_fixtures import admin_client, lena_admin  # noqa: F401


@pytest.fixture
def audrey(db):
    return people.audrey()


@pytest.fixture
def request_link(django_capture_on_commit_callbacks):
    """Ask for a sign-in link as a browser would; the queued mail task runs at commit."""

    def post(client: Client, address: str):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("portal:request_link"), {"email": address})

    return post
