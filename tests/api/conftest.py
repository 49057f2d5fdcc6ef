"""API clients for the named people: each sends its own bearer token."""

import pytest
from django.test import Client

from fairdesk.accounts.services import create_token


class ApiClient:
    def __init__(self, token: str) -> None:
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def get(self, path, **params):
        return self.client.get(f"/api/v1{path}", params)

    def post(self, path, data):
        return self.client.post(f"/api/v1{path}", data, content_type="application/json")

    def patch(self, path, data):
        return self.client.patch(f"/api/v1{path}", data, content_type="application/json")


@pytest.fixture
def ada_api(ada):
    return ApiClient(create_token(user=ada))


@pytest.fixture
def kurt_api(kurt):
    return ApiClient(create_token(customer=kurt))


@pytest.fixture
def olga_api(olga):
    return ApiClient(create_token(customer=olga))
