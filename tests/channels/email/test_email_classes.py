"""One small hand-made message per class of mail the parser used to misread (issue 16)."""

from __future__ import annotations

import base64

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fairdesk.channels.email.model import Limits, MessageTooSlow
from fairdesk.channels.email.parse import parse_message, peek_headers
from tests.properties import examples


def message(headers: bytes, body: bytes = b"Hallo.\n") -> bytes:
    return headers + b"\n" + body


def encodable(value: object) -> bool:
    """True when every string inside `value` (recursively) encodes as UTF-8."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, tuple | list):
        return all(encodable(item) for item in value)
    if hasattr(value, "__dataclass_fields__"):
        return all(encodable(getattr(value, name)) for name in value.__dataclass_fields__)
    return True


# 1. Encoded-words that decode to invalid bytes -------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        b"From: =?utf-8?B?/w==?= <a@b.example>",
        b"From: =?iso-2022-jp?B?gsqCwA==?= <a@b.example>",  # Shift_JIS bytes, JIS label
        b"From: \xff\xfe <a@b.example>",
    ],
)
def test_undecodable_display_names_leave_no_surrogate(header: bytes) -> None:
    parsed = parse_message(message(header + b"\nSubject: x"))
    assert parsed.sender is not None and parsed.sender.address == "a@b.example"
    assert encodable(parsed)
    assert encodable(peek_headers(message(header)))


@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from([b"From", b"Subject", b"To", b"Cc", b"Content-Type", b"Message-ID"]),
    value=st.binary(max_size=120),
)
def test_no_surrogate_ever_leaves_the_parser(name: bytes, value: bytes) -> None:
    value = value.replace(b"\n", b" ").replace(b"\r", b" ")
    raw = message(b"From: a@b.example\n" + name + b": " + value + b"\nSubject: s")
    assert encodable(parse_message(raw))
    assert encodable(peek_headers(raw))


ENCODED_WORD = st.tuples(
    st.sampled_from(["utf-8", "iso-2022-jp", "gb2312", "x"]),
    st.sampled_from("bq"),
    st.binary(max_size=20),
)


@settings(max_examples=examples(100), deadline=None)
@given(words=st.lists(ENCODED_WORD, max_size=4))
def test_no_surrogate_from_any_encoded_word(words: list[tuple[str, str, bytes]]) -> None:
    encoded = b" ".join(
        b"=?" + charset.encode() + b"?" + kind.encode() + b"?"
        + (base64.b64encode(data) if kind == "b" else b"".join(b"=%02X" % byte for byte in data))
        + b"?="
        for charset, kind, data in words
    )  # fmt: skip
    parsed = parse_message(message(b"From: " + encoded + b" <a@b.example>\nSubject: " + encoded))
    assert encodable(parsed)


# 3. A malformed line in the header block ------------------------------------------------


def test_a_leading_non_header_line_is_dropped_and_recorded() -> None:
    raw = message(
        b"---- Original email message ----\nFrom: Kurt <kurt@example.org>\n"
        b"Subject: Router\nMessage-ID: <r1@example.org>",
        b"Geht nicht.\n",
    )
    parsed = parse_message(raw)
    assert parsed.sender.address == "kurt@example.org"
    assert parsed.subject == "Router" and parsed.message_id == "r1@example.org"
    assert parsed.text == "Geht nicht."
    assert "HeaderRepair:dropped-leading-line" in parsed.defects
    assert peek_headers(raw).sender.address == "kurt@example.org"


def test_a_continuation_without_whitespace_keeps_the_headers_after_it() -> None:
    raw = message(
        b"From: kurt@example.org\nSubject: Router faellt\naus seit gestern\n"
        b"In-Reply-To: <ack-1@desk.example>\nMessage-ID: <r2@example.org>",
        b"Text.\n",
    )
    parsed = parse_message(raw)
    assert parsed.subject == "Router faellt aus seit gestern"
    assert parsed.in_reply_to == "ack-1@desk.example" and parsed.text == "Text."
    assert "HeaderRepair:continuation" in parsed.defects


def test_a_well_formed_message_is_not_repaired() -> None:
    parsed = parse_message(message(b"From: kurt@example.org\nSubject: x"))
    assert not [d for d in parsed.defects if d.startswith("HeaderRepair")]


# 4. Every part shown, in order ----------------------------------------------------------

MIXED = b"""From: kurt@example.org
Subject: mixed
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: %s; charset=utf-8

%s
--b
Content-Type: %s; charset=utf-8

