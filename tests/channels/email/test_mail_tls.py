"""IMAP over TLS against a real dovecot with a self-signed certificate: the poller trusts it
only when told to (`?cafile=`), never by default."""

from __future__ import annotations

import imaplib
import ssl

import pytest

from fairdesk.channels.email.imap import poll_mailbox
from fairdesk.channels.email.mailboxes import parse_mailbox_url
from fairdesk.channels.email.models import InboundMessage

from .mailfactory import raw_mail
from .servers import self_signed_certificate

pytestmark = pytest.mark.slow


def _append_over_tls(url: str, cafile, raw: bytes) -> None:
    config = parse_mailbox_url(url)
    context = ssl.create_default_context(cafile=cafile)
    if config.ssl:
        client = imaplib.IMAP4_SSL(config.host, config.port, ssl_context=context)
    else:
        client = imaplib.IMAP4(config.host, config.port)
        client.starttls(ssl_context=context)
    client.login(config.username, config.password)
    client.append("INBOX", None, None, raw)
    client.logout()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["imaps_url", "starttls_url"])
def test_poller_reads_over_tls_trusting_the_given_ca_file(dovecot_tls, kind, support, kurt):
    url = getattr(dovecot_tls, kind)
    _append_over_tls(url, dovecot_tls.cafile, raw_mail(subject="über TLS"))
    result = poll_mailbox(parse_mailbox_url(f"{url}?cafile={dovecot_tls.cafile}"))
    assert (result.stored, result.failed) == (1, 0)
    assert InboundMessage.objects.get().subject == "über TLS"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["imaps_url", "starttls_url"])
def test_poller_refuses_an_untrusted_certificate(dovecot_tls, kind, tmp_path):
    url = getattr(dovecot_tls, kind)
    with pytest.raises(ssl.SSLCertVerificationError):
        poll_mailbox(parse_mailbox_url(url))  # system CAs: the self-signed one is unknown
    # Trusting some other CA does not help either.
    (tmp_path / "other").mkdir()
    stranger, _ = self_signed_certificate(tmp_path / "other")
    with pytest.raises(ssl.SSLCertVerificationError):
        poll_mailbox(parse_mailbox_url(f"{url}?cafile={stranger}"))
    assert not InboundMessage.objects.exists()


def test_cafile_option_of_mailbox_urls(tmp_path):
    config = parse_mailbox_url("imaps://desk:pw@imap.example.org/INBOX?cafile=/etc/ca.pem")
    assert config.cafile == "/etc/ca.pem"
    assert parse_mailbox_url("imaps://desk:pw@imap.example.org/").cafile is None
    with pytest.raises(ValueError, match="cafile needs imaps"):
        parse_mailbox_url("imap://desk:pw@127.0.0.1/?cafile=/etc/ca.pem")
    with pytest.raises(ValueError, match="unknown IMAP URL options: verify"):
        parse_mailbox_url("imaps://desk:pw@imap.example.org/?verify=no")
