"""Reading delivery status notifications (RFC 3464): who failed, and for which message."""

from __future__ import annotations

from email import policy
from email.message import Message
from email.parser import HeaderParser

from fairdesk.channels.email.headers import clean_text, message_id, raw_value, unsurrogate
from fairdesk.channels.email.model import Bounce, BouncedRecipient


def is_dsn(message: Message) -> bool:
    """True for multipart/report; report-type=delivery-status."""
    if message.get_content_type() != "multipart/report":
        return False
    report_type = str(message.get_param("report-type", "", header="content-type") or "")
    return report_type.strip().lower() == "delivery-status"


def _field(block: Message, name: str) -> str:
    value = raw_value(block, name)
    return clean_text(unsurrogate(str(value))) if value is not None else ""


def _address(value: str) -> str:
    # "rfc822; user@example.com" -> "user@example.com"
    _, _, address = value.rpartition(";")
    return address.strip().strip("<>")


def _decoded(part: Message) -> bytes:
    """A leaf part's payload, transfer-decoded (empty when it has none)."""
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else b""


def _status_blocks(part: Message) -> list[Message]:
    payload = part.get_payload()
    if isinstance(payload, list):
        return [b for b in payload if isinstance(b, Message)]
    # Some MTAs send the status as one text blob; parse it as header blocks ourselves.
    text = _decoded(part)
    parser = HeaderParser(policy=policy.compat32)
    chunks = text.decode("utf-8", "replace").replace("\r\n", "\n").split("\n\n")
    return [parser.parsestr(chunk) for chunk in chunks if chunk.strip()]


def _original_id(part: Message) -> str | None:
    content_type = part.get_content_type()
    if content_type in ("message/rfc822", "message/global"):
        inner = part.get_payload()
        if isinstance(inner, list) and inner and isinstance(inner[0], Message):
            return message_id(raw_value(inner[0], "message-id"))
        return None
    raw = _decoded(part)
    headers = HeaderParser(policy=policy.compat32).parsestr(raw.decode("utf-8", "replace"))
    return message_id(raw_value(headers, "message-id"))


def read_bounce(report: Message) -> Bounce:
    """The recipients and original Message-ID from a multipart/report DSN."""
    recipients: list[BouncedRecipient] = []
    original: str | None = None
    reporting_mta: str | None = None
    parts = report.get_payload()
    for part in parts if isinstance(parts, list) else []:
        if not isinstance(part, Message):
            continue
        content_type = part.get_content_type()
        if content_type in ("message/delivery-status", "message/global-delivery-status"):
            blocks = _status_blocks(part)
            if blocks:
                reporting_mta = _address(_field(blocks[0], "reporting-mta")) or None
            for block in blocks:
                address = _field(block, "final-recipient") or _field(block, "original-recipient")
                if not address:
                    continue
                recipients.append(
                    BouncedRecipient(
                        address=_address(address),
                        action=_field(block, "action").lower(),
                        status=_field(block, "status"),
                        diagnostic=_field(block, "diagnostic-code")[:1000],
                    )
                )
        elif original is None and content_type in (
            "message/rfc822",
            "message/global",
            "text/rfc822-headers",
            "message/global-headers",
        ):
            original = _original_id(part)
    return Bounce(tuple(recipients), original, reporting_mta)
