"""LMTP intake: a long-running server an MTA delivers to (Postfix `lmtp:`, Exim's `lmtp`
transport), instead of starting a process per message as the pipe does.

Each message goes to `ingest`, the same function the pipe and the IMAP poller call, so the
parsing, threading, duplicate and loop rules are the same. Every recipient's reply is sent only
after `ingest` returned, that is after the commit: 250 when the message is stored (or was
already), 451 when it could not be stored now, so the MTA keeps it and tries again. A server
killed between receipt and commit has replied nothing; the MTA delivers again and the message
is stored once (a delivery whose commit happened but whose reply was lost is recognised as the
same message then).

Like a local delivery agent (Postfix's pipe with flag R), the server writes the envelope
sender as the message's first header, `Return-Path:`, so the loop rules see bounces (`<>`).
"""

import asyncio
import logging
import signal
from concurrent.futures import ThreadPoolExecutor

from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import Envelope, Session
from django.db import close_old_connections

from fairdesk.channels.email.ingest import ingest
from fairdesk.channels.email.model import Limits

log = logging.getLogger(__name__)
TRY_AGAIN = "451 4.3.0 Not stored now; the message is kept for a later delivery"


def with_return_path(raw: bytes, mail_from: str | None) -> bytes:
    """The message as a delivery agent hands it on: the envelope sender on top."""
    return b"Return-Path: <%s>\r\n" % (mail_from or "").encode("utf-8", "surrogateescape") + raw


def store(raw: bytes) -> str:
    """Ingest one message in this (worker) thread; the reply for each of its recipients."""
    close_old_connections()  # a connection the database closed meanwhile is not reused
    try:
        result = ingest(raw, source="lmtp")
    except Exception:  # anything at all: the MTA must keep the message and retry
        log.exception("lmtp: message not stored, the MTA will retry")
        return TRY_AGAIN
    finally:
        close_old_connections()
    case = result.inbound.case
    stored = "stored" if result.created else "already stored"
    return f"250 2.0.0 {stored}: {case.reference if case else 'no case'}"


class IntakeLMTP(LMTP):
    """aiosmtpd's LMTP without RFC 5321's 1,000-character line limit: the pipe takes such
    mail (a long HTML line), and a refusal here is permanent (500): the MTA would bounce it."""

    line_length_limit = 2 * Limits.max_bytes


class IngestHandler:
    """aiosmtpd's handler: accepts any recipient (the MTA routed it here), stores on DATA."""

    def __init__(self, executor: ThreadPoolExecutor) -> None:
        self.executor = executor

    async def handle_DATA(self, server: LMTP, session: Session, envelope: Envelope) -> str:
        raw = with_return_path(bytes(envelope.original_content or b""), envelope.mail_from)
        reply = await asyncio.get_running_loop().run_in_executor(self.executor, store, raw)
        # LMTP answers DATA once per recipient; the message is one, so is its fate.
        return "\r\n".join([reply] * max(len(envelope.rcpt_tos), 1))


def serve(*, host: str, port: int, socket_path: str | None, threads: int, hostname: str) -> None:
    """Listen until SIGTERM or SIGINT; then finish the messages being stored and stop."""
    executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="lmtp")
    handler = IngestHandler(executor)

    def protocol() -> LMTP:
        return IntakeLMTP(
            handler,
            hostname=hostname,
            ident="fairdesk LMTP",
            # above the parser's limit, so a message just over it is stored flagged, as by pipe
            data_size_limit=IntakeLMTP.line_length_limit,
            enable_SMTPUTF8=True,
            decode_data=False,
        )

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd: a line per command
    loop = asyncio.new_event_loop()
    if socket_path:
        listening = loop.create_unix_server(protocol, path=socket_path)
    else:
        listening = loop.create_server(protocol, host=host, port=port)
    server = loop.run_until_complete(listening)
    for stop in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(stop, loop.stop)
    log.info("lmtp: listening on %s", socket_path or f"{host}:{port}")
    try:
        loop.run_forever()
    finally:
        server.close()
        executor.shutdown(wait=True)  # a message being stored is committed, not cut off
        loop.close()
