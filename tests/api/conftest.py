"""API clients for the named people: each sends its own bearer token.

`desk` is a small world every API test can use: Kurt's case about his internet, with a public
reply carrying a file and an internal note carrying another, and a second case of Kurt's.
"""

import json
from dataclasses import dataclass

import pytest
from django.test import Client

from fairdesk.accounts.services import create_token
from fairdesk.cases import services as cases
from fairdesk.cases.models import Attachment, Case


class ApiClient:
    def __init__(self, token: str | None = None) -> None:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        self.client = Client(**headers)

    def get(self, path, **params):
        return self.client.get(f"/api/v1{path}", params)

    def post(self, path, data):
        return self.client.post(f"/api/v1{path}", data, content_type="application/json")

    def patch(self, path, data):
        return self.client.patch(f"/api/v1{path}", data, content_type="application/json")

    def send(self, method: str, path: str, data=None, *, raw: str | bytes | None = None):
        """Any method, with `data` as JSON or `raw` as the exact body."""
        if method == "GET":
            return self.get(path, **(data or {}))
        body = raw if raw is not None else ("" if data is None else json.dumps(data))
        return self.client.generic(method, f"/api/v1{path}", body, content_type="application/json")


@pytest.fixture
def ada_api(ada):
    return ApiClient(create_token(user=ada))


@pytest.fixture
def kurt_api(kurt):
    return ApiClient(create_token(customer=kurt))


@pytest.fixture
def olga_api(olga):
    return ApiClient(create_token(customer=olga))


@dataclass
class Desk:
    case: Case
    second: Case
    public_file: Attachment
    internal_file: Attachment


def make_desk(ada, kurt) -> Desk:
    case = cases.open_new_case(
        customer=kurt,
        subject="Kein Internet",
        body="Seit heute früh keine Synchronisation.",
        channel="email",
    ).case
    second = cases.open_new_case(
        customer=kurt,
        subject="Rechnung doppelt",
        body="Zweimal abgebucht.",
        channel="email",
    ).case
    public = cases.reply(
        case=case,
        agent=ada,
        body="Wir messen die Leitung.",
        attachments=(cases.NewAttachment("messung.txt", b"Leitung: 16 Mbit/s", "text/plain"),),
    )
    internal = cases.add_note(
        case=case,
        agent=ada,
        body="intern: Kulanz prüfen",
        attachments=(cases.NewAttachment("kulanz.txt", b"bis 20 EUR", "text/plain"),),
    )
    return Desk(
        case=case,
        second=second,
        public_file=public.attachments.get(),
        internal_file=internal.attachments.get(),
    )


@pytest.fixture
def desk(ada, kurt) -> Desk:
    return make_desk(ada, kurt)
