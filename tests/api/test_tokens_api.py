"""A token's last use is recorded through accounts.services, at most once a minute."""

from datetime import UTC, datetime, timedelta

from fairdesk.accounts.models import ApiToken
from fairdesk.lib import clock
from tests.api.conftest import ApiClient

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def last_used() -> datetime | None:
    return ApiToken.objects.get().last_used_at


def test_a_token_records_its_use_at_most_once_a_minute(ada_api):
    assert last_used() is None
    with clock.frozen_at(NOON):
        assert ada_api.get("/cases").status_code == 200
    assert last_used() == NOON
    with clock.frozen_at(NOON + timedelta(seconds=50)):
        ada_api.get("/cases")
    assert last_used() == NOON
    with clock.frozen_at(NOON + timedelta(seconds=61)):
        ada_api.get("/cases")
    assert last_used() == NOON + timedelta(seconds=61)


def test_an_unknown_token_records_nothing(ada_api):
    assert ApiClient("fd_not-a-token").get("/cases").status_code == 401
    assert last_used() is None
