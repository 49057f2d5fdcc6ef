"""Received mail filed right after it was stored: the second half of LMTP's store-first intake.

`receive` made each message durable (its bytes and a `received` row) before the MTA was
answered; here it is parsed and filed through the same rules as `ingest` (`filing`), oldest
first, one transaction per message. The claim is a conditional UPDATE inside that
transaction, so of several drains at once (the LMTP server's thread, the worker's periodic
job, a second server) exactly one files a message: another waits for its commit, then finds
nothing left to claim. A crash before the commit leaves the row `received` for the next
drain. A message whose filing fails for good ends as in `ingest`: unparsed, on no case,
flagged for an agent with its raw bytes kept; a temporary failure (the database gone, the
disk full) leaves it waiting and stops this drain.
"""

from __future__ import annotations

import contextlib
import logging
import time
from datetime import timedelta

from fairdesk.channels.email import reasons
from fairdesk.channels.email.filing import file_stored
from fairdesk.channels.email.ingest import (
    Turn,
    configured_limits,
    is_temporary,
    parsed_or_why,
    raw_message,
)
from fairdesk.channels.email.model import HeaderPeek, Limits, ParsedMessage
from fairdesk.channels.email.models import InboundMessage, InboundState
from fairdesk.channels.email.parse import peek_headers
from fairdesk.lib import clock
from fairdesk.lib.transactions import service

log = logging.getLogger(__name__)
BATCH = 50
# The periodic job leaves fresh mail to the LMTP server's own drain and takes what it left:
# mail stored before a crash or a restart, or while its drain could not reach the database.
LEFT_BEHIND = timedelta(seconds=30)
JOB_SECONDS = 20.0


def waiting(*, before=None, limit: int = BATCH) -> list[int]:  # noqa: ANN001 (datetime)
    """The ids of received mail not yet filed, oldest first."""
    rows = InboundMessage.objects.filter(state=InboundState.RECEIVED)
    if before is not None:
        rows = rows.filter(received_at__lt=before)
    return list(rows.order_by("received_at", "id").values_list("pk", flat=True)[:limit])


def drain(
    *,
    before=None,  # noqa: ANN001 (datetime)
    seconds: float | None = None,
    limits: Limits | None = None,
) -> int:
    """File received mail oldest first until none is left or `seconds` are spent; how many
    this call filed."""
    limits = limits or configured_limits()
    deadline = None if seconds is None else time.monotonic() + seconds
    filed = 0
    while ids := waiting(before=before):
        for inbound_id in ids:
            filed += process(inbound_id, limits=limits)
            if deadline is not None and time.monotonic() > deadline:
                return filed
    return filed


def run() -> None:
    """The periodic job: mail left received for a while (see LEFT_BEHIND)."""
    filed = drain(before=clock.now() - LEFT_BEHIND, seconds=JOB_SECONDS)
    if filed:
        log.info("mail.drain: filed %d received message(s) left behind", filed)


def process(
    inbound_id: int, *, limits: Limits | None = None, turn: Turn = contextlib.nullcontext
) -> bool:
    """Parse and file one received message; False when it was no longer waiting (another
    drain filed it). Raises only for a temporary failure, with the message left waiting.
    The parsing is done first, the filing transaction inside `turn()`."""
    inbound = InboundMessage.objects.filter(pk=inbound_id, state=InboundState.RECEIVED).first()
    if inbound is None:
        return False
    try:
        raw = raw_message(inbound)
        parsed, rejected = parsed_or_why(raw, limits or configured_limits())
        with turn():
            return _claim_and_file(inbound, peek_headers(raw), parsed, rejected, raw)
    except Exception as error:
        if is_temporary(error):
            raise
        log.exception("received message %s could not be filed; kept flagged", inbound.pk)
        with turn():
            reason = reasons.fact("filing-failed", type(error).__name__)
            return _keep_flagged(inbound, reason=reason)


@service
def _claim_and_file(
    inbound: InboundMessage,
    peek: HeaderPeek,
    parsed: ParsedMessage | None,
    rejected: str,
    raw: bytes,
) -> bool:
    claimed = InboundMessage.objects.filter(pk=inbound.pk, state=InboundState.RECEIVED)
    if not claimed.update(state=InboundState.STORED):
        return False
    inbound.state = InboundState.STORED
    file_stored(inbound, peek, parsed, rejected, raw)
    return True


@service
def _keep_flagged(inbound: InboundMessage, *, reason: str) -> bool:
    """As `ingest`'s last resort: the row alone, on no case, flagged with the raw kept."""
    claimed = InboundMessage.objects.filter(pk=inbound.pk, state=InboundState.RECEIVED)
    return bool(claimed.update(state=InboundState.UNPARSED, reason=reason[:200]))
