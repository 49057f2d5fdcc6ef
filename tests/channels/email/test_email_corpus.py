"""The parser against real mail from other projects (see shared/corpus/email/README.md)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from fairdesk.channels.email.loops import auto_reply_allowed
from fairdesk.channels.email.model import Limits, MessageTooComplex
from fairdesk.channels.email.parse import parse_message

OWN = ["support@desk.example"]


def parse_file(corpus: Path, name: str):
    return parse_message((corpus / name).read_bytes())


def test_every_corpus_message_parses(corpus_message: Path) -> None:
    parsed = parse_message(corpus_message.read_bytes())
    assert not any(d.startswith("Unparsed") for d in parsed.defects)


def _plain(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def test_zbateson_attachments_equal_their_originals(corpus: Path) -> None:
    """Attachments named like a file in zbateson-mmp/files/ must have its exact bytes.

    Known differences: m0022 aaa.txt (the original has a CRLF that RFC 2046 assigns to the
    boundary) and BinHex parts (m2011), which are kept encoded as `.hqx`.
    """
    folder = corpus / "zbateson-mmp"
    originals = {_plain(p.name): p.read_bytes() for p in (folder / "files").iterdir()}
    compared = equal = 0
    for message in sorted(folder.glob("*.txt")):
        for attachment in parse_message(message.read_bytes()).attachments:
            original = originals.get(_plain(attachment.filename))
            if original is not None:
                compared += 1
                equal += attachment.data == original
    rate = equal / compared
    print(f"zbateson attachment agreement: {equal}/{compared} = {rate:.1%}")
    assert compared >= 60
    assert rate >= 0.95


HAND_CHECKED = [
    # (file, sender address, subject, snippet of the text body)
    ("rt/new-ticket-from-iso-8859-1", "hw@nordkapp.net", "Re: rt-3.0.3pre1", "Håvard"),
    ("rt/new-ticket-from-gb18030", "root@localhost", "测试", "测试"),
    ("rt/text-html-with-umlaut", "gst@example.com", None, "Mit freundlichen Grüßen"),
    ("django-helpdesk/quoted_printable.eml", "tim.thelion@gmail.com", "Český test", "českých"),
    ("django-helpdesk/all-special-chars.eml", None, "Testovácí email", "íářčšáíéřášč"),
    ("otrs/PostMaster-Test5.box", "han.solo@otrs.org", None, "Sie möchten Ümlaute"),
    ("otrs/PostMaster-Test6.box", "R2.D2@otrs.org", "Und hier das UTF-8 Mail ÜÄÖ", "Hallöle"),
    ("mikel-mail/multi_charset/japanese_iso_2022.eml", None, "まみむめも", "すみません。"),
    ("mikel-mail/multi_charset/japanese_shift_jis.eml", None, "test", "あいうえお"),
    ("mikel-mail/multi_charset/ks_c_5601-1987.eml", None, "test", "스티해"),
    ("php-mime-mail-parser/issue116", None, "ЖД№41 от 28.09.2016", "toto"),
    ("rt/notes-uuencoded", "mhenrion@example.com", None, "Lotus Notes"),
]


@pytest.mark.parametrize(("name", "sender", "subject", "snippet"), HAND_CHECKED)
def test_hand_checked_messages(corpus: Path, name, sender, subject, snippet) -> None:
    parsed = parse_file(corpus, name)
    if sender is not None:
        assert parsed.sender is not None and parsed.sender.address == sender
    if subject is not None:
        assert parsed.subject == subject
    assert snippet in parsed.text


def test_koi8r_encoded_word_subject(corpus: Path) -> None:
    parsed = parse_file(corpus, "otrs/PostMaster-Test4.box")
    assert "Сергей Углицких" in parsed.subject


def test_uuencoded_file_becomes_an_attachment(corpus: Path) -> None:
    parsed = parse_file(corpus, "rt/notes-uuencoded")
    (jpeg,) = parsed.attachments
    assert jpeg.filename == "Naz_Head.jpg" and jpeg.data.startswith(b"\xff\xd8")
    assert "begin 644" not in parsed.text


def test_rfc2231_iso_2022_jp_filename(corpus: Path) -> None:
    parsed = parse_file(corpus, "rt/rfc2231-attachment-filename-continuations")
    assert [a.filename for a in parsed.attachments] == ["新しいテキスト ドキュメント.txt"]


DSNS = {
    "sisimai/bsd/lhost-amazonses-01.eml": "shironeko@example.co.jp",
    "sisimai/bsd/lhost-outlook-01.eml": "kijitora@example.jp",
    "sisimai/bsd/lhost-postfix-03.eml": "kijitora@example.net",
    "sisimai/bsd/lhost-postfix-04.eml": "kijitora@example.co.jp",
    "sisimai/bsd/lhost-sendmail-01.eml": "userunknown@bouncehammer.jp",
    "sisimai/bsd/lhost-sendmail-02.eml": "userunknown@example.org",
    "sisimai/bsd/lhost-exchange2007-02.eml": "kijitora@example.edu",
    "sisimai/bsd/rfc3464-03.eml": "kijitora@example.com",
    "rt/multipart-report": "jesmund@mailbox.other.example.com",
}


@pytest.mark.parametrize(("name", "failed"), DSNS.items())
def test_dsn_gives_failed_recipient_and_original_message_id(corpus: Path, name, failed) -> None:
    parsed = parse_file(corpus, name)
    assert parsed.bounce is not None
    assert failed in parsed.bounce.failed_recipients
    assert parsed.bounce.original_message_id
    assert auto_reply_allowed(parsed, own_addresses=OWN)[0] is False


def test_dsn_with_crlf_and_cr_only_line_endings(corpus: Path) -> None:
    for name in ("sisimai/dos/lhost-postfix-01.eml", "sisimai/mac/lhost-postfix-01.eml"):
        bounce = parse_file(corpus, name).bounce
        assert bounce is not None
        assert bounce.failed_recipients == ("r@p351355.pool.example.ne.jp",)


def test_rfc3834_auto_replies_get_no_auto_reply(corpus: Path) -> None:
    replies = sorted((corpus / "sisimai" / "bsd").glob("rfc3834-*.eml"))
    verdicts = {p.name: auto_reply_allowed(parse_message(p.read_bytes()), own_addresses=OWN)
                for p in replies}  # fmt: skip
    assert replies and all(allowed is False for allowed, _ in verdicts.values()), verdicts


def test_every_sisimai_bounce_or_report_gets_no_auto_reply(corpus: Path) -> None:
    for path in sorted((corpus / "sisimai" / "bsd").glob("*.eml")):
        allowed, reason = auto_reply_allowed(parse_message(path.read_bytes()), own_addresses=OWN)
        assert allowed is False, path.name


def test_sisimai_not_bounces_are_not_classified_as_bounces(corpus: Path) -> None:
    paths = sorted((corpus / "sisimai" / "not").glob("*.eml"))
    as_bounce = [p.name for p in paths if parse_message(p.read_bytes()).bounce is not None]
    print(f"sisimai/not classified as bounce: {len(as_bounce)}/{len(paths)}")
    assert paths and as_bounce == []


@pytest.mark.parametrize("name", ["php-mime-mail-parser/m0027", "php-mime-mail-parser/m0124"])
def test_path_traversal_attachment_names_are_made_safe(corpus: Path, name: str) -> None:
    (attachment,) = parse_file(corpus, name).attachments
    assert attachment.filename == "1234.txt"


def test_issue408_three_hundred_attachments_parse_under_default_limits(corpus: Path) -> None:
    raw = (corpus / "php-mime-mail-parser" / "issue408.eml").read_bytes()
    assert len(parse_message(raw).attachments) > 300
    with pytest.raises(MessageTooComplex):
        parse_message(raw, limits=Limits(max_parts=100))


def test_multiple_from_headers_are_recorded(corpus: Path) -> None:
    parsed = parse_file(corpus, "php-mime-mail-parser/m0016")
    assert parsed.sender is not None and parsed.sender.address == "dwsauder@example.com"
    assert "MultipleFromHeaders" in parsed.defects
