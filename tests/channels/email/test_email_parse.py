"""parse_message on generated messages: size, many parts, hostile HTML, arbitrary bytes."""

from __future__ import annotations

import os
from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fairdesk.channels.email.model import Limits, MessageTooComplex, MessageTooLarge
from fairdesk.channels.email.parse import parse_message, peek_headers
from tests.properties import examples

SIMPLE = (
    b"From: =?utf-8?q?Kurt_M=C3=BCller?= <kurt@example.org>\r\n"
    b"To: support@desk.example\r\n"
    b"Subject: =?iso-8859-1?q?Router_f=E4llt_aus?=\r\n"
    b"Message-ID: <abc@example.org>\r\n"
    b"In-Reply-To: <prev@desk.example>\r\n"
    b"References: <root@desk.example>\r\n <prev@desk.example>\r\n"
    b"Date: Tue, 5 Mar 2024 10:00:00 +0100\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
    b"Seit gestern geht nichts.\r\n\r\n"
    b"Am 04.03.2024 um 09:00 schrieb Desk <support@desk.example>:\r\n"
    b"> Wir melden uns.\r\n"
)


def with_attachments(count: int, size: int = 10) -> bytes:
    message = EmailMessage()
    message["From"] = "kurt@example.org"
    message["Subject"] = "many files"
    message.set_content("see attached")
    for index in range(count):
        message.add_attachment(b"x" * size, maintype="application", subtype="octet-stream",
                               filename=f"file-{index}.bin")  # fmt: skip
    return message.as_bytes()


def test_simple_message_fields() -> None:
    parsed = parse_message(SIMPLE)
    assert parsed.sender is not None
    assert (parsed.sender.name, parsed.sender.address) == ("Kurt Müller", "kurt@example.org")
    assert parsed.subject == "Router fällt aus"
    assert parsed.message_id == "abc@example.org"
    assert parsed.in_reply_to == "prev@desk.example"
    assert parsed.references == ("root@desk.example", "prev@desk.example")
    assert parsed.date is not None and parsed.date.utcoffset() is not None
    assert parsed.visible_text == "Seit gestern geht nichts."
    assert parsed.quoted_text.endswith("> Wir melden uns.")


def test_message_without_from_has_no_sender() -> None:
    parsed = parse_message(b"Subject: hi\r\n\r\nbody\r\n")
    assert parsed.sender is None and parsed.text == "body"


def test_200_attachments() -> None:
    parsed = parse_message(with_attachments(200))
    assert len(parsed.attachments) == 200
    assert parsed.attachments[199].filename == "file-199.bin"


@pytest.mark.slow  # parses 25 MB and more
def test_25_mb_message_parses_and_a_larger_one_is_refused() -> None:
    raw = with_attachments(1, size=25 * 1024 * 1024)
    (attachment,) = parse_message(raw).attachments
    assert len(attachment.data) == 25 * 1024 * 1024
    with pytest.raises(MessageTooLarge) as refused:
        parse_message(raw, limits=Limits(max_bytes=10 * 1024 * 1024))
    assert "limit" in refused.value.reason
    peek = peek_headers(raw)
    assert peek.subject == "many files" and peek.sender.address == "kurt@example.org"


def test_too_many_parts_and_too_deep_nesting_are_refused() -> None:
    with pytest.raises(MessageTooComplex):
        parse_message(with_attachments(20), limits=Limits(max_parts=10))
    nested = b"Content-Type: text/plain\r\n\r\nleaf\r\n"
    for depth in range(30):
        nested = (
            f'Content-Type: multipart/mixed; boundary="b{depth}"\r\n\r\n--b{depth}\r\n'.encode()
            + nested
            + f"\r\n--b{depth}--\r\n".encode()
        )
    with pytest.raises(MessageTooComplex):
        parse_message(nested)
    assert parse_message(nested, limits=Limits(max_depth=40)).text == "leaf"


HOSTILE_HTML = """<html><head><style>body{background:url(javascript:alert(1))}</style>
<script>alert(1)</script></head><body onload="alert(1)">
<p style="width: expression(alert(1))">Hallo <a href="javascript:alert(1)">klick</a></p>
<svg onload="alert(1)"><script>alert(2)</script></svg><img src=x onerror=alert(1)>
<iframe src="https://evil.example"></iframe><a href="https://ok.example/">ok</a></body></html>"""


def test_hostile_html_comes_out_inert() -> None:
    raw = (
        b"From: a@example.org\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        + HOSTILE_HTML.encode()
    )
    parsed = parse_message(raw)
    lowered = parsed.html.lower()
    for marker in ("<script", "onload", "onerror", "javascript:", "<svg", "<style",
                   "expression(", "<iframe", "<img"):  # fmt: skip
        assert marker not in lowered, marker
    assert 'href="https://ok.example/"' in parsed.html
    assert "Hallo" in parsed.text and "alert" not in parsed.text


def test_unknown_and_invalid_charsets_fall_back() -> None:
    raw = b"Content-Type: text/plain; charset=x-no-such\r\n\r\nGr\xfc\xdfe \xe2\x82\xac"
    assert parse_message(raw).text == "Grüße â‚¬"
    raw = b"Content-Type: text/plain; charset=unknown-8bit\r\n\r\n\xc3\xa4"
    assert parse_message(raw).text == "ä"


def test_nested_message_is_kept_as_eml_and_gives_fallback_text() -> None:
    raw = (
        b"From: a@example.org\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n"
        b"Content-Type: message/rfc822\r\n\r\nSubject: inner\r\nMessage-ID: <in@x>\r\n\r\n"
        b"inner text\r\n--x--\r\n"
    )
    parsed = parse_message(raw)
    (eml,) = parsed.attachments
    assert eml.filename == "inner.eml" and b"inner text" in eml.data
    assert parsed.text == "inner text"


@settings(max_examples=examples(150), deadline=None)
@given(st.binary(max_size=2000))
def test_never_raises_on_arbitrary_bytes(raw: bytes) -> None:
    parse_message(raw)
    peek_headers(raw)


def _seed_messages() -> list[bytes]:
    seeds = [SIMPLE, with_attachments(2)]
    corpus = os.environ.get("FAIRDESK_CORPUS")
    root = Path(corpus) if corpus else Path(__file__).resolve().parents[4] / "shared/corpus/email"
    names = ("sisimai/bsd/lhost-postfix-03.eml", "rt/nested-rfc-822", "otrs/PostMaster-Test12.box")
    for name in names:
        if (root / name).is_file():
            seeds.append((root / name).read_bytes())
    return seeds


SEEDS = _seed_messages()


@settings(max_examples=examples(120), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(SEEDS),
    st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=0, max_size=8)), max_size=6),
)
def test_never_raises_on_mutated_messages(seed: bytes, edits) -> None:
    raw = bytearray(seed)
    for where, replacement in edits:
        at = int(where * len(raw))
        raw[at : at + len(replacement) or at + 1] = replacement
    parse_message(bytes(raw))
