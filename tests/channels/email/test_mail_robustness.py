"""Ingest never loses, never drops and never answers a robot (issue 16), one small message each."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core import mail
from django.db import OperationalError
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fairdesk.cases.models import Case
from fairdesk.channels.email import filing
from fairdesk.channels.email.ingest import ingest, raw_message
from fairdesk.channels.email.models import InboundMessage, InboundState, OutboundMessage
from fairdesk.channels.email.reasons import describe
from fairdesk.promises.models import Promise
from tests.properties import examples

from .mailfactory import raw_mail

pytestmark = pytest.mark.django_db


# 1. No message stuck forever ------------------------------------------------------------


def test_an_undecodable_display_name_is_stored_not_retried(support):
    raw = (
        b"From: =?utf-8?B?/w==?= <a@b.example>\nSubject: Hilfe\nMessage-ID: <u1@b.example>\n\nText"
    )
    inbound = ingest(raw).inbound
    assert inbound.state == InboundState.STORED
    assert inbound.case.customer.emails.get().address == "a@b.example"


def test_a_failure_that_is_not_temporary_keeps_the_raw_message_flagged(support, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug while filing")

    monkeypatch.setattr(filing, "_file_message", broken)
    raw = raw_mail(subject="Kaputt")
    result = ingest(raw)
    assert result.created and result.inbound.state == InboundState.UNPARSED
    assert "ValueError" in result.inbound.reason and result.inbound.case is None
    assert raw_message(result.inbound) == raw
    assert not ingest(raw).created  # and a redelivery is recognised


def test_a_temporary_failure_asks_for_a_retry_and_stores_nothing(support, monkeypatch):
    def database_gone(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(filing, "_file_message", database_gone)
    with pytest.raises(OperationalError):
        ingest(raw_mail())
    assert InboundMessage.objects.count() == 0


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(raw=st.binary(min_size=1, max_size=600))
def test_any_bytes_give_a_stored_or_flagged_row(support, raw):
    inbound = ingest(raw).inbound
    assert inbound.pk and inbound.state in InboundState.values
    before = InboundMessage.objects.count(), Case.objects.count()
    assert not ingest(raw).created  # a redelivery stores nothing new
    assert (InboundMessage.objects.count(), Case.objects.count()) == before


# 2. No message silently dropped as a "duplicate" ----------------------------------------


def test_a_different_message_under_a_known_message_id_is_stored_and_flagged(support):
    first = ingest(raw_mail(message_id="<fixed@script.example>", subject="Zähler 1")).inbound
    other = ingest(raw_mail(message_id="<fixed@script.example>", subject="Zähler 2"))
    assert other.created and other.inbound.pk != first.pk
    assert other.inbound.state == InboundState.FLAGGED
    assert other.inbound.reason == "reused-id"
    stranger = ingest(raw_mail(message_id="<fixed@script.example>", sender="olga@example.com"))
    assert stranger.created


def test_another_text_under_the_same_headers_is_stored_and_flagged(support):
    # A script or a client that resends with the same Message-ID, sender, Date and Subject
    # but another text (45 messages of the shared corpus look so): none of them is lost.
    fixed = {
        "message_id": "<fixed@script.example>",
        "headers": {"Date": "Mon, 6 Jun 2005 22:21:22 +0200"},
    }
    first = ingest(raw_mail(body="Zählerstand 1", **fixed)).inbound
    other = ingest(raw_mail(body="Zählerstand 2", **fixed))
    assert other.created and other.inbound.pk != first.pk
    assert other.inbound.state == InboundState.FLAGGED and other.inbound.reason == "reused-id"


def test_the_same_message_with_other_line_endings_is_stored_once(support):
    raw = raw_mail(message_id="<r@example.org>", body="Zeile 1\nZeile 2\n")
    assert ingest(raw.replace(b"\n", b"\r\n")).created
    assert not ingest(b"Received: from relay2.example.net\n" + raw).created
    assert InboundMessage.objects.count() == 1


@pytest.mark.parametrize(
    ("folder", "names"),
    [
        # Same Message-ID, sender, Date and Subject; another body.
        ("attachment_emails", ["attachment_content_disposition.eml",
         "attachment_content_location.eml", "attachment_nonascii_filename.eml"]),
        # The same body, but another charset or another From.
        ("plain_emails", ["raw_email5.eml", "raw_email6.eml", "raw_email10.eml"]),
        ("plain_emails", ["basic_email.eml", "raw_email_with_at_display_name.eml"]),
    ],
)  # fmt: skip
def test_corpus_messages_sharing_their_headers_are_all_kept(support, corpus: Path, folder, names):
    results = [ingest((corpus / "mikel-mail" / folder / name).read_bytes()) for name in names]
    assert all(result.created for result in results)
    assert len({result.inbound.pk for result in results}) == len(names)


def test_a_corpus_message_with_other_line_endings_is_the_same(support, corpus: Path):
    folder = corpus / "mikel-mail" / "plain_emails"
    assert ingest((folder / "basic_email.eml").read_bytes()).created
    assert not ingest((folder / "basic_email_lf.eml").read_bytes()).created


def test_a_redelivery_with_other_transport_headers_is_the_same_message(support):
    raw = raw_mail(message_id="<r@example.org>")
    assert ingest(raw).created
    assert not ingest(b"Received: from relay2.example.net\n" + raw).created
    assert InboundMessage.objects.count() == 1


def test_a_message_stored_before_fingerprints_is_still_recognised(support):
    raw = raw_mail(message_id="<old@example.org>")
    first = ingest(raw).inbound
    InboundMessage.objects.filter(pk=first.pk).update(fingerprint=None)  # as before 0004
    assert not ingest(b"Received: from relay2.example.net\n" + raw).created


# 6. No robot answered, no backscatter, no robot opens a case with promises --------------


def test_an_auto_reply_to_our_acknowledgment_joins_its_case_without_a_clock(
    support, kurt, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = ingest(raw_mail()).inbound.case
    ack = OutboundMessage.objects.get()
    promises = Promise.objects.filter(case=case).count()
    away = raw_mail(
        subject="Automatische Antwort: Ihre Anfrage",
        in_reply_to=f"<{ack.message_id}>",
        body="Ich bin bis Montag nicht im Büro.",
        headers={"Auto-Submitted": "auto-replied"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        inbound = ingest(away).inbound
    assert inbound.case == case and inbound.state == InboundState.STORED
    entry = inbound.entry
    assert entry.data["mail"] == "auto_reply" and "nicht im Büro" in entry.body
    assert Promise.objects.filter(case=case).count() == promises
    assert Case.objects.count() == 1 and len(mail.outbox) == 1


def test_our_own_acknowledgment_fed_back_opens_no_case(
    support, kurt, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = ingest(raw_mail()).inbound.case
    [ack] = mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        inbound = ingest(ack.message().as_bytes()).inbound
    assert inbound.case == case and inbound.entry.data["mail"] == "own_mail"
    assert Case.objects.count() == 1 and len(mail.outbox) == 1


QMAIL_BOUNCE = b"""From: MAILER-DAEMON@mx.example.net
To: support@fairdesk.localhost
Subject: failure notice
Message-ID: <qmail-1@mx.example.net>

