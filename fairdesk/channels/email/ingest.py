"""The ways a message comes in: stored exactly once, then filed on the right case.

`ingest` stores and files in one go: the MTA pipe (`fairdesk mail-ingest`) and the IMAP
poller call it. `receive` only stores (LMTP: the MTA's answer waits for nothing else), and
`drain.process` files the received message right after, through the same `filing` rules.

Both return only after the commit (or when the message was already stored). They raise only
for what a retry can fix (the database unavailable, the disk full: `is_temporary`); then
nothing was committed and the caller must keep the message. Any other failure stores the raw
message flagged for an agent, so no message is ever stuck in a retry loop.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import re
import zlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError, connection
from django.db.models import Q

from fairdesk.channels.email import reasons
from fairdesk.channels.email.filing import file_stored
from fairdesk.channels.email.model import HeaderPeek, Limits, MessageRejected, ParsedMessage
from fairdesk.channels.email.models import InboundMessage, InboundState
from fairdesk.channels.email.parse import parse_message, peek_headers
from fairdesk.lib import clock
from fairdesk.lib.files import store_bytes, stored_path
from fairdesk.lib.transactions import service

log = logging.getLogger(__name__)
# A way to wait for one's turn to write (see lmtp.Turns); by default nobody waits.
Turn = Callable[[], AbstractContextManager[object]]


@dataclass(frozen=True)
class IngestResult:
    """The stored message; `created` is False when it had been stored before."""

    inbound: InboundMessage
    created: bool


@dataclass(frozen=True)
class MailKeys:
    """What makes a second delivery the same message, read from the header block alone."""

    digest: str
    peek: HeaderPeek
    message_id: str | None
    fingerprint: str | None


def raw_folder():
    return settings.DATA_DIR / "mail"


def ingest(raw: bytes, *, source: str = "pipe", limits: Limits | None = None) -> IngestResult:
    """Store `raw` once and file it: on a case it answers, a new case, or flagged for an agent."""
    limits = limits or configured_limits()
    keys = keys_of(raw)
    if existing := already_stored(keys):
        return IngestResult(existing, created=False)
    parsed, rejected = parsed_or_why(raw, limits)
    raw_file = store_raw(raw)
    try:
        inbound = _store_and_file(
            keys, parsed, rejected, raw, raw_file=raw_file, source=source
        )  # fmt: skip
    except IntegrityError:
        # Another process stored the same message first (its commit decided the unique key).
        # Caught around our own outermost service call, which rolled back all of its work.
        if existing := already_stored(keys):
            return IngestResult(existing, created=False)
        raise
    except Exception as error:
        if is_temporary(error):
            raise
        log.exception("message %s could not be filed; kept flagged", keys.digest[:12])
        reason = reasons.fact("filing-failed", type(error).__name__)
        inbound = _keep_flagged(
            keys, raw_file=raw_file, size=len(raw), source=source, reason=reason
        )
    return IngestResult(inbound, created=True)


def receive(raw: bytes, *, source: str, turn: Turn = contextlib.nullcontext) -> IngestResult:
    """Store `raw` once, durable and nothing more: its bytes and a `received` row, committed.

    Only the header block is read (for the keys that make a redelivery a duplicate); the
    message is parsed and filed later by `drain.process`, oldest first. The row is written
    inside `turn()` (the LMTP server's writers take turns), the rest before it."""
    keys = keys_of(raw)
    if (stored_id := _stored_id(keys)) is not None:
        return IngestResult(InboundMessage.objects.get(pk=stored_id), created=False)
    raw_file = store_raw(raw)
    try:
        with turn():
            inbound = _store_received(keys, raw_file=raw_file, size=len(raw), source=source)
    except IntegrityError:
        if existing := already_stored(keys):  # another connection stored it first
            return IngestResult(existing, created=False)
        raise
    return IngestResult(inbound, created=True)


def configured_limits() -> Limits:
    """The default limits with the time budget from FAIRDESK_MAIL_PARSE_SECONDS."""
    return Limits(max_seconds=settings.FAIRDESK_MAIL_PARSE_SECONDS)


def is_temporary(error: BaseException) -> bool:
    """Whether a retry can fix `error`: the database unreachable or locked, the disk full."""
    if isinstance(error, OperationalError | InterfaceError | MemoryError):
        return True
    return isinstance(error, OSError) and error.errno in _TEMPORARY_ERRNOS


_TEMPORARY_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EAGAIN, errno.ENOMEM}


def parsed_or_why(raw: bytes, limits: Limits) -> tuple[ParsedMessage | None, str]:
    """The parsed message, or None and why it could not be parsed."""
    try:
        return parse_message(raw, limits=limits), ""
    except MessageRejected as error:
        return None, reasons.rejected(error)
    except Exception as error:  # a parser bug: keep the message for an agent, never retry
        if is_temporary(error):
            raise
        log.exception("parsing failed")
        return None, reasons.fact("parsing-failed", type(error).__name__)


def keys_of(raw: bytes) -> MailKeys:
    peek = peek_headers(raw)
    message_id = _message_key(peek.message_id)
    return MailKeys(
        digest=hashlib.sha256(raw).hexdigest(),
        peek=peek,
        message_id=message_id,
        fingerprint=_fingerprint(peek, message_id, raw),
    )


