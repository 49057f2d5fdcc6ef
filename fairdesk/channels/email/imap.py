"""Polling IMAP mailboxes: a message is flagged (or moved) only after it is committed.

A crash between commit and flag leaves the message unseen; the next poll fetches it again and
`ingest` recognises it as already stored, then flags it.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import os
import ssl
from dataclasses import dataclass

from fairdesk.channels.email.ingest import ingest
from fairdesk.channels.email.mailboxes import MailboxConfig

log = logging.getLogger(__name__)
# Tests set this to make the poller die right after a commit, before it flags the message.
CRASH_AFTER_COMMIT = "FAIRDESK_MAIL_POLL_CRASH_AFTER_COMMIT"


@dataclass
class PollResult:
    stored: int = 0
    duplicates: int = 0
    failed: int = 0


def connect(mailbox: MailboxConfig, *, timeout: float = 60) -> imaplib.IMAP4:
    """A logged-in connection with `mailbox.folder` selected (read-write).

    TLS certificates and host names are always verified: against `mailbox.cafile` when set,
    else the system's CAs. An unverifiable server raises ssl.SSLCertVerificationError."""
    context = ssl.create_default_context(cafile=mailbox.cafile)
    client: imaplib.IMAP4
    if mailbox.ssl:
        client = imaplib.IMAP4_SSL(mailbox.host, mailbox.port, ssl_context=context, timeout=timeout)
    else:
        client = imaplib.IMAP4(mailbox.host, mailbox.port, timeout=timeout)
        if mailbox.starttls:
            client.starttls(ssl_context=context)
    client.login(mailbox.username, mailbox.password)
    status, _ = client.select(_quote(mailbox.folder))
    if status != "OK":
        raise imaplib.IMAP4.error(f"cannot select {mailbox.folder!r}")
    return client


def poll_all() -> dict[str, PollResult | None]:
    """Poll every mailbox in FAIRDESK_IMAP_MAILBOXES once (the worker's periodic job); a
    mailbox that fails is logged and skipped (None), and never stops the others."""
    from django.conf import settings

    results: dict[str, PollResult | None] = {}
    for mailbox in settings.FAIRDESK_IMAP_MAILBOXES:
        try:
            results[mailbox.label] = poll_mailbox(mailbox)
        except Exception:  # unreachable server, refused login, bad certificate...
            log.exception("%s: polling failed; trying again at the next poll", mailbox.label)
            results[mailbox.label] = None
    return results


def poll_mailbox(mailbox: MailboxConfig, *, limit: int = 500) -> PollResult:
    """Ingest up to `limit` unseen messages, marking each done only once it is stored."""
    result = PollResult()
    client = connect(mailbox)
    try:
        status, data = client.uid("SEARCH", "UNSEEN")
        found = data[0].split()[:limit] if status == "OK" and data and data[0] else []
        uids = [uid.decode("ascii") for uid in found]
        for uid in uids:
            _take(client, mailbox, uid, result)
        if mailbox.move_to:
            client.expunge()
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            client.logout()
    return result


def _take(client: imaplib.IMAP4, mailbox: MailboxConfig, uid: str, result: PollResult) -> None:
    # BODY.PEEK keeps the message unseen until it is stored.
    status, data = client.uid("FETCH", uid, "(BODY.PEEK[])")
    raw = next((item[1] for item in data or () if isinstance(item, tuple)), None)
    if status != "OK" or raw is None:
        result.failed += 1
        return
    try:
        ingested = ingest(raw, source=mailbox.label)
    except Exception:  # not stored: leave it unseen for the next poll
        log.exception("%s: message %s not stored; it stays unseen", mailbox.label, uid)
        result.failed += 1
        return
    if os.environ.get(CRASH_AFTER_COMMIT):
        os._exit(3)
    if ingested.created:
        result.stored += 1
    else:
        result.duplicates += 1
    _mark_done(client, mailbox, uid)


def _mark_done(client: imaplib.IMAP4, mailbox: MailboxConfig, uid: str) -> None:
    if mailbox.move_to:
        status, _ = client.uid("COPY", uid, _quote(mailbox.move_to))
        if status == "OK":
            client.uid("STORE", uid, "+FLAGS.SILENT", r"(\Seen \Deleted)")
            return
        log.warning("%s: cannot move to %r; flagging as seen", mailbox.label, mailbox.move_to)
    client.uid("STORE", uid, "+FLAGS.SILENT", r"(\Seen)")


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'