Hi. This is the qmail-send program at mx.example.net.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<kurt@example.org>:
550 no such user

--- Below this line is a copy of the message.

Message-ID: <%s>
Subject: We received your request

Text
"""


def test_a_plain_text_bounce_is_recognised_by_its_shape(
    support, kurt, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = ingest(raw_mail()).inbound.case
    ack = OutboundMessage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        inbound = ingest(QMAIL_BOUNCE % ack.message_id.encode()).inbound
    assert inbound.case == case and inbound.auto_reply_reason == "bounce"
    assert kurt.emails.get().bouncing_since is not None
    assert Case.objects.count() == 1 and len(mail.outbox) == 1


def test_a_bounce_without_its_message_id_is_traced_by_the_failed_address(
    support, kurt, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = ingest(raw_mail()).inbound.case
    inbound = ingest(QMAIL_BOUNCE % b"rewritten-by-a-relay@mx.example.net").inbound
    assert inbound.case == case and inbound.entry.data["mail"] == "bounce"


def test_a_bounce_for_an_unknown_message_is_kept_flagged_with_its_reason(support, kurt):
    inbound = ingest(QMAIL_BOUNCE % b"never-sent@elsewhere.example").inbound
    assert inbound.case is None and inbound.state == InboundState.FLAGGED
    assert Case.objects.count() == 0
    assert kurt.emails.get().bouncing_since is None  # a forged report marks nobody
    with translation.override("de"):
        assert (
            describe(inbound.reason)
            == "ein Unzustellbarkeitsbericht zu keiner uns bekannten Nachricht"
        )


def test_no_corpus_robot_opens_a_case_or_gets_a_mail(
    corpus: Path, support, django_capture_on_commit_callbacks
):
    manifest = (corpus / "MANIFEST.tsv").read_text().splitlines()[1:]
    robots = [
        line.split("\t")[0]
        for line in manifest
        if any(kind in line.split("\t")[-1] for kind in ("auto-reply", "bounce-"))
        and not line.split("\t")[-1].startswith("not-a-bounce")
    ]
    assert len(robots) >= 50
    with django_capture_on_commit_callbacks(execute=True):
        for name in robots:
            ingest((corpus / name).read_bytes())
    opened = list(
        InboundMessage.objects.filter(case__isnull=False).values_list("sender", flat=True)
    )
    assert opened == [] and Promise.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.slow
def test_every_corpus_message_is_stored_or_flagged(
    corpus: Path, support, django_capture_on_commit_callbacks
):
    from .conftest import corpus_messages

    messages = corpus_messages()
    with django_capture_on_commit_callbacks(execute=True):
        results = [ingest(path.read_bytes()) for path in messages]
    assert all(result.inbound.pk for result in results)
    states = {result.inbound.state for result in results}
    assert states <= set(InboundState.values)
    print(f"corpus: {len(messages)} files, {InboundMessage.objects.count()} rows, states {states}")
