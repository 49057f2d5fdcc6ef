"""The acknowledgment carries the dated promise; a 25 MB message goes through whole."""

from __future__ import annotations

import os
from datetime import datetime
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from fairdesk.channels.email.ingest import ingest, raw_message
from fairdesk.channels.email.models import InboundState
from fairdesk.lib import clock

from .mailfactory import raw_mail

pytestmark = pytest.mark.django_db
MONDAY_10 = datetime(2027, 6, 7, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def test_acknowledgment_names_the_first_response_promise(
    support, olga, django_capture_on_commit_callbacks
):
    from fairdesk.promises.presets import ensure_presets

    ensure_presets()  # the Standard policy: first response within 8 open hours, Mo–Fr 08–18
    with clock.frozen_at(MONDAY_10), django_capture_on_commit_callbacks(execute=True):
        ingest(raw_mail(sender="Olga Other <olga@other.example>", subject="Invoice wrong"))
    [ack] = [message_from_bytes(m.raw, policy=policy.default) for m in mail.outbox]
    text = ack.get_body(("plain",)).get_content()
    assert "We will answer by Monday, 7 June 2027, 18:00." in text
    assert "Monday, 7 June 2027, 18:00" in ack.get_body(("html",)).get_content()


def test_acknowledgment_without_promise_says_no_date(
    support, olga, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ingest(raw_mail(sender="olga@other.example"))
    text = message_from_bytes(mail.outbox[0].raw, policy=policy.default).get_body(("plain",))
    assert "We will answer by" not in text.get_content()


@pytest.mark.slow  # builds and stores a 25 MB message
def test_a_25_mb_message_is_stored_with_its_attachment(support, kurt):
    video = os.urandom(18 * 1024 * 1024)  # about 25 MB once base64-encoded
    raw = raw_mail(attachments=[("urlaub.mp4", video)])
    assert len(raw) > 24 * 1024 * 1024
    inbound = ingest(raw).inbound
    assert inbound.state == InboundState.STORED
    [attachment] = inbound.entry.attachments.all()
    assert (attachment.filename, attachment.size) == ("urlaub.mp4", len(video))
    assert raw_message(inbound) == raw
