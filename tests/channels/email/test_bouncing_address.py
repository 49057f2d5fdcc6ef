"""A bouncing address: shown to the agent on the case page, cleared by mail from it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client

from fairdesk import texts
from fairdesk.accounts import services as accounts
from fairdesk.cases.models import AuditEvent, Case
from fairdesk.channels.email.ingest import ingest
from fairdesk.lib import clock

from .mailfactory import raw_mail

pytestmark = pytest.mark.django_db

BOUNCED_AT = datetime(2026, 11, 23, 9, 15, tzinfo=UTC)


@pytest.fixture
def ada_client(ada) -> Client:
    client = Client()
    client.force_login(ada)
    return client


@pytest.fixture
def bouncing_case(support, kurt, django_capture_on_commit_callbacks) -> Case:
    """Kurt's case, after a bounce marked his only address (as filing a traced DSN does)."""
    with django_capture_on_commit_callbacks(execute=True):
        case = ingest(raw_mail()).inbound.case
    accounts.mark_email_bouncing(address="kurt@example.org", since=BOUNCED_AT)
    return case


def test_mail_from_a_bouncing_address_clears_the_mark(bouncing_case, kurt):
    with clock.frozen_at(datetime(2026, 11, 30, 10, 0, tzinfo=UTC)):
        inbound = ingest(raw_mail(body="Ich bin wieder erreichbar.")).inbound
    assert inbound.case == bouncing_case
    assert kurt.emails.get().bouncing_since is None
    [cleared] = bouncing_case.entries.filter(data__mail="bounce_cleared")
    assert cleared.data["address"] == "kurt@example.org"
    assert "kurt@example.org" in texts.entry_text(cleared)
    audit = AuditEvent.objects.get(action="mail.bounce_cleared")
    assert audit.case == bouncing_case and audit.data["address"] == "kurt@example.org"


def test_mail_from_an_address_that_never_bounced_records_nothing(support, kurt):
    ingest(raw_mail())
    ingest(raw_mail(body="Noch etwas."))
    assert not AuditEvent.objects.filter(action="mail.bounce_cleared").exists()


def test_the_case_page_says_the_address_bounces_and_since_when(ada_client, bouncing_case):
    url = f"/desk/cases/{bouncing_case.reference}/"
    page = ada_client.get(url).content.decode()
    assert "Mail to kurt@example.org bounces since" in page
    assert "23 Nov 2026" in page
    ada_client.post("/i18n/setlang/", {"language": "de"})
    page = ada_client.get(url).content.decode()
    assert "Mail an kurt@example.org kommt zurück seit" in page
    assert "23.11.2026" in page


def test_the_case_page_no_longer_warns_once_mail_came_from_the_address(ada_client, bouncing_case):
    ingest(raw_mail(body="Ich bin wieder erreichbar."))
    page = ada_client.get(f"/desk/cases/{bouncing_case.reference}/").content.decode()
    assert "bounces since" not in page
