"""Outbound composition, case references in subjects, loop rules and safe file names."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from fairdesk.channels.email.compose import (
    MAX_REFERENCES,
    compose,
    find_reference,
    subject_with_reference,
)
from fairdesk.channels.email.filenames import safe_filename
from fairdesk.channels.email.loops import auto_reply_allowed
from fairdesk.channels.email.model import Attachment
from fairdesk.channels.email.outbound import serialise
from fairdesk.channels.email.parse import parse_message
from fairdesk.channels.email.quoting import split_quoted
from tests.properties import examples

INJECTION = "Hallo\r\nBcc: victim@evil.example\nX-Evil: 1\r\n"


def test_crlf_in_header_values_cannot_add_a_header() -> None:
    message = compose(
        from_addr=(f"Desk{INJECTION}", "support@desk.example"),
        to_addrs=[("Kurt", "kurt@example.org")],
        subject=f"Ihr Fall{INJECTION}",
        text="body",
        message_id_domain="desk.example",
        extra_headers={"X-Fairdesk-Case": f"FD-000123{INJECTION}"},
    )
    raw = message.as_bytes()
    headers = message_from_bytes(raw, policy=policy.default)
    assert headers["Bcc"] is None and headers["X-Evil"] is None
    assert b"\nBcc:" not in raw and b"\nX-Evil:" not in raw


def test_invalid_address_and_forbidden_extra_header_are_refused() -> None:
    with pytest.raises(ValueError):
        compose(from_addr="support@desk.example", to_addrs=["kurt@example.org\r\nBcc: x@y.z"],
                subject="s", text="t", message_id_domain="desk.example")  # fmt: skip
    with pytest.raises(ValueError):
        compose(from_addr="support@desk.example", to_addrs=["kurt@example.org"], subject="s",
                text="t", message_id_domain="desk.example",
                extra_headers={"Bcc": "x@y.z"})  # fmt: skip


def test_reply_has_threading_auto_submitted_html_and_attachment() -> None:
    references = [f"id{i}@example.org" for i in range(50)]
    message = compose(
        from_addr="support@desk.example",
        to_addrs=["kurt@example.org"],
        subject="Re: Router",
        text="Hallo Kurt",
        html="<p>Hallo Kurt</p>",
        message_id_domain="desk.example",
        in_reply_to="<id49@example.org>",
        references=references,
        attachments=[Attachment("../../etc/passwd", "text/plain", b"hi")],
        auto_submitted="auto-replied",
        date=datetime(2024, 3, 5, 9, 0, tzinfo=UTC),
    )
    parsed = parse_message(message.as_bytes())
    assert parsed.in_reply_to == "id49@example.org"
    assert len(parsed.references) == MAX_REFERENCES
    assert parsed.references[0] == "id0@example.org"
    assert parsed.references[-1] == "id49@example.org"
    assert parsed.auto_submitted == "auto-replied"
    assert parsed.message_id and parsed.message_id.endswith("@desk.example")
    assert parsed.text == "Hallo Kurt" and "<p>Hallo Kurt</p>" in parsed.html
    assert [a.filename for a in parsed.attachments] == ["passwd"]
    assert message["Date"] == "Tue, 05 Mar 2024 09:00:00 +0000"


def _subject_as_received(subject: str) -> str:
    message = compose(from_addr="support@desk.example", to_addrs=["kurt@example.org"],
                      subject=subject, text="t", message_id_domain="desk.example")  # fmt: skip
    raw = serialise(message)
    assert all(len(line) <= 78 for line in raw.split(b"\r\n\r\n")[0].split(b"\r\n"))
    return str(message_from_bytes(raw, policy=policy.default)["Subject"])


@pytest.mark.parametrize(
    "subject",
    [
        "[FD-000001] Wir haben Ihre Anfrage erhalten: Drucker druckt nicht - Büro Köln",
        "[FD-000001] Wir haben Ihre Anfrage erhalten: Drucker druckt nicht Büro Köln und "
        "Düsseldorf grüße",
        "Rückfrage zur Rechnung Nr. 4711 vom 24. Dezember über 1.234,56 € für die Gerätewartung",
        "Büro Köln",
        "Router kaputt",
        "[FD-000008] Wir haben Ihre Anfrage erhalten: Noch eine Frage [FD-000001]",
    ],
)
def test_a_folded_german_subject_arrives_as_written(subject: str) -> None:
    # Python 3.11's folder wrote "Büro Köln" as two encoded words (read "BüroKöln") and cut
    # an encoded word in two at a line end.
    assert _subject_as_received(subject) == subject


@hypothesis_settings(max_examples=examples(300), deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=200))
def test_every_subject_arrives_as_written(text: str) -> None:
    subject = " ".join(text.split())
    assert _subject_as_received(subject) == subject


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Router kaputt", "[FD-000123] Router kaputt"),
        ("Re: [FD-000123] Router kaputt", "[FD-000123] Router kaputt"),
        ("[FD-000123] Re: [FD-000123] Router", "[FD-000123] Router"),
        ("AW: Re: [fd-000123] Router", "[FD-000123] Router"),
        ("Hi\r\nBcc: x", "[FD-000123] Hi Bcc: x"),
    ],
)
def test_subject_carries_the_reference_once(subject: str, expected: str) -> None:
    assert subject_with_reference(subject, "FD-000123") == expected
    assert subject_with_reference(expected, "FD-000123") == expected


def test_a_utf8_text_attachment_says_its_charset() -> None:
    # Without it a mail client shows "Grüße" in a text attachment as "GrÃ¼ÃŸe".
    files = [Attachment("Grüße.txt", "text/plain", "Grüße aus Köln\n".encode()),
             Attachment("alt.txt", "text/plain", "Grüße".encode("cp1252"))]  # fmt: skip
    message = compose(from_addr="support@desk.example", to_addrs=["kurt@example.org"],
                      subject="s", text="t", message_id_domain="desk.example",
                      attachments=files)  # fmt: skip
    received = message_from_bytes(serialise(message), policy=policy.default)
    utf8, other = received.iter_attachments()
    assert utf8.get_content_charset() == "utf-8" and utf8.get_content() == "Grüße aus Köln\n"
    assert other.get_content_charset() is None  # not guessed: the bytes go as they came
    assert other.get_payload(decode=True) == "Grüße".encode("cp1252")


def test_find_reference() -> None:
    assert find_reference("Re: [FD-000123] Router") == "FD-000123"
    assert find_reference("[fd-1234567] x") == "FD-1234567"
    assert find_reference("[FD-12345] too short") is None
    assert find_reference("[AC-000001] x", prefix="AC") == "AC-000001"


def _mail(headers: str, sender: str = "kurt@example.org") -> bytes:
    return f"From: {sender}\r\nSubject: Frage\r\n{headers}\r\nhallo\r\n".encode()


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (_mail(""), "ok"),
        (_mail("Auto-Submitted: no\r\n"), "ok"),
        (_mail("Auto-Submitted: auto-replied\r\n"), "auto-submitted"),
        (_mail("Precedence: bulk\r\n"), "precedence"),
        (_mail("Precedence: junk\r\n"), "precedence"),
        (_mail("List-Id: <news.example.org>\r\n"), "mailing-list"),
        (_mail("List-Unsubscribe: <mailto:u@example.org>\r\n"), "mailing-list"),
        (_mail("Return-Path: <>\r\n"), "empty-return-path"),
        (_mail("X-Autoreply: yes\r\n"), "autoresponder-header"),
        (_mail("X-Autorespond: yes\r\n"), "autoresponder-header"),
        (_mail("X-Auto-Response-Suppress: DR, OOF\r\n"), "autoresponder-header"),
        (_mail("", "MAILER-DAEMON@mx.example.org"), "system-sender"),
        (_mail("", "postmaster@example.org"), "system-sender"),
        (_mail("", "no-reply@shop.example"), "system-sender"),
        (_mail("", "noreply@shop.example"), "system-sender"),
        (_mail("", "do-not-reply@shop.example"), "system-sender"),
        (_mail("", "noreen@example.org"), "ok"),
        (_mail("", "Support <SUPPORT@desk.example>"), "own-address"),
        (b"Subject: no sender\r\n\r\nx", "no-sender"),
    ],
)
def test_auto_reply_rules(raw: bytes, reason: str) -> None:
    allowed, why = auto_reply_allowed(parse_message(raw), own_addresses=["support@desk.example"])
    assert (allowed, why) == (reason == "ok", reason)


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("1234/../../1234.txt", "1234.txt"),
        ("C:\\Users\\x\\invoice.pdf", "invoice.pdf"),
        ("evil\x00.txt", "evil.txt"),
        ("a\r\nb.txt", "ab.txt"),
        ("...hidden", "hidden"),
        ("..", "attachment.bin"),
        ("", "attachment.bin"),
        (None, "attachment.bin"),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
        ("Grüße.txt", "Grüße.txt"),
    ],
)
def test_safe_filename(name, safe: str) -> None:
    assert safe_filename(name) == safe


@pytest.mark.parametrize(
    ("text", "visible"),
    [
        ("Danke!\n\nOn Tue, 5 Mar 2024, Ada <a@b.c> wrote:\n> alt", "Danke!"),
        ("Danke!\nAm 05.03.2024 um 10:00 schrieb Ada <a@b.c>:\n> alt", "Danke!"),
        ("Danke!\n-----Original Message-----\nFrom: x", "Danke!"),
        ("Danke!\n-----Ursprüngliche Nachricht-----\nVon: x", "Danke!"),
        ("Danke!\n-- \nKurt Müller\nTel 123", "Danke!"),
        ("> zitiert\nDanke!", "Danke!"),
    ],
)
def test_quoted_text_is_folded_away_but_kept(text: str, visible: str) -> None:
    shown, quoted = split_quoted(text)
    assert shown == visible and quoted and visible not in quoted
