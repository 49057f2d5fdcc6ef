"""Lena as the desk's administrator (shared with the desk's tests)."""

from tests.desk.admin_fixtures import admin_client, lena_admin  # noqa: F401
