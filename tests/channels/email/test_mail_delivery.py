"""Acknowledgments at least once, never twice; no task orphaned; polling in the worker."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from fairdesk import jobs
from fairdesk.channels.email import tasks
from fairdesk.channels.email.imap import poll_all
from fairdesk.channels.email.ingest import ingest
from fairdesk.channels.email.mailboxes import parse_mailbox_url
from fairdesk.channels.email.models import InboundMessage, OutboundMessage
from fairdesk.channels.email.sender import SEND_TASK, claim, send_due
from fairdesk.lib import clock

from .mailfactory import raw_mail
from .servers import free_port

pytestmark = pytest.mark.django_db


def test_the_acknowledgment_row_commits_with_the_message(
    support, kurt, django_capture_on_commit_callbacks
):
    # A process killed right after the commit runs none of its on-commit callbacks.
    with django_capture_on_commit_callbacks(execute=False):
        ingest(raw_mail())
    outbound = OutboundMessage.objects.get()
    assert outbound.state == "queued" and mail.outbox == []
    assert send_due() == 1  # the worker's periodic job sends it
    assert OutboundMessage.objects.get().state == "sent" and len(mail.outbox) == 1


def test_a_redelivery_never_sends_twice(support, kurt, django_capture_on_commit_callbacks):
    raw = raw_mail()
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            ingest(raw)
    send_due()
    assert OutboundMessage.objects.count() == 1 and len(mail.outbox) == 1


def test_a_dead_senders_lease_expires_and_the_mail_is_taken_over(
    support, kurt, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        ingest(raw_mail())
    outbound = OutboundMessage.objects.get()
    assert claim(outbound.pk)  # a worker takes it, then dies mid-send
    assert not claim(outbound.pk) and send_due() == 0  # held: nobody else sends it
    later = clock.now() + timedelta(seconds=settings.FAIRDESK_MAIL_SEND_LEASE + 1)
    with clock.frozen_at(later):
        assert send_due() == 1
    outbound.refresh_from_db()
    assert (outbound.state, outbound.attempts) == ("sent", 2) and len(mail.outbox) == 1


def test_a_send_task_left_running_by_a_dead_worker_is_ended(
    support, kurt, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        ingest(raw_mail())
    outbound = OutboundMessage.objects.get()
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        result = tasks.send_outbound.enqueue(outbound.pk)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=clock.now()
    )
    later = clock.now() + timedelta(seconds=settings.FAIRDESK_MAIL_SEND_LEASE + 1)
    with clock.frozen_at(later):
        assert send_due() == 1
    orphan = DBTaskResult.objects.get(pk=result.id)
    assert orphan.task_path == SEND_TASK and orphan.status == TaskResultStatus.FAILED
    assert len(mail.outbox) == 1


# Committed for real: django-tasks' worker closes a connection left inside a transaction.
@pytest.mark.django_db(transaction=True)
def test_with_tasks_in_the_database_every_worker_round_sends_the_new_rows(support, kurt, olga):
    """There the mail's row is its own announcement: no task row is written beside it, and
    each round of `fairdesk worker` sends it, whether or not the round's periodic slot for
    `mail.send` was taken already."""
    from django.core.management import call_command

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        ingest(raw_mail())
        assert not DBTaskResult.objects.exists() and mail.outbox == []
        call_command("worker", "--once")
        assert len(mail.outbox) == 1
        ingest(raw_mail(sender="Olga <olga@example.org>", subject="Rechnung"))
        call_command("worker", "--once")  # the same 30 s slot (almost always)
    assert [message.to for message in mail.outbox] == [["kurt@example.org"], ["olga@example.org"]]
    assert set(OutboundMessage.objects.values_list("state", flat=True)) == {"sent"}


def test_the_worker_runs_sending_and_polling_jobs():
    names = {job.name: job.run for job in jobs.PERIODIC}
    assert names["mail.send"] == "fairdesk.channels.email.sender.send_due"
    assert names["mail.poll"] == "fairdesk.channels.email.imap.poll_all"


@pytest.mark.slow
def test_one_failing_mailbox_never_stops_the_others(dovecot, support, kurt):
    from .test_mail_processes import _append

    _append(dovecot, raw_mail(subject="trotzdem da"))
    broken = parse_mailbox_url(f"imap://desk:secret@127.0.0.1:{free_port()}/INBOX")
    with override_settings(FAIRDESK_IMAP_MAILBOXES=[broken, parse_mailbox_url(dovecot)]):
        results = poll_all()
        ran = jobs.run_due(worker="test", ignore_slots=True)
    assert results[broken.label] is None
    assert results[parse_mailbox_url(dovecot).label].stored == 1
    assert "mail.poll" in ran
    assert InboundMessage.objects.get().subject == "trotzdem da"
