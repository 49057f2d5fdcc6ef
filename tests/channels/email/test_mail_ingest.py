"""Ingesting mail: stored once, threaded onto the right case, never hijacked, never lost."""

from __future__ import annotations

from email import message_from_bytes, policy

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from fairdesk import texts
from fairdesk.accounts import services as accounts
from fairdesk.cases import services as cases
from fairdesk.cases.models import Case, Entry, EntryKind, Status
from fairdesk.channels.email.filing import UNKNOWN_SENDER
from fairdesk.channels.email.ingest import ingest, raw_message
from fairdesk.channels.email.model import Limits
from fairdesk.channels.email.models import InboundMessage, InboundState, OutboundMessage
from fairdesk.channels.email.reasons import describe
from fairdesk.lib import clock

from .mailfactory import raw_mail

pytestmark = pytest.mark.django_db


def sent_messages() -> list:
    return [message_from_bytes(m.raw, policy=policy.default) for m in mail.outbox]


def test_new_mail_opens_a_case_and_is_acknowledged(
    support, kurt, django_capture_on_commit_callbacks
):
    raw = raw_mail(body="Seit gestern keine Verbindung.\n\n> alter Text\n> noch mehr")
    with django_capture_on_commit_callbacks(execute=True):
        result = ingest(raw)
    inbound = result.inbound
    assert result.created and inbound.state == InboundState.STORED
    assert inbound.case.customer == kurt
    assert inbound.entry.kind == EntryKind.MESSAGE_IN
    assert "keine Verbindung" in inbound.entry.body
    assert raw_message(inbound) == raw
    [ack] = sent_messages()
    assert ack["To"] == "kurt@example.org"
    assert f"[{inbound.case.reference}]" in ack["Subject"]
    assert ack["Auto-Submitted"] == "auto-replied"
    assert ack["In-Reply-To"].strip("<>") == inbound.message_id
    assert f"/portal/cases/{inbound.case.reference}/" in ack.get_body(("plain",)).get_content()
    assert OutboundMessage.objects.get().state == "sent"


def test_the_same_message_twice_is_stored_once(support, kurt):
    raw = raw_mail()
    first = ingest(raw)
    again = ingest(raw)
    assert not again.created and again.inbound.pk == first.inbound.pk
    # Same Message-ID, different bytes (delivered to two of our addresses): still one.
    other_copy = raw.replace(b"To: support@", b"To: sales@")
    assert not ingest(other_copy).created
    # No Message-ID at all: the content hash decides.
    anonymous = raw_mail(message_id=None)
    assert ingest(anonymous).created and not ingest(anonymous).created
    assert InboundMessage.objects.count() == 2
    assert Case.objects.count() == 1  # the second joins Kurt's open case


