"""Reading delivery status notifications (RFC 3464): who failed, and for which message."""

from __future__ import annotations

import re
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


# Bounces written as plain text (qmail, exim, Postfix variants, mail-server notices): known
# by their shape. Two of three signs are needed, so a person's mail about a failed delivery
# is not taken for one: a system sender, a bounce subject, a bounce sentence in the text.
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|delivery (status notification|failure|failed|has failed|problem)"
    r"|mail delivery failed|returned (mail|to sender)|failure notice|non[- ]?delivery"
    r"|nicht zustellbar|unzustellbar|could not be delivered|mail failure|delivery error",
    re.IGNORECASE,
)
_BOUNCE_TEXT = re.compile(
    r"this is the qmail-send program|created automatically by mail delivery software"
    r"|this is the mail system at host|could not be delivered|wasn't able to deliver"
    r"|delivery to the following recipients? failed|permanent error|undeliverable"
    r"|delivery has failed|user unknown|mailbox unavailable|message was not delivered"
    r"|unable to deliver|konnte nicht zugestellt",
    re.IGNORECASE,
)
# Where the returned original starts: recipients are looked for only before it.
_ORIGINAL_STARTS = re.compile(
    r"^.{0,20}(below this line is a copy|this is a copy of the message|original message"
    r"|message headers follow|returned message|undelivered message)",
    re.IGNORECASE | re.MULTILINE,
)
# "<user@host>:" (qmail, Postfix) or an address alone on an indented line (exim).
_FAILED_LINE = re.compile(
    r"^(?:<([^<>\s@]+@[^<>\s]+)>:?|[ \t]{2,}<?([^<>\s@]+@[^<>\s]+?)>?)[ \t]*$", re.MULTILINE
)
_MESSAGE_ID_LINE = re.compile(r"^message-id:\s*(<[^>\r\n]+>)", re.IGNORECASE | re.MULTILINE)
MAX_TEXT = 20_000


def plain_bounce(
    *, sender: str, subject: str, text: str, original_ids: tuple[str, ...] = ()
) -> Bounce | None:
    """A Bounce read from a plain-text delivery failure notice, or None when `text` is not one."""
    text = text[:MAX_TEXT]
    local_part = sender.rpartition("@")[0] if "@" in sender else sender
    signs = [
        local_part.strip('"').lower() in ("mailer-daemon", "postmaster"),
        bool(_BOUNCE_SUBJECT.search(subject)),
        bool(_BOUNCE_TEXT.search(text)),
    ]
    if sum(signs) < 2:
        return None
    start = _ORIGINAL_STARTS.search(text)
    notice, original = (text[: start.start()], text[start.start() :]) if start else (text, "")
    failed = dict.fromkeys(a or b for a, b in _FAILED_LINE.findall(notice))
    recipients = tuple(BouncedRecipient(address=a, action="failed", status="5.0.0") for a in failed)
    quoted = (message_id(m) for m in _MESSAGE_ID_LINE.findall(original))
    ids = list(original_ids) or [i for i in quoted if i]
    return Bounce(recipients, ids[0] if ids else None, reporting_mta=None)
