"""Plain values the email core hands to the rest of fairdesk: parsed messages and limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Limits:
    """How much work one inbound message may cost before it is filed for an agent instead.

    A 25 MB message (the largest most providers accept, after base64 growth) must parse,
    so the byte limit leaves room above it.
    """

    max_bytes: int = 40 * 1024 * 1024
    max_parts: int = 500
    max_depth: int = 20
    # Wall-clock seconds one message may take to parse (None: no budget).
    max_seconds: float | None = 30.0


DEFAULT_LIMITS = Limits()


class MessageRejected(Exception):
    """A message over a `Limits` bound; the caller stores the raw bytes and flags it."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class MessageTooLarge(MessageRejected):
    """The raw message has more bytes than `Limits.max_bytes`."""


class MessageTooComplex(MessageRejected):
    """The MIME tree has more parts or deeper nesting than the limits allow."""


class MessageTooSlow(MessageRejected):
    """Parsing took longer than `Limits.max_seconds`."""


@dataclass(frozen=True)
class Mailbox:
    """One address from a header; `name` is the decoded display name ("" when none)."""

    name: str
    address: str


@dataclass(frozen=True)
class Attachment:
    """A file carried by a message. `filename` is already safe (see `filenames.safe_filename`)."""

    filename: str
    content_type: str
    data: bytes = field(repr=False)
    content_id: str | None = None
    inline: bool = False


@dataclass(frozen=True)
class BouncedRecipient:
    """One per-recipient block of a delivery status notification (RFC 3464)."""

    address: str
    action: str
    status: str
    diagnostic: str = ""


@dataclass(frozen=True)
class Bounce:
    """What a DSN says: which recipients failed and which message it was about."""

    recipients: tuple[BouncedRecipient, ...]
    original_message_id: str | None
    reporting_mta: str | None = None

    @property
    def failed_recipients(self) -> tuple[str, ...]:
        """Addresses whose delivery failed for good (action "failed" or a 5.x.x status)."""
        return tuple(
            r.address
            for r in self.recipients
            if r.action.lower() == "failed" or r.status.startswith("5")
        )


@dataclass(frozen=True)
class HeaderPeek:
    """The few headers `peek_headers` reads even from a message too big to parse."""

    message_id: str | None
    sender: Mailbox | None
    subject: str
    # The Date header as written (cleaned), for telling a redelivery from a reused id.
    date: str = ""


@dataclass(frozen=True)
class ParsedMessage:
    """Everything fairdesk needs from one inbound message; built by `parse.parse_message`."""

    message_id: str | None
    in_reply_to: str | None
    references: tuple[str, ...]
    subject: str
    sender: Mailbox | None
    reply_to: tuple[Mailbox, ...]
    to: tuple[Mailbox, ...]
    cc: tuple[Mailbox, ...]
    date: datetime | None
    text: str
    html: str
    visible_text: str
    quoted_text: str
    attachments: tuple[Attachment, ...]
    auto_submitted: str | None
    precedence: str | None
    list_id: str | None
    has_list_unsubscribe: bool
    # None when there is no Return-Path header, "" when it is the null path "<>".
    return_path: str | None
    bounce: Bounce | None
    defects: tuple[str, ...]
    # Top-level headers in order, unfolded, for the audit trail.
    headers: tuple[tuple[str, str], ...]

    def header_values(self, name: str) -> list[str]:
        """All values of top-level header `name` (case-insensitive), in order."""
        wanted = name.lower()
        return [value for key, value in self.headers if key.lower() == wanted]