def _fingerprint(peek: HeaderPeek, message_id: str | None, raw: bytes) -> str | None:
    """What makes a redelivery the same message when its bytes differ (other Received
    lines, other line endings): the Message-ID with the same sender, date and subject,
    the same content headers (From, Content-Type…) and the same body. Another text or
    another charset under the same Message-ID (a script's fixed headers, a client that resends
    an edited message) is another message: stored, flagged "reuses the Message-ID", never
    dropped as a duplicate."""
    if not message_id:
        return None
    sender = peek.sender.address.lower() if peek.sender else ""
    facts = "\n".join((message_id, sender, peek.date, peek.subject, _content_digest(raw)))
    return hashlib.sha256(facts.encode("utf-8", "replace")).hexdigest()


_LINE_END = re.compile(rb"\r\n?")
_FOLD = re.compile(rb"\n[ \t]+")
_SPACE = re.compile(rb"[ \t]+")
# The headers the writer set that say who wrote it and what it holds; a relay adds trace
# lines (Received, Return-Path, Delivered-To, spam scores) but does not touch these. Not
# To or Cc: a copy that reached two of our addresses is one message.
_CONTENT_HEADERS = frozenset(
    (b"from", b"sender", b"reply-to", b"in-reply-to", b"references", b"content-type",
     b"content-transfer-encoding")
)  # fmt: skip


def _content_digest(raw: bytes) -> str:
    """The hash of the body and the content headers, whatever the line endings and folding."""
    head, _blank, body = _LINE_END.sub(b"\n", raw).partition(b"\n\n")
    lines = (_SPACE.sub(b" ", line).strip() for line in _FOLD.sub(b" ", head).split(b"\n"))
    kept = sorted(
        line for line in lines if line.partition(b":")[0].strip().lower() in _CONTENT_HEADERS
    )
    return hashlib.sha256(b"\n".join([*kept, b"", body.rstrip()])).hexdigest()


def _row(
    keys: MailKeys, *, raw_file: str, size: int, source: str, state: str, reason: str = ""
) -> InboundMessage:
    """The message's row, inserted: its unique keys make a second delivery fail here."""
    peek = keys.peek
    return InboundMessage.objects.create(
        message_id=keys.message_id,
        sha256=keys.digest,
        fingerprint=keys.fingerprint,
        raw_file=raw_file,
        size=size,
        state=state,
        reason=reason[:200],
        sender=_sender(keys),
        subject=peek.subject[:250],
        source=source[:100],
        received_at=clock.now(),
    )


@service
def _store_received(keys: MailKeys, *, raw_file: str, size: int, source: str) -> InboundMessage:
    """The row of a message stored but not yet read (LMTP): the drain files it."""
    return _row(keys, raw_file=raw_file, size=size, source=source, state=InboundState.RECEIVED)


@service
def _keep_flagged(
    keys: MailKeys, *, raw_file: str, size: int, source: str, reason: str
) -> InboundMessage:
    """The last resort: the row alone, on no case, in the flagged list with the raw kept."""
    return _row(
        keys, raw_file=raw_file, size=size, source=source, state=InboundState.UNPARSED,
        reason=reason,
    )  # fmt: skip


@service
def _store_and_file(
    keys: MailKeys,
    parsed: ParsedMessage | None,
    rejected: str,
    raw: bytes,
    *,
    raw_file: str,
    source: str,
) -> InboundMessage:
    """The message's row and its filing in one transaction: the case services it calls share
    it (no savepoints), and each case touched is indexed once at its end."""
    inbound = _row(keys, raw_file=raw_file, size=len(raw), source=source, state=InboundState.STORED)
    file_stored(inbound, keys.peek, parsed, rejected, raw)
    return inbound


def raw_message(inbound: InboundMessage) -> bytes:
    """The original bytes of a stored message (for audit and re-parsing)."""
    return zlib.decompress(stored_path(raw_folder(), inbound.raw_file).read_bytes())


def store_raw(raw: bytes) -> str:
    """The stored file's name (its hash) for `raw`, compressed."""
    # Written before the transaction: content-addressed and atomic, so a rollback leaves at
    # most an unreferenced file, never a row without its bytes.
    return store_bytes(raw_folder(), zlib.compress(raw, 5))


def _message_key(message_id: str | None) -> str | None:
    # An id too long for the column would be cut and could collide: the content hash decides.
    return message_id if message_id and len(message_id) <= 255 else None


def already_stored(keys: MailKeys) -> InboundMessage | None:
    """The row of an earlier delivery of this message (received, filed or flagged), if any."""
    same = Q(sha256=keys.digest)
    if keys.fingerprint:
        same |= Q(fingerprint=keys.fingerprint)
    if keys.fingerprint and keys.peek.message_id:
        # Rows stored before fingerprints existed: their Message-ID and sender decide.
        same |= Q(fingerprint__isnull=True, message_id=keys.peek.message_id, sender=_sender(keys))
    # No ordering: at most two rows match, each through its unique index.
    return InboundMessage.objects.filter(same).order_by().first()


def _stored_id(keys: MailKeys) -> int | None:
    """`already_stored`'s question as one plain statement: LMTP asks it for every message,
    and building it through the ORM cost more CPU than SQLite took to answer it."""
    sql = f"SELECT id FROM {InboundMessage._meta.db_table} WHERE sha256 = %s"  # noqa: S608
    values: list[str] = [keys.digest]
    if keys.fingerprint:
        sql += " OR fingerprint = %s"
        values.append(keys.fingerprint)
    if keys.fingerprint and keys.peek.message_id:
        sql += " OR (fingerprint IS NULL AND message_id = %s AND sender = %s)"
        values += [keys.peek.message_id, _sender(keys)]
    with connection.cursor() as cursor:
        cursor.execute(sql + " LIMIT 1", values)
        row = cursor.fetchone()
    return row[0] if row else None


def _sender(keys: MailKeys) -> str:
    return keys.peek.sender.address[:320] if keys.peek.sender else ""
