"""After "Hello Olga," and a blank line an English mail starts a new sentence with a capital
letter; a German one goes on in lower case after "Hallo Kurt," (the German convention)."""

from __future__ import annotations

from email import message_from_bytes, policy

import pytest
from django.core import mail

from fairdesk.channels.email.ingest import ingest
from fairdesk.portal.services import sign_in_mail

from .mailfactory import raw_mail

pytestmark = pytest.mark.django_db


def _bodies(sent) -> tuple[str, str]:
    message = message_from_bytes(sent.raw, policy=policy.default)
    text, html = (message.get_body((kind,)).get_content() for kind in ("plain", "html"))
    return text.replace("\r\n", "\n"), html


def test_the_english_acknowledgment_and_notice_start_their_sentence_in_capitals(
    support, olga, django_capture_on_commit_callbacks
):
    english = {"sender": "Olga Other <olga@other.example>", "subject": "Invoice twice"}
    with django_capture_on_commit_callbacks(execute=True):
        ingest(raw_mail(**english, body="I was charged twice for November."))
    with django_capture_on_commit_callbacks(execute=True):
        ingest(raw_mail(**english, body="And again this month, please check."))
    (ack_text, ack_html), (notice_text, notice_html) = map(_bodies, mail.outbox)
    assert "Hello Olga Other,\n\nWe have received your request" in ack_text
    assert "<p>We have received your request" in ack_html
    assert "Hello Olga Other,\n\nYour message was added to your open case" in notice_text
    assert "<p>Your message was added to your open case" in notice_html


def test_the_german_acknowledgment_goes_on_in_lower_case(
    support, kurt, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ingest(raw_mail())
    text, html = _bodies(mail.outbox[0])
    assert "Hallo Kurt Kunde,\n\nwir haben Ihre Anfrage erhalten" in text
    assert "<p>wir haben Ihre Anfrage erhalten" in html


def test_the_sign_in_link_starts_its_sentence_in_capitals_in_english(olga, kurt):
    assert "Hello Olga Other,\n\nOpen this link" in sign_in_mail(address="olga@other.example").body
    assert "Hallo Kurt Kunde,\n\nöffnen Sie" in sign_in_mail(address="kurt@example.org").body
