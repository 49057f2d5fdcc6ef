"""The public web form: someone who never wrote before sends a request without an account
and gets the reference and the dated promise on the page and by mail; bad input keeps what
was typed and stores nothing; a known address gets a case of its own, so the page tells
nobody whether an address has cases."""

from datetime import datetime
from email import message_from_bytes
from email.policy import default
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from fairdesk.accounts.models import Customer
from fairdesk.cases import services as cases
from fairdesk.cases.models import Attachment, Case
from fairdesk.lib import clock
from fairdesk.promises.presets import ensure_presets

MONDAY_9 = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
FORM = {
    "name": "Jana Neu",
    "email": "jana@neu.example",
    "subject": "Router blinkt rot",
    "body": "Seit heute früh <script>alert(1)</script> kein Internet.",
}


@pytest.fixture(autouse=True)
def _policy(support):
    ensure_presets()


def _send(client, form, django_capture_on_commit_callbacks, **headers):
    with clock.frozen_at(MONDAY_9), django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/portal/write/", form, **headers)
    return sent


def test_the_sign_in_page_leads_a_newcomer_to_the_form(client):
    assert 'href="/portal/write/"' in client.get("/portal/sign-in/").content.decode()
    page = client.get("/portal/write/", HTTP_ACCEPT_LANGUAGE="de")
    assert page.status_code == 200 and "Schreiben Sie uns" in page.content.decode()


def test_a_newcomer_gets_the_reference_and_the_dated_promise_on_the_page_and_by_mail(
    django_capture_on_commit_callbacks,
):
    client = Client()
    upload = SimpleUploadedFile("router.jpg", b"\xff\xd8jpeg", "image/jpeg")
    sent = _send(
        client,
        FORM | {"attachments": [upload]},
        django_capture_on_commit_callbacks,
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert sent.status_code == 302
    case = Case.objects.get()
    assert case.channel == "web" and case.customer.primary_email == "jana@neu.example"
    assert case.customer.language == "de"  # the page's language
    assert Attachment.objects.get().filename == "router.jpg"
    page = client.get(sent["Location"], HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert case.reference in page
    assert "Wir antworten bis" in page and "Montag, 30. November 2026, 17:00" in page
    assert "/portal/callback/" in page
    ack = message_from_bytes(mail.outbox[-1].raw, policy=default)
    assert ack["To"] == "jana@neu.example" and case.reference in ack["Subject"]
    assert "Montag, 30. November 2026, 17:00" in ack.get_body(("plain",)).get_content()
    # Script typed into the text is kept as typed, and shown as text.
    assert "<script>alert(1)</script>" in case.entries.first().body


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"email": "jana@neu"}, "email"),
        ({"name": ""}, "name"),
        ({"subject": ""}, "subject"),
        ({"body": "   "}, "body"),
    ],
)
def test_bad_input_is_refused_clearly_and_keeps_what_was_typed(
    client, change, field, django_capture_on_commit_callbacks
):
    refused = _send(client, FORM | change, django_capture_on_commit_callbacks)
    assert refused.status_code == 422
    assert field in refused.context["form"].errors
    html = refused.content.decode()
    if field != "body":
        assert "Seit heute früh &lt;script&gt;alert(1)&lt;/script&gt; kein Internet." in html
    if field != "subject":
        assert 'value="Router blinkt rot"' in html
    assert not Case.objects.exists() and not Customer.objects.exists()
    assert not mail.outbox


def test_a_file_over_the_limit_is_refused_and_nothing_is_lost(
    client, settings, django_capture_on_commit_callbacks
):
    settings.FAIRDESK_MAX_ATTACHMENT_BYTES = 1024 * 1024
    big = SimpleUploadedFile("scan.pdf", b"x" * (1024 * 1024 + 1), "application/pdf")
    refused = _send(client, FORM | {"attachments": [big]}, django_capture_on_commit_callbacks)
    assert refused.status_code == 422
    assert "scan.pdf" in refused.content.decode() and 'value="Router blinkt rot"' in (
        refused.content.decode()
    )
    assert not Case.objects.exists()


def test_a_known_address_gets_a_case_of_its_own_and_the_page_names_no_other(
    kurt, django_capture_on_commit_callbacks
):
    """Whoever types an address is not known to own it: the request never lands in (or
    names) the case that address already has, and the page looks as for a new address."""
    with clock.frozen_at(MONDAY_9):
        open_case = cases.open_case(customer=kurt, subject="Rechnung", body="?", channel="email")
    entries = open_case.case.entries.count()
    client = Client()
    sent = _send(client, FORM | {"email": kurt.primary_email}, django_capture_on_commit_callbacks)
    assert sent.status_code == 302
    new = Case.objects.exclude(pk=open_case.case.pk).get()
    assert new.customer == kurt and open_case.case.entries.count() == entries
    page = client.get(sent["Location"]).content.decode()
    assert new.reference in page and open_case.case.reference not in page
    assert "Wir antworten bis" in page or "We will answer by" in page


def test_the_page_after_sending_needs_its_signed_link(client):
    assert client.get("/portal/write/received/1/").status_code == 404
    assert client.get("/portal/write/received/WzEsIGZhbHNlXQ:x:y/").status_code == 404
