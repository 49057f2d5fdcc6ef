"""One case, one history, by every channel: six contacts of one new customer (mail, mail,
portal, phone, API, mail), none naming the reference, end on one case with one
acknowledgment and five "added to your case" notices, all in the customer's language."""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from fairdesk.accounts.models import CustomerEmail
from fairdesk.accounts.services import create_token
from fairdesk.cases.models import Case, Entry
from fairdesk.channels.email.ingest import ingest
from fairdesk.channels.email.models import OutboundMessage
from fairdesk.lib import clock
from fairdesk.portal import services as portal
from fairdesk.promises.presets import ensure_presets

from .mailfactory import raw_mail

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2027, 6, 7, 8, 0, tzinfo=BERLIN)

STORIES = {
    "de": {
        "name": "Karla Kunde <karla@example.org>",
        "contacts": [
            ("Kein Internet", "Seit heute früh habe ich kein Internet. Der Router blinkt rot."),
            ("Immer noch kein Internet!!!", "Immer noch kein Internet!!! Was ist da los?"),
            ("Wie ist der Stand?", "Wie ist der Stand? Ich kann nicht arbeiten."),
            ("Anruf", "Kundin ruft an, fragt nach dem Stand, Router blinkt weiter rot."),
            ("Stand?", "Gibt es schon etwas Neues? Ich warte seit heute früh."),
            ("Wie ist der Stand?", "Wie ist der Stand? Bitte um Antwort."),
        ],
        "ack": "Wir haben Ihre Anfrage erhalten",
        "notice": "zu Ihrem offenen Fall {ref} hinzugefügt",
    },
    "en": {
        "name": "Ella English <ella@example.org>",
        "contacts": [
            ("No internet", "Since this morning my internet is not working. The router is red."),
            ("Still no internet!!!", "Still no internet!!! What is going on?"),
            ("Status?", "What is the status? I cannot work."),
            ("Call", "Customer calls, asks for the status, the router is still red."),
            ("Any news?", "Is there any news? I have been waiting since this morning."),
            ("Status?", "What is the status? Please answer."),
        ],
        "ack": "We received your request",
        "notice": "Your message was added to your open case {ref}",
    },
}


def _api(token: str, data: dict):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = client.post("/api/v1/cases", json.dumps(data), content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def _plain(message) -> str:
    parsed = message_from_bytes(message.raw, policy=policy.default)
    return f"{parsed['Subject']}\n{parsed.get_body(('plain',)).get_content()}"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "en"])
def test_six_contacts_over_four_channels_make_one_case(
    language, support, ada, django_capture_on_commit_callbacks
):
    ensure_presets()
    story = STORIES[language]
    contacts = iter(story["contacts"])
    address = story["name"].split("<")[1].rstrip(">")
    # Hours apart, as the story goes (and under the automatic-mail limit per hour); each
    # contact's mail is queued when its own request commits.
    moments = iter(MONDAY + timedelta(hours=2 * step) for step in range(6))

    @contextmanager
    def at_next_moment():
        with clock.frozen_at(next(moments)), django_capture_on_commit_callbacks(execute=True):
            yield

    def mail_contact():
        subject, body = next(contacts)
        ingest(raw_mail(sender=story["name"], subject=subject, body=body))

    with at_next_moment():
        mail_contact()  # 1: a new customer, by mail
    customer = CustomerEmail.objects.get(address=address).customer
    assert customer.language == language  # from the words of the first mail
    with at_next_moment():
        mail_contact()  # 2: a new thread, no reference
    with at_next_moment():
        client = Client()
        client.post(reverse("portal:link", args=[portal.issue_sign_in_link(customer=customer)]))
        subject, body = next(contacts)
        response = client.post(reverse("portal:new_request"), {"subject": subject, "body": body})
        assert response.status_code == 302 and "joined=" in response["Location"]  # 3: portal
    with at_next_moment():
        subject, body = next(contacts)  # 4: Ada takes a call
        phone = {"customer_email": address, "subject": subject, "body": body, "channel": "phone"}
        assert _api(create_token(user=ada), phone)["joined"]
    with at_next_moment():
        subject, body = next(contacts)  # 5: the customer's own API token
        answer = _api(create_token(customer=customer), {"subject": subject, "body": body})
        assert answer["joined"] and answer["reference"] in answer["notices"][0]
    with at_next_moment():
        mail_contact()  # 6: mail again

    [case] = Case.objects.filter(customer=customer)
    contacts_on_case = Entry.objects.filter(case=case, kind__in=("message_in", "call"))
    assert contacts_on_case.count() == 6
    sent = OutboundMessage.objects.filter(case=case)
    assert sorted(sent.values_list("kind", flat=True)) == ["ack"] + ["joined"] * 5
    texts = [_plain(message) for message in mail.outbox if address in message.to]
    assert len(texts) == 6
    assert story["ack"] in texts[0] and case.reference in texts[0]
    notice = story["notice"].format(ref=case.reference)
    assert all(notice in text for text in texts[1:])
    # Each notice also offers to make that message a case of its own.
    assert all("/portal/new-matter/" in text for text in texts[1:])


@pytest.mark.django_db
def test_the_new_matter_link_splits_the_message_off_in_one_click(
    support, django_capture_on_commit_callbacks
):
    ensure_presets()
    sender = "Karla Kunde <karla@example.org>"
    with clock.frozen_at(MONDAY), django_capture_on_commit_callbacks(execute=True):
        ingest(raw_mail(sender=sender, subject="Kein Internet", body="Seit heute früh nichts."))
    with (
        clock.frozen_at(MONDAY + timedelta(hours=2)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        ingest(raw_mail(sender=sender, subject="Rechnung", body="Die Rechnung ist zu hoch."))
    [first] = Case.objects.all()
    notice = _plain(mail.outbox[-1])
    link = notice[notice.index("/portal/new-matter/") :].split()[0]
    client = Client()
    page = client.get(link)  # opening the link (or a mail scanner) splits nothing
    assert page.status_code == 200 and Case.objects.count() == 1
    with (
        clock.frozen_at(MONDAY + timedelta(hours=3)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        done = client.post(link)
    assert done.status_code == 200
    new = Case.objects.exclude(pk=first.pk).get()
    assert new.subject == "Rechnung" and new.reference in done.content.decode()
    assert new.entries.get(kind="message_in").body.startswith("Die Rechnung")
    assert not first.entries.filter(body__startswith="Die Rechnung").exists()
    # The customer is told the new case's reference.
    ack = _plain(mail.outbox[-1])
    assert new.reference in ack and "Wir haben Ihre Anfrage erhalten" in ack
    # The link works once.
    assert client.post(link).status_code == 409
