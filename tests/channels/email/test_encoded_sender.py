"""A From header with an RFC 2047 encoded word where the address is.

RFC 2047 (section 5) allows an encoded word where a display name stands, never inside an
addr-spec. A mailer that encoded the whole mailbox wrote it where a name stands: decoded, it
is read again, and used when it is an address. One inside the address (its local part) is not
decoded: the sender is unusable, said plainly on the flagged mail, and the message is kept."""

from __future__ import annotations

import pytest
from django.utils import translation

from fairdesk import texts
from fairdesk.accounts.models import CustomerEmail
from fairdesk.channels.email.filing import UNKNOWN_SENDER
from fairdesk.channels.email.ingest import ingest
from fairdesk.channels.email.models import InboundState
from fairdesk.channels.email.reasons import describe

pytestmark = pytest.mark.django_db


def _mail(sender: str) -> bytes:
    return (
        f"From: {sender}\r\nTo: support@fairdesk.localhost\r\nSubject: Router\r\n"
        "Message-ID: <encoded-1@example.com>\r\n\r\nDer Router blinkt rot.\r\n"
    ).encode()


@pytest.mark.parametrize(
    ("sender", "address", "name"),
    [
        ("=?utf-8?q?juergen=40example.com?=", "juergen@example.com", "juergen"),
        ("=?utf-8?b?anVlcmdlbkBleGFtcGxlLmNvbQ==?=", "juergen@example.com", "juergen"),
        (
            "=?utf-8?q?J=C3=BCrgen_M=C3=BCller_=3Cjuergen=40example.com=3E?=",
            "juergen@example.com",
            "Jürgen Müller",
        ),
    ],
)
def test_a_whole_mailbox_in_one_encoded_word_is_decoded(support, sender, address, name):
    inbound = ingest(_mail(sender), source="pipe").inbound
    customer = inbound.case.customer
    assert customer.emails.get().address == address
    assert customer.name == name
    assert inbound.state == InboundState.STORED and inbound.reason == ""


@pytest.mark.parametrize(
    "sender",
    [
        "=?utf-8?q?j=C3=BCrgen?=@example.com",
        "Jürgen <=?utf-8?q?j=C3=BCrgen?=@example.com>",
        "=?utf-8?q?juergen?=@example.com",
    ],
)
def test_an_encoded_word_inside_the_address_leaves_the_sender_unusable(support, sender):
    inbound = ingest(_mail(sender), source="pipe").inbound
    assert not CustomerEmail.objects.filter(address__contains="=?").exists()
    assert inbound.case.customer.emails.get().address == UNKNOWN_SENDER
    assert inbound.state == InboundState.FLAGGED
    assert "Der Router blinkt rot." in inbound.entry.body  # nothing of the message is lost
    written = sender.rpartition("<")[2].rstrip(">")
    with translation.override("en"):
        reason = describe(inbound.reason)
        assert reason == (
            f"no usable sender: the address {written} holds an encoded word, "
            "which RFC 2047 does not allow there"
        )
        [flagged] = inbound.case.entries.filter(data__mail="flagged")
        assert reason in texts.entry_text(flagged)
    with translation.override("de"):
        assert describe(inbound.reason) == (
            f"kein verwendbarer Absender: die Adresse {written} enthält ein kodiertes Wort, "
            "das RFC 2047 dort nicht erlaubt"
        )


def test_an_encoded_word_that_decodes_to_no_address_leaves_the_sender_unusable(support):
    inbound = ingest(_mail("=?utf-8?q?J=C3=BCrgen?="), source="pipe").inbound
    assert inbound.case.customer.emails.get().address == UNKNOWN_SENDER
    assert inbound.state == InboundState.FLAGGED
    with translation.override("en"):
        assert "the address =?utf-8?q?J=C3=BCrgen?= holds an encoded word" in describe(
            inbound.reason
        )
