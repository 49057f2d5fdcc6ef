"""Promise fixtures: the preset policies, Kurt on the business plan, and API clients."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from fairdesk.accounts.models import Team
from fairdesk.accounts.services import create_token
from fairdesk.promises.models import Contract, Policy
from fairdesk.promises.presets import BUSINESS, STANDARD, ensure_presets

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(*args: int) -> datetime:
    """A wall-clock time in Berlin, e.g. berlin(2027, 5, 14, 17, 30)."""
    return datetime(*args, tzinfo=BERLIN)


@pytest.fixture
def presets(db) -> dict[str, Policy]:
    return ensure_presets()


@pytest.fixture
def standard(presets) -> Policy:
    return presets[STANDARD]


@pytest.fixture
def business(presets) -> Policy:
    return presets[BUSINESS]


@pytest.fixture
def kurt_on_business(kurt, business) -> Contract:
    """Kurt's contract: the one-working-day business plan at 40 EUR a month."""
    return Contract.objects.create(customer=kurt, policy=business, monthly_fee_cents=4000)


@pytest.fixture
def escalation(support, technik) -> Team:
    """Support's broken promises go to Technik."""
    support.escalation_team = technik
    support.save()
    return technik


class ApiClient:
    def __init__(self, token: str) -> None:
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def get(self, path: str):
        return self.client.get(f"/api/v1{path}")

    def post(self, path: str, data: dict):
        return self.client.post(f"/api/v1{path}", json.dumps(data), content_type="application/json")

    def patch(self, path: str, data: dict):
        return self.client.patch(
            f"/api/v1{path}", json.dumps(data), content_type="application/json"
        )


@pytest.fixture
def ada_api(ada) -> ApiClient:
    return ApiClient(create_token(user=ada))


@pytest.fixture
def kurt_api(kurt) -> ApiClient:
    return ApiClient(create_token(customer=kurt))


@pytest.fixture
def olga_api(olga) -> ApiClient:
    return ApiClient(create_token(customer=olga))
