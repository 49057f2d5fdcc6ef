"""An erased person leaves the header block of mail another customer's case keeps: their
mailboxes go from address headers, other headers naming them say [erased], the rest stays."""

from fairdesk.channels.email.redact import without_person

NEEDLES = ("zora zufällighausen", "zora.zufall@erase.example")
RAW = (
    b"Received: from mx by us for <zora.zufall@erase.example>; Mon, 30 Nov 2026 08:00 +0100\r\n"
    b"From: Kurt Kunde <kurt@example.org>\r\n"
    b"To: support@fairdesk.localhost\r\n"
    b"Cc: =?utf-8?q?Zora_Zuf=C3=A4llighausen?= <zora.zufall@erase.example>,\r\n"
    b" =?utf-8?q?J=C3=BCrgen?= <juergen@example.org>\r\n"
    b"Subject: Internet geht nicht\r\n"
    b"\r\n"
    b"Zora zufall@erase.example stays in the body: Kurt's text.\r\n"
)


def test_her_mailbox_goes_and_the_others_stay():
    kept = without_person(RAW, NEEDLES)
    head, body = kept.split(b"\r\n\r\n", 1)
    assert b"zora" not in head.lower() and b"Zuf" not in head
    assert b"Received: [erased]\r\n" in head
    assert b"Cc: =?utf-8?q?J=C3=BCrgen?= <juergen@example.org>\r\n" in kept
    assert b"From: Kurt Kunde <kurt@example.org>\r\nTo: support@fairdesk.localhost\r\n" in kept
    assert body == RAW.split(b"\r\n\r\n", 1)[1]


def test_a_header_of_only_her_goes_and_a_message_without_her_is_the_same_bytes():
    alone = b"From: kurt@example.org\nCc: zora.zufall@erase.example\n\nHallo\n"
    assert without_person(alone, NEEDLES) == b"From: kurt@example.org\n\nHallo\n"
    other = RAW.replace(b"zora.zufall@erase.example", b"karla@example.org").replace(
        b"Zora_Zuf=C3=A4llighausen", b"Karla"
    )
    assert without_person(other, NEEDLES) is other
