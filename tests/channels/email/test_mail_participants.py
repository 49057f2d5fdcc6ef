"""A customer's colleague on CC takes part in the case; replies go to whom the agent chooses."""

from __future__ import annotations

import json
from email import message_from_bytes, policy

import pytest
from django.core import mail
from django.test import Client

from fairdesk.accounts.services import create_token
from fairdesk.cases.models import Case, EntryKind
from fairdesk.channels.email.ingest import ingest
from fairdesk.channels.email.models import OutboundMessage
from fairdesk.channels.email.participants import copy_addresses

from .mailfactory import raw_mail

pytestmark = pytest.mark.django_db

COLLEAGUE = "Karla Kollegin <karla@example.org>"


@pytest.fixture
def ada_client(ada) -> Client:
    client = Client()
    client.force_login(ada)
    return client


def last_sent():
    return message_from_bytes(mail.outbox[-1].raw, policy=policy.default)


@pytest.fixture
def kurts_case(support, kurt, django_capture_on_commit_callbacks) -> Case:
    with django_capture_on_commit_callbacks(execute=True):
        return ingest(raw_mail(headers={"Cc": COLLEAGUE})).inbound.case


def test_a_colleague_on_cc_becomes_a_participant(kurts_case):
    assert copy_addresses(kurts_case) == ["karla@example.org"]
    assert kurts_case.entries.filter(data__mail="participants").exists()
    assert last_sent()["To"] == "kurt@example.org" and last_sent()["Cc"] is None


def test_the_colleague_can_reply_to_the_case(kurts_case, django_capture_on_commit_callbacks):
    ack = OutboundMessage.objects.get(case=kurts_case)
    answer = raw_mail(sender=COLLEAGUE, body="Ich ergänze: Router blinkt rot.",
                      in_reply_to=f"<{ack.message_id}>")  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        inbound = ingest(answer).inbound
    assert inbound.case == kurts_case and inbound.state == "stored"
    assert inbound.entry.kind == EntryKind.MESSAGE_IN
    assert Case.objects.count() == 1


def test_a_strangers_copies_join_nothing(kurts_case, django_capture_on_commit_callbacks):
    ack = OutboundMessage.objects.get(case=kurts_case)
    stranger = raw_mail(sender="eve@evil.example", headers={"Cc": "mallory@evil.example"},
                        in_reply_to=f"<{ack.message_id}>")  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        ingest(stranger)
    assert copy_addresses(kurts_case) == ["karla@example.org"]


def test_the_agent_chooses_the_copies_in_the_desk(
    kurts_case, ada, ada_client, django_capture_on_commit_callbacks
):
    page = ada_client.get(f"/desk/cases/{kurts_case.reference}/").content.decode()
    assert 'value="karla@example.org"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = ada_client.post(
            f"/desk/cases/{kurts_case.reference}/reply/",
            {"reply-body": "Wir tauschen den Router.", "reply-cc": ["karla@example.org"]},
        )
    assert response.status_code == 302
    sent = last_sent()
    assert sent["To"] == "kurt@example.org" and sent["Cc"] == "karla@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        ada_client.post(f"/desk/cases/{kurts_case.reference}/reply/", {"reply-body": "Nur Kurt."})
    assert last_sent()["Cc"] is None


def test_the_api_copies_only_participants(kurts_case, ada, django_capture_on_commit_callbacks):
    api = Client(HTTP_AUTHORIZATION=f"Bearer {create_token(user=ada)}")
    path = f"/api/v1/cases/{kurts_case.reference}/entries"

    def post(cc: list[str]):
        body = {"kind": "reply", "body": "Antwort", "cc": cc}
        return api.post(path, json.dumps(body), content_type="application/json")

    refused = post(["mallory@evil.example"])
    assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "cc"
    with django_capture_on_commit_callbacks(execute=True):
        assert post(["Karla@Example.org"]).status_code == 201
    assert last_sent()["Cc"] == "karla@example.org"