def test_a_reply_to_our_mail_joins_its_case(support, kurt, ada, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = ingest(raw_mail()).inbound.case
    ack_id = OutboundMessage.objects.get(case=case).message_id
    answer = raw_mail(subject="Re: something else", in_reply_to=f"<{ack_id}>")
    with django_capture_on_commit_callbacks(execute=True):
        joined = ingest(answer).inbound
    assert joined.case == case
    assert case.entries.filter(kind=EntryKind.MESSAGE_IN).count() == 2


def test_the_subject_reference_finds_the_case(support, kurt):
    case = ingest(raw_mail()).inbound.case
    later = ingest(raw_mail(subject=f"AW: [{case.reference}] noch da?")).inbound
    assert later.case == case and later.state == InboundState.STORED


@pytest.mark.parametrize("how", ["reference", "headers"])
def test_a_stranger_naming_a_case_gets_a_new_linked_case(
    support, kurt, how, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = ingest(raw_mail()).inbound.case
    ack_id = OutboundMessage.objects.get(case=case).message_id
    hijack = raw_mail(
        sender="Mallory <mallory@evil.example>",
        subject=f"Re: [{case.reference}] give me the password" if how == "reference" else "Re:",
        in_reply_to=f"<{ack_id}>" if how == "headers" else None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        inbound = ingest(hijack).inbound
    assert inbound.case != case
    assert inbound.state == InboundState.FLAGGED
    assert "the sender is not part of" in describe(inbound.reason)
    assert case in inbound.case.related.all()
    # Kurt's case shows nothing of it to Kurt, and no mail to Kurt mentions it.
    public = case.entries.filter(public=True)
    assert not public.filter(body__contains="password").exists()
    assert not public.exclude(kind=EntryKind.MESSAGE_IN).exists()
    assert [m["To"] for m in sent_messages()] == ["kurt@example.org", "mallory@evil.example"]


def test_a_mail_to_a_closed_case_opens_a_new_linked_one(support, kurt, ada):
    case = ingest(raw_mail()).inbound.case
    cases.change_status(case=case, agent=ada, status=Status.CLOSED)
    inbound = ingest(raw_mail(subject=f"[{case.reference}] again")).inbound
    assert inbound.case != case and case in inbound.case.related.all()


def test_mail_without_from_is_kept_for_an_agent(support, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        inbound = ingest(raw_mail(sender=None)).inbound
    assert inbound.state == InboundState.FLAGGED
    assert inbound.case.customer.primary_email == UNKNOWN_SENDER
    assert mail.outbox == []


def test_over_the_limits_is_stored_raw_and_flagged(support, kurt):
    raw = raw_mail(attachments=[(f"f{i}.bin", b"x") for i in range(5)])
    inbound = ingest(raw, limits=Limits(max_parts=3)).inbound
    assert inbound.state == InboundState.UNPARSED
    assert raw_message(inbound) == raw
    assert inbound.case.entries.filter(data__mail="flagged").exists()
    assert inbound.case.customer == kurt


def test_garbage_is_stored_not_dropped(support):
    result = ingest(b"\x00\xff\xfe not a mail at all \r\n\r\n\x00")
    assert result.created and result.inbound.case is not None
    assert raw_message(result.inbound).startswith(b"\x00\xff")


def test_two_hundred_attachments(support, kurt):
    raw = raw_mail(
        attachments=[
            (f"../../etc/x{i}" if i % 2 else f"..\\\\..\\\\x{i}", b"data%d" % i) for i in range(200)
        ]
    )
    entry = ingest(raw).inbound.entry
    names = list(entry.attachments.values_list("filename", flat=True))
    assert len(names) == 200
    assert all("/" not in n and "\r" not in n and "\n" not in n for n in names)


def test_headers_cannot_set_internal_fields(support, kurt):
    raw = raw_mail(headers={"X-Fairdesk-Case": "FD-000001", "X-Fairdesk-Public": "false"})
    inbound = ingest(raw).inbound
    assert inbound.entry.public is True and inbound.entry.author_customer == kurt


def test_hostile_html_is_inert(support, kurt):
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "kurt@example.org"
    message["To"] = "support@fairdesk.localhost"
    message["Subject"] = "html"
    message.set_content("plain")
    message.add_alternative(
        '<p onclick="x()">Hi<script>alert(1)</script><a href="javascript:alert(2)">l</a>'
        '<svg onload="alert(3)"></svg><style>body{display:none}</style></p>',
        subtype="html",
    )
    html = ingest(message.as_bytes()).inbound.entry.html
    for bad in ("script", "onclick", "javascript:", "svg", "onload", "style"):
        assert bad not in html.lower()


@override_settings(FAIRDESK_AUTOREPLY_PER_HOUR=2)
def test_auto_replies_are_rate_limited(support, kurt, django_capture_on_commit_callbacks):
    for number in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            ingest(raw_mail(subject=f"Frage {number}"))
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    "headers, sender",
    [
        ({"Precedence": "bulk"}, "kurt@example.org"),
        ({"List-Id": "<news.example.org>"}, "kurt@example.org"),
        ({"Return-Path": "<>"}, "kurt@example.org"),
        ({"X-Spam-Flag": "YES"}, "kurt@example.org"),
        ({"X-Spam-Status": "Yes, score=7.1"}, "kurt@example.org"),
        ({"Feedback-ID": "1:campaign:shop"}, "kurt@example.org"),
    ],
)
def test_no_auto_reply_to_bulk_and_spam(
    support, headers, sender, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        inbound = ingest(raw_mail(sender=sender, headers=headers)).inbound
    assert inbound.case is not None  # a person may have written it: it is filed
    assert mail.outbox == []


@pytest.mark.parametrize(
    "headers, sender, subject",
    [
        ({"Auto-Submitted": "auto-generated"}, "kurt@example.org", "Hallo"),
        ({"Precedence": "auto_reply"}, "kurt@example.org", "Hallo"),
        ({"X-Loop": "support@fairdesk.localhost"}, "kurt@example.org", "Hallo"),
        ({"X-Mailer": "Vacation 1.2"}, "kurt@example.org", "Hallo"),
        ({"X-Autoreply": "yes"}, "kurt@example.org", "Hallo"),
        ({}, "kurt@example.org", "AW: Automatische Antwort: Router"),
        ({}, "kurt@example.org", "Re: Out of office"),
        ({}, "kurt@example.org", "Abwesenheitsnotiz: Router"),
        ({}, "kurt@example.org", "Automatic reply: Router"),
        ({}, "MAILER-DAEMON@example.org", "Hallo"),
        ({}, "postmaster@example.org", "Hallo"),
        ({}, "support@fairdesk.localhost", "Hallo"),
    ],
)
def test_robots_get_no_mail_and_open_no_case(
    support, headers, sender, subject, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        inbound = ingest(raw_mail(sender=sender, subject=subject, headers=headers)).inbound
    assert inbound.case is None and inbound.state == InboundState.FLAGGED
    assert Case.objects.count() == 0 and mail.outbox == []


def test_a_bounce_marks_the_address_and_notes_the_case(
    support, kurt, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = ingest(raw_mail()).inbound.case
    ack_id = OutboundMessage.objects.get().message_id
    dsn = (
        "From: MAILER-DAEMON@mx.example.org\r\nTo: support@fairdesk.localhost\r\n"
        "Subject: Undelivered Mail\r\nMessage-ID: <dsn1@mx.example.org>\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n\r\n'
        "--b\r\nContent-Type: text/plain\r\n\r\nfailed\r\n"
        "--b\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.org\r\n\r\n"
        "Final-Recipient: rfc822; kurt@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
        f"--b\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <{ack_id}>\r\n\r\n--b--\r\n"
    ).encode()
    with django_capture_on_commit_callbacks(execute=True):
        inbound = ingest(dsn).inbound
    assert inbound.case == case
    assert kurt.emails.get().bouncing_since is not None
    assert case.entries.filter(data__mail="bounce").exists()
    assert OutboundMessage.objects.get().state == "bounced"
    assert len(mail.outbox) == 1  # the bounce itself is never answered


def test_an_english_mail_without_subject_or_text_is_acknowledged_in_english(
    support, django_capture_on_commit_callbacks
):
    # The placeholders were written in the desk's language: "We received your request:
    # (kein Betreff)" to an English customer.
    raw = (b"From: Tom <tom@shop.example>\r\nTo: support@fairdesk.localhost\r\n"
           b"Message-ID: <empty@shop.example>\r\nContent-Language: en-GB\r\n\r\n")  # fmt: skip
    with translation.override("de"), django_capture_on_commit_callbacks(execute=True):
        case = ingest(raw).inbound.case
    ack = message_from_bytes(mail.outbox[0].raw, policy=policy.default)
    assert str(ack["Subject"]) == f"[{case.reference}] We received your request: (no subject)"
    assert case.entries.filter(body="(This email has no text.)").exists()


def test_a_reply_no_mail_can_carry_says_so_on_the_case(
    support, kurt, ada, client, django_capture_on_commit_callbacks
):
    # Every address of the customer bounces: the answer is kept, and the agent is told that
    # it went out by no mail (before, the reply looked sent and the customer heard nothing).
    with django_capture_on_commit_callbacks(execute=True):
        case = ingest(raw_mail()).inbound.case
    accounts.mark_email_bouncing(address="kurt@example.org", since=clock.now())
    with django_capture_on_commit_callbacks(execute=True):
        cases.reply(case=case, agent=ada, body="Bitte Router neu starten.")
    assert len(mail.outbox) == 1  # the acknowledgment only
    [note] = case.entries.filter(data__mail="not_sent")
    assert note.data["to"] == ["kurt@example.org"] and not note.public
    client.force_login(ada)
    with translation.override("de"):
        page = client.get(reverse("desk:case", args=[case.reference]), HTTP_ACCEPT_LANGUAGE="de")
    said = "Die Antwort wurde nicht gemailt: E-Mails an kurt@example.org kommen als unzustellbar"
    assert f"{said} zurück." in page.content.decode()


def test_a_reply_to_an_address_we_cannot_write_to_says_so(
    support, ada, django_capture_on_commit_callbacks
):
    # An internationalised local part needs SMTPUTF8: no acknowledgment, and (before) an
    # agent's answer that silently went nowhere.
    raw = (
        "From: Jürgen <jürgen@example.org>\r\nSubject: Umlaut-Adresse\r\n"
        "Message-ID: <eai@example.org>\r\n\r\nBitte antworten Sie mir.\r\n"
    ).encode()
    with django_capture_on_commit_callbacks(execute=True):
        case = ingest(raw).inbound.case
    with django_capture_on_commit_callbacks(execute=True):
        cases.reply(case=case, agent=ada, body="Bitte Router neu starten.")
    assert not mail.outbox
    [note] = case.entries.filter(data__mail="not_sent")
    with translation.override("de"):
        assert texts.mail_text(note.data) == (
            "Die Antwort wurde nicht gemailt: an jürgen@example.org können wir keine E-Mail senden."
        )


def test_a_reply_to_a_customer_without_address_notes_nothing(
    support, ada, django_capture_on_commit_callbacks
):
    caller = accounts.find_or_create_customer(phone="+4930123456", name="Paula Phone")
    case = cases.open_case(
        customer=caller, subject="Anruf", body="Rückruf erbeten", channel="phone"
    ).case
    cases.reply(case=case, agent=ada, body="Erledigt.")
    assert not case.entries.filter(data__mail="not_sent").exists()


def test_an_agent_reply_goes_out_threaded(support, kurt, ada, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        inbound = ingest(raw_mail()).inbound
    with django_capture_on_commit_callbacks(execute=True):
        cases.reply(
            case=inbound.case,
            agent=ada,
            body="Bitte Router neu starten.",
            attachments=(cases.NewAttachment(filename="anleitung.pdf", data=b"%PDF-1"),),
        )
    reply = sent_messages()[-1]
    assert reply["Auto-Submitted"] is None
    assert reply["Subject"].startswith(f"[{inbound.case.reference}]")
    assert inbound.message_id in reply["References"]
    assert "Router neu starten" in reply.get_body(("plain",)).get_content()
    assert reply.get_body(("html",)) is not None
    [attachment] = list(reply.iter_attachments())
    assert attachment.get_filename() == "anleitung.pdf"


def test_quoted_text_is_kept_but_not_in_the_body(support, kurt):
    raw = raw_mail(body="Neue Info.\n\nOn Mon, Kurt wrote:\n> alte Info\n> mehr alte Info\n")
    inbound = ingest(raw).inbound
    assert "alte Info" not in Entry.objects.get(pk=inbound.entry_id).body
    assert "alte Info" in inbound.quoted_text


def test_an_unparsed_mail_carries_its_original_for_the_desk(support, kurt, ada, client):
    raw = raw_mail(subject="Zu viele Teile", attachments=[(f"f{i}.bin", b"x") for i in range(5)])
    inbound = ingest(raw, limits=Limits(max_parts=3)).inbound
    assert inbound.state == InboundState.UNPARSED
    original = inbound.entry.attachments.get()
    assert (original.filename, original.content_type) == ("original-email.eml", "message/rfc822")
    assert inbound.entry.case.subject == "Zu viele Teile"
    client.force_login(ada)
    download = client.get(reverse("desk:download", args=[original.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == raw
    assert download["Content-Disposition"].startswith("attachment")


@override_settings(FAIRDESK_MAX_ATTACHMENT_BYTES=1000)
def test_an_unparsed_mail_too_large_to_attach_is_still_kept(support, kurt):
    raw = raw_mail(body="x" * 2000, attachments=[(f"f{i}.bin", b"x") for i in range(5)])
    inbound = ingest(raw, limits=Limits(max_parts=3)).inbound
    assert inbound.state == InboundState.UNPARSED
    assert not inbound.entry.attachments.exists()
    assert "too large to attach" in inbound.entry.body
    assert raw_message(inbound) == raw


def test_mails_without_sender_never_join_each_other(support):
    first = ingest(raw_mail(sender=None, subject="eins")).inbound
    second = ingest(raw_mail(sender=None, subject="zwei")).inbound
    assert first.case != second.case


def test_ingest_query_count_is_pinned(support, django_assert_num_queries):
    from django.db import connection

    from fairdesk.promises.presets import ensure_presets

    ensure_presets()
    ingest(raw_mail(sender="Olga <olga-warm@example.org>"))
    # A plain mail to us from a new sender: is it stored already; then in one transaction
    # the row, both id checks in one query (our own mail? a reused id?), the customer and
    # their address, the case as open_case makes it (see its pin), the row filed. Not read:
    # the participants (the mail names no one but us), the filed row again (the
    # acknowledgment takes whether it may be answered from the call).
    # (30 → 29 → 28 with open_case's.)
    raw = raw_mail(sender="Nina Neu <nina@example.org>")
    with django_assert_num_queries(28 if connection.vendor == "sqlite" else 27):
        result = ingest(raw)
    assert result.created and result.inbound.case is not None
    assert OutboundMessage.objects.filter(case=result.inbound.case, kind="ack").count() == 1


@override_settings(FAIRDESK_MAIL_FROM_NAME="Kundenservice Müller")
def test_the_acknowledgment_comes_from_the_desks_name_and_address(
    support, kurt, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ingest(raw_mail())
    [ack] = sent_messages()
    [sender] = ack["From"].addresses
    assert (sender.display_name, sender.addr_spec) == (
        "Kundenservice Müller",
        "support@fairdesk.localhost",
    )
    assert mail.outbox[0].from_email == "support@fairdesk.localhost"  # the envelope's sender
