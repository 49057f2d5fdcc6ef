"""Lena as the desk's administrator, signed in (Ada stays a plain agent)."""

import pytest
from django.test import Client

from fairdesk.accounts import services as accounts


@pytest.fixture
def lena_admin(lena):
    accounts.set_admin_role(admin=None, user=lena, is_admin=True)
    return lena


@pytest.fixture
def admin_client(lena_admin) -> Client:
    client = Client()
    client.force_login(lena_admin)
    return client