%s
--b--
"""


def test_text_then_html_signature_both_shown_in_order() -> None:
    raw = MIXED % (b"text/plain", b"Mein Router ist kaputt.", b"text/html", b"<p>Kurt GmbH</p>")
    parsed = parse_message(raw)
    assert parsed.text.index("Mein Router") < parsed.text.index("Kurt GmbH")
    assert parsed.html.index("Mein Router") < parsed.html.index("Kurt GmbH")
    assert parsed.attachments == ()


def test_html_then_text_footer_both_shown_in_order() -> None:
    raw = MIXED % (b"text/html", b"<p>Bitte <b>dringend</b></p>", b"text/plain", b"-- Footer <x>")
    parsed = parse_message(raw)
    assert parsed.html.index("dringend") < parsed.html.index("Footer")
    assert "&lt;x&gt;" in parsed.html  # the text part is escaped, not markup
    assert parsed.text.index("dringend") < parsed.text.index("Footer")


def test_alternatives_still_show_one_version() -> None:
    raw = MIXED.replace(b"multipart/mixed", b"multipart/alternative") % (
        b"text/plain", b"Plain version", b"text/html", b"<p>HTML version</p>",
    )  # fmt: skip
    parsed = parse_message(raw)
    assert parsed.text == "Plain version"
    assert "HTML version" in parsed.html and "Plain version" not in parsed.html


def test_multipart_without_boundary_is_the_text() -> None:
    raw = message(
        b"From: kurt@example.org\nSubject: x\nContent-Type: multipart/mixed",
        b"Die Rechnung stimmt nicht.\n",
    )
    parsed = parse_message(raw)
    assert "Die Rechnung stimmt nicht." in parsed.text
    assert parsed.attachments == ()


def test_empty_parts_make_no_attachment() -> None:
    raw = MIXED % (b"text/plain", b"Hallo", b"application/octet-stream", b"")
    assert parse_message(raw).attachments == ()


# 5. Senders and subjects read the way they were written ---------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (b"Subject: =?us-ascii?Q?ABC / 123?=", "ABC / 123"),
        (b"Subject: " + "テスト".encode("cp932"), "テスト"),
        (b"Subject: " + "测试邮件".encode("gb18030"), "测试邮件"),
        (b"Subject: " + "Grüße".encode("cp1252"), "Grüße"),
        (b"Subject: " + "こんにちは".encode("iso2022_jp"), "こんにちは"),
    ],
)
def test_subjects_are_decoded(header: bytes, expected: str) -> None:
    assert parse_message(message(b"From: a@b.example\n" + header)).subject == expected


def test_undeclared_header_bytes_follow_the_charset_the_message_declares() -> None:
    raw = message(
        b"From: a@b.example\nSubject: " + "Žluťoučký".encode("iso-8859-2")
        + b"\nContent-Type: text/plain; charset=iso-8859-2",
    )  # fmt: skip
    assert parse_message(raw).subject == "Žluťoučký"


def test_unlabelled_iso_2022_jp_body_is_decoded() -> None:
    raw = message(b"From: a@b.example\nSubject: x", "すみません。".encode("iso2022_jp"))
    assert parse_message(raw).text == "すみません。"


@pytest.mark.parametrize(
    ("header", "name", "address"),
    [
        (b"From: a@b.example (Ada Lovelace)", "Ada Lovelace", "a@b.example"),
        (b"From: MAILER-DAEMON (Mail Delivery System)", "Mail Delivery System", "MAILER-DAEMON"),
        (b"From: Kunde, Kurt <kurt@example.org>", "Kurt", "kurt@example.org"),
        (b"From: Nobody\nFrom: Kurt <kurt@example.org>", "Kurt", "kurt@example.org"),
    ],
)
def test_sender_names_and_addresses(header: bytes, name: str, address: str) -> None:
    sender = parse_message(message(header + b"\nSubject: x")).sender
    assert (sender.name, sender.address) == (name, address)


# 7. Linear time, and a budget beyond which the message is refused -----------------------


def test_a_message_over_its_time_budget_is_refused() -> None:
    with pytest.raises(MessageTooSlow):
        parse_message(message(b"From: a@b.example\nSubject: x"), limits=Limits(max_seconds=0))


@pytest.mark.parametrize(
    "raw",
    [
        message(b"From: a@b.example\nSubject: x", b"begin 644 x\n" * 40_000),
        message(b"From: a@b.example\nContent-Type: text/html", b"<a " * 100_000),
        message(b"From: a@b.example\nTo: " + b"(a)" * 40_000 + b" <x@y.example>"),
    ],
    ids=["begin-lines", "open-tags", "address-comments"],
)
def test_hostile_shapes_parse_well_within_the_budget(raw: bytes) -> None:
    # Ten times the sizes that took seconds before; linear parsing needs well under one.
    parse_message(raw, limits=Limits(max_seconds=5))


def test_uuencoded_files_are_still_found_among_stray_begin_lines() -> None:
    raw = message(
        b"From: a@b.example\nSubject: x",
        b"Text.\nbegin 644 a.txt\n#0V%T\n`\nend\n" + b"begin 600 nope\n" * 100,
    )
    parsed = parse_message(raw)
    assert [a.filename for a in parsed.attachments] == ["a.txt"]
    assert parsed.attachments[0].data == b"Cat"


# 8. Safe names --------------------------------------------------------------------------


def test_bidi_controls_are_removed_from_file_and_display_names() -> None:
    raw = MIXED % (b"text/plain", b"Hallo", b"application/pdf", b"%PDF")
    raw = raw.replace(
        b"Content-Type: application/pdf; charset=utf-8",
        b'Content-Type: application/pdf\nContent-Disposition: attachment; filename="rechnung'
        + "\u202e".encode()
        + b'fdp.exe"',
    ).replace(b"From: kurt@example.org", "From: Kurt \u202eadmin <kurt@example.org>".encode())
    parsed = parse_message(raw)
    assert parsed.attachments[0].filename == "rechnungfdp.exe"
    assert parsed.sender.name == "Kurt admin"
