"""Fixtures shared by the security tests: an admin (Lena), an auditor (Audrey)."""

import pytest

from fairdesk.accounts import services as accounts
from tests.desk.admin_fixtures import admin_client, lena_admin  # noqa: F401


@pytest.fixture
def audrey(db):
    user = accounts.create_agent(username="audrey", password="audrey-pass-123", name="Audrey Audit")
    accounts.set_auditor_role(admin=None, user=user, is_auditor=True)
    return user
