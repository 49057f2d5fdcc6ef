"""Store first, file right after: `receive` makes a message durable and nothing more, and the
drain files it through the same rules as `ingest`, exactly once."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from django.core import mail
from django.db import OperationalError

from fairdesk.cases.models import Case, Entry
from fairdesk.channels.email import drain, filing
from fairdesk.channels.email.ingest import ingest, raw_message, receive
from fairdesk.channels.email.model import Limits
from fairdesk.channels.email.models import InboundMessage, InboundState, OutboundMessage
from fairdesk.lib import clock
from fairdesk.promises.models import Kind, Promise
from fairdesk.promises.presets import ensure_presets

from .mailfactory import raw_mail

pytestmark = pytest.mark.django_db


def filed(raw: bytes, capture) -> InboundMessage:  # noqa: ANN001  (the capture fixture)
    """`raw` received, then filed by the drain with its mail sent, as the LMTP server does."""
    inbound = receive(raw, source="lmtp").inbound
    with capture(execute=True):
        assert drain.process(inbound.pk)
    inbound.refresh_from_db()
    return inbound


def test_a_received_message_is_stored_and_nothing_more(support, kurt):
    raw = raw_mail(subject="Router blinkt rot")
    result = receive(raw, source="lmtp")
    inbound = result.inbound
    assert result.created and inbound.state == InboundState.RECEIVED
    assert (inbound.sender, inbound.subject) == ("kurt@example.org", "Router blinkt rot")
    assert raw_message(inbound) == raw
    assert inbound.case is None and Case.objects.count() == 0 and mail.outbox == []
    assert drain.waiting() == [inbound.pk]


def test_the_drain_files_it_as_ingest_would_with_one_acknowledgment(
    support, kurt, django_capture_on_commit_callbacks
):
    inbound = filed(raw_mail(subject="Router blinkt rot"), django_capture_on_commit_callbacks)
    assert inbound.state == InboundState.STORED and inbound.case.customer == kurt
    assert "keine Verbindung" in inbound.entry.body
    [ack] = [message_from_bytes(m.raw, policy=policy.default) for m in mail.outbox]
    assert ack["To"] == "kurt@example.org" and inbound.case.reference in ack["Subject"]
    # Filed once: a second drain of the same row finds nothing to claim.
    with django_capture_on_commit_callbacks(execute=True):
        assert not drain.process(inbound.pk)
        assert drain.drain() == 0
    assert len(mail.outbox) == 1 and Entry.objects.filter(case=inbound.case).count() >= 1
    assert OutboundMessage.objects.filter(kind="ack").count() == 1


def test_a_second_delivery_is_a_duplicate_before_and_after_filing(support, kurt):
    raw = raw_mail()
    first = receive(raw, source="lmtp").inbound
    again = receive(raw, source="lmtp")
    assert not again.created and again.inbound.pk == first.pk
    # Same Message-ID, other bytes (another Received line): the fingerprint decides.
    assert not receive(b"Received: from mx2\r\n" + raw, source="lmtp").created
    # The pipe knows a received message too.
    assert not ingest(raw).created
    drain.process(first.pk)
    after = receive(raw, source="lmtp")
    assert not after.created and after.inbound.case is not None
    assert InboundMessage.objects.count() == 1 and Case.objects.count() == 1


def test_oldest_first_so_a_reply_finds_the_case_it_answers(
    support, kurt, django_capture_on_commit_callbacks
):
    first = raw_mail(message_id="<frage@example.org>", subject="Frage")
    reply = raw_mail(subject="Re: Frage", in_reply_to="<frage@example.org>", body="Noch was.")
    receive(first, source="lmtp")
    receive(reply, source="lmtp")
    with django_capture_on_commit_callbacks(execute=True):
        assert drain.drain() == 2
    cases = {row.case_id for row in InboundMessage.objects.all()}
    assert len(cases) == 1 and not drain.waiting()


def test_a_message_that_cannot_be_parsed_is_filed_unparsed(
    support, django_capture_on_commit_callbacks
):
    raw = raw_mail(subject="Viele Teile", body="x" * 2000)
    inbound = receive(raw, source="lmtp").inbound
    with django_capture_on_commit_callbacks(execute=True):
        assert drain.process(inbound.pk, limits=Limits(max_bytes=1000))
    inbound.refresh_from_db()
    assert inbound.state == InboundState.UNPARSED and inbound.case is not None
    assert inbound.entry.attachments.get().filename.endswith(".eml")
    assert raw_message(inbound) == raw


def test_a_filing_failure_keeps_the_raw_message_flagged(support, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug while filing")

    raw = raw_mail(subject="Kaputt")
    inbound = receive(raw, source="lmtp").inbound
    monkeypatch.setattr(filing, "_file_message", broken)
    assert drain.process(inbound.pk)
    inbound.refresh_from_db()
    assert inbound.state == InboundState.UNPARSED and "ValueError" in inbound.reason
    assert inbound.case is None and raw_message(inbound) == raw
    assert Case.objects.count() == 0 and not drain.waiting()


def test_a_temporary_failure_leaves_the_message_waiting(support, monkeypatch):
    def database_gone(*args, **kwargs):
        raise OperationalError("database is locked")

    inbound = receive(raw_mail(), source="lmtp").inbound
    monkeypatch.setattr(filing, "_file_message", database_gone)
    with pytest.raises(OperationalError):
        drain.drain()
    assert drain.waiting() == [inbound.pk] and Case.objects.count() == 0
    monkeypatch.undo()
    assert drain.drain() == 1 and Case.objects.count() == 1


@pytest.mark.parametrize(
    "raw",
    [
        raw_mail(headers={"Auto-Submitted": "auto-replied"}, subject="Abwesend"),
        b"Return-Path: <>\r\n" + raw_mail(subject="Undeliverable: Ihre Anfrage"),
    ],
    ids=["auto-reply", "empty return path"],
)
def test_loop_rules_still_apply(support, raw, django_capture_on_commit_callbacks):
    inbound = filed(raw, django_capture_on_commit_callbacks)
    assert inbound.auto_reply_allowed is False and inbound.auto_reply_reason
    assert mail.outbox == []


def test_the_periodic_job_takes_only_mail_left_behind(support, kurt):
    stored_at = clock.now()
    with clock.frozen_at(stored_at):
        inbound = receive(raw_mail(), source="lmtp").inbound
        drain.run()  # fresh: the LMTP server's own drain is about to file it
        assert drain.waiting() == [inbound.pk]
    with clock.frozen_at(stored_at + drain.LEFT_BEHIND + timedelta(seconds=1)):
        drain.run()
    assert not drain.waiting() and Case.objects.count() == 1


def test_the_case_and_its_promise_count_from_when_the_mail_was_received(
    support, kurt, django_capture_on_commit_callbacks
):
    ensure_presets()  # every new case gets its first-response promise
    received = clock.now()
    with clock.frozen_at(received):
        first = receive(raw_mail(subject="Router blinkt rot"), source="lmtp").inbound
    later = received + timedelta(minutes=5)
    with clock.frozen_at(later):
        again = receive(raw_mail(subject="Immer noch rot"), source="lmtp").inbound
    # A burst: the drain files both ten minutes after they were stored.
    with (
        clock.frozen_at(received + timedelta(minutes=15)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert drain.drain() == 2
    first.refresh_from_db()
    again.refresh_from_db()
    case = first.case
    assert again.case == case  # Kurt's second mail joins his open case
    assert case.created_at == first.entry.created_at == received
    assert again.entry.created_at == later
    promise = Promise.objects.get(case=case, kind=Kind.FIRST_RESPONSE)
    assert promise.started_at == received
