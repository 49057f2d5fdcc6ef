"""Outbound mail is queued with the service's own commit and written by the sender."""

from __future__ import annotations

from email import message_from_bytes, policy

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings

from fairdesk.cases import services as cases
from fairdesk.channels.email import tasks
from fairdesk.channels.email.ingest import ingest
from fairdesk.channels.email.models import OutboundMessage
from fairdesk.lib.files import stored_path

from .mailfactory import raw_mail

pytestmark = pytest.mark.django_db


def test_the_task_stores_what_it_wrote_and_sends_it_again_unchanged(
    support, kurt, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = ingest(raw_mail()).inbound.case
    outbound = OutboundMessage.objects.get(case=case)
    [first] = mail.outbox
    assert bytes(outbound.raw) == first.raw
    sent = message_from_bytes(first.raw, policy=policy.default)
    assert sent["Message-ID"].strip("<>") == outbound.message_id
    assert outbound.subject == str(sent["Subject"])
    # As after a worker that died between sending and noting it: the next try sends the same.
    OutboundMessage.objects.filter(pk=outbound.pk).update(state="queued")
    tasks.send_outbound.call(outbound.pk)
    assert mail.outbox[1].raw == first.raw


def test_a_mail_that_cannot_be_written_shows_as_failed_on_the_case(
    support, kurt, ada, tmp_path, django_capture_on_commit_callbacks
):
    with override_settings(FAIRDESK_ATTACHMENT_DIR=tmp_path):
        with django_capture_on_commit_callbacks(execute=True):
            case = ingest(raw_mail()).inbound.case
        with django_capture_on_commit_callbacks():  # the sending task is left for below
            entry = cases.reply(
                case=case,
                agent=ada,
                body="Anbei die Anleitung.",
                attachments=(cases.NewAttachment(filename="a.txt", data=b"Anleitung"),),
            )
        stored_path(settings.FAIRDESK_ATTACHMENT_DIR, entry.attachments.get().sha256).unlink()
        reply = OutboundMessage.objects.get(entry=entry)
        assert tasks.send_outbound.call(reply.pk) == "failed"
    reply.refresh_from_db()
    assert reply.state == "failed" and "FileNotFoundError" in reply.last_error
    assert case.entries.filter(data__mail="send_failed").exists()
    assert len(mail.outbox) == 1  # the acknowledgment only
