"""LMTP intake: a long-running server an MTA delivers to (Postfix `lmtp:`, Exim's `lmtp`
transport), instead of starting a process per message as the pipe does.

Store first, process right after, as an MTA itself works. On DATA the message is made durable
and nothing more (`ingest.receive`: its bytes in the mail store, a `received` row with the
keys that make a redelivery a duplicate, committed); only then is each recipient answered:
250 "stored", 250 "already stored" for a duplicate, 451 when it could not be stored now, so
the MTA keeps it and tries again. A server killed between receipt and commit has answered
nothing; the MTA delivers again and the message is stored once.

A thread of the server (`Drain`), woken after each store, then parses and files the received
mail oldest first through the same rules as the pipe and IMAP (`drain.process`); the worker's
periodic job `mail.drain` takes whatever a crash or a restart left received, and the server
drains what is waiting when it starts.

Like a local delivery agent (Postfix's pipe with flag R), the server writes the envelope
sender as the message's first header, `Return-Path:`, so the loop rules see bounces (`<>`).
"""

import asyncio
import contextlib
import logging
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import Envelope, Session
from django.db import connection

from fairdesk.channels.email import drain
from fairdesk.channels.email.ingest import configured_limits, receive
from fairdesk.channels.email.model import Limits

log = logging.getLogger(__name__)
TRY_AGAIN = "451 4.3.0 Not stored now; the message is kept for a later delivery"
# How often the drain looks for received mail when no store woke it (a row another process
# stored, or one left by a failed try).
RECHECK_SECONDS = 30.0
# The drain files a message once no store has run for QUIET seconds (longer than an MTA's
# pause between two messages on one connection), or after PATIENCE seconds of waiting for
# such a moment, so a steady stream of mail slows filing but never stops it.
QUIET_SECONDS = 0.02
PATIENCE_SECONDS = 0.25


def with_return_path(raw: bytes, mail_from: str | None) -> bytes:
    """The message as a delivery agent hands it on: the envelope sender on top."""
    return b"Return-Path: <%s>\r\n" % (mail_from or "").encode("utf-8", "surrogateescape") + raw


class Turns:
    """Who of this server writes next: a store goes before the drain.

    SQLite takes one writer at a time (fairdesk's connections queue for it in the order they
    came, `lib/sqlite`), and filing a message holds it for ~20 ms: a store queued behind the
    drain would answer the MTA at the drain's pace. So this server's writers take turns on
    a lock here (only for their transaction: reading, hashing, compressing and parsing run
    beside it), and the drain takes its turn only in a quiet moment of the intake. (On
    PostgreSQL the lock costs little: the process runs one thread at a time anyway.)"""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counting = threading.Lock()  # `+=` from several threads could lose a count
        self._storing = 0
        self._last_store = 0.0

    @contextlib.contextmanager
    def store(self) -> Iterator[None]:
        with self._counting:
            self._storing += 1
        try:
            with self._lock:
                yield
        finally:
            with self._counting:
                self._storing -= 1
                self._last_store = time.monotonic()

    @contextlib.contextmanager
    def drain(self) -> Iterator[None]:
        give_up = time.monotonic() + PATIENCE_SECONDS
        while (now := time.monotonic()) < give_up:
            quiet = now - self._last_store
            if not self._storing and quiet >= QUIET_SECONDS:
                break
            time.sleep(max(QUIET_SECONDS - quiet, 0.002))
        with self._lock:
            yield


def store(raw: bytes, turns: Turns) -> str:
    """Store one message in this (worker) thread; the reply for each of its recipients.

    The thread keeps its database connection from one message to the next (opening one,
    with its settings, cost more than storing a message); after a failure it is closed,
    so a connection the database dropped is not used again."""
    try:
        result = receive(raw, source="lmtp", turn=turns.store)
    except Exception:  # anything at all: the MTA must keep the message and retry
        log.exception("lmtp: message not stored, the MTA will retry")
        connection.close()
        return TRY_AGAIN
    stored = "stored" if result.created else "already stored"
    case = result.inbound.case
    return f"250 2.0.0 {stored}: {case.reference if case else f'mail {result.inbound.pk}'}"


class Drain:
    """The server's drain thread: files received mail right after each store wakes it."""

    def __init__(self, turns: Turns) -> None:
        self._turns = turns
        self._woken = threading.Event()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="lmtp-drain", daemon=True)

    def start(self) -> None:
        self._thread.start()
        self.wake()  # what a crash or the last stop left received

    def wake(self) -> None:
        self._woken.set()

    def stop(self) -> None:
        """Finish the message being filed (its one transaction), then stop."""
        self._stopping = True
        self._woken.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stopping:
            self._woken.wait(timeout=RECHECK_SECONDS)
            self._woken.clear()
            try:
                self._drain()
            except Exception:  # the database gone a while: the mail waits, received
                log.exception("lmtp: received mail not filed now; tried again later")
                connection.close()
                time.sleep(1)

    def _drain(self) -> None:
        """Everything received, oldest first, each message in a turn of its own."""
        limits = configured_limits()
        while ids := drain.waiting():
            for inbound_id in ids:
                if self._stopping:
                    return
                drain.process(inbound_id, limits=limits, turn=self._turns.drain)


class IntakeLMTP(LMTP):
    """aiosmtpd's LMTP without RFC 5321's 1,000-character line limit: the pipe takes such
    mail (a long HTML line), and a refusal here is permanent (500): the MTA would bounce it."""

    line_length_limit = 2 * Limits.max_bytes


class IngestHandler:
    """aiosmtpd's handler: accepts any recipient (the MTA routed it here), stores on DATA."""

    def __init__(self, executor: ThreadPoolExecutor, turns: Turns, filing: Drain) -> None:
        self.executor = executor
        self.turns = turns
        self.filing = filing

    async def handle_DATA(self, server: LMTP, session: Session, envelope: Envelope) -> str:
        raw = with_return_path(bytes(envelope.original_content or b""), envelope.mail_from)
        reply = await asyncio.get_running_loop().run_in_executor(
            self.executor, store, raw, self.turns
        )
        self.filing.wake()
        # LMTP answers DATA once per recipient; the message is one, so is its fate.
        return "\r\n".join([reply] * max(len(envelope.rcpt_tos), 1))


def serve(*, host: str, port: int, socket_path: str | None, threads: int, hostname: str) -> None:
    """Listen until SIGTERM or SIGINT; then finish the messages being stored and filed, and
    stop (what is still received waits for the next start or the worker's job)."""
    executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="lmtp")
    turns = Turns()
    filing = Drain(turns)
    handler = IngestHandler(executor, turns, filing)

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
    filing.start()
    try:
        loop.run_forever()
    finally:
        server.close()
        executor.shutdown(wait=True)  # a message being stored is committed, not cut off
        filing.stop()
        loop.close()
