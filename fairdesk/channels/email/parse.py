"""Parsing one raw inbound message into a `ParsedMessage`, never failing on malformed input.

The MIME tree is built by the stdlib's tolerant feed parser with the compat32 policy (it
records defects instead of raising, and leaves header values raw); header values are then
decoded here (addresses through the modern header registry, with compat32 utilities as the
fallback). Messages over `Limits` raise `MessageTooLarge`/`MessageTooComplex`: the caller
stores the raw bytes, files them with `peek_headers`, and flags them for an agent.
"""

from __future__ import annotations

import dataclasses
import re
from email import policy
from email.message import Message
from email.parser import BytesHeaderParser, BytesParser
from html import escape
from typing import TypeVar, cast

from fairdesk.channels.email import headers as hdr
from fairdesk.channels.email.attachments import (
    content_id,
    default_name,
    from_tnef,
    part_filename,
    split_uuencoded,
)
from fairdesk.channels.email.bounces import is_dsn, plain_bounce, read_bounce
from fairdesk.channels.email.budget import Deadline, interrupting
from fairdesk.channels.email.charsets import declared_charsets, decode_bytes, guess_decode
from fairdesk.channels.email.filenames import safe_filename
from fairdesk.channels.email.headerblock import charsets_named, repair_header_block
from fairdesk.channels.email.htmltext import html_to_text
from fairdesk.channels.email.model import (
    DEFAULT_LIMITS,
    Attachment,
    Bounce,
    HeaderPeek,
    Limits,
    Mailbox,
    MessageRejected,
    MessageTooComplex,
    MessageTooLarge,
    ParsedMessage,
)
from fairdesk.channels.email.quoting import split_quoted
from fairdesk.channels.email.subjects import is_forward
from fairdesk.lib.html import sanitize_html

MAX_AUDIT_HEADERS = 500
MAX_HEADER_VALUE = 8192
_NESTED_TYPES = ("message/rfc822", "message/global")
_STATUS_TYPES = ("message/delivery-status", "message/global-delivery-status")
_CONTENT_TYPE = re.compile(r"^[\w!#$&^.+-]{1,100}/[\w!#$&^.+-]{1,100}$")


class _Collected:
    """What a walk over one message's parts gathers, with the running part count."""

    def __init__(self, limits: Limits, counter: list[int], deadline: Deadline) -> None:
        self.limits = limits
        self.counter = counter  # shared with nested walks so the limit covers the whole tree
        self.deadline = deadline
        # The shown body, in order: (text, html) per part; html is "" for a plain-text part.
        self.pieces: list[tuple[str, str]] = []
        self.attachments: list[Attachment] = []
        self.nested_text: str = ""
        self.nested_ids: list[str] = []
        self.bounce: Bounce | None = None
        self.defects: list[str] = []

    def child(self) -> _Collected:
        return _Collected(self.limits, self.counter, self.deadline)


def parse_message(raw: bytes, *, limits: Limits = DEFAULT_LIMITS) -> ParsedMessage:
    """Parse `raw` (RFC 5322 bytes). Raises only `MessageRejected` (too large, too complex,
    too slow); no string in the result carries a surrogate."""
    raw = bytes(raw)
    if len(raw) > limits.max_bytes:
        raise MessageTooLarge(f"message has {len(raw)} bytes, limit is {limits.max_bytes}")
    # Cheap pre-check so a bomb of tiny parts is refused before building its tree.
    declared_parts = raw.lower().count(b"content-type:")
    if declared_parts > 2 * limits.max_parts + 10:
        raise MessageTooComplex(f"message declares {declared_parts} parts")
    deadline = Deadline(limits.max_seconds)
    raw, repairs = repair_header_block(raw)
    hints = declared_charsets.set(charsets_named(raw))
    try:
        with interrupting(deadline):
            parsed = _parse(raw, limits, deadline)
        deadline.check()
    finally:
        declared_charsets.reset(hints)
    if repairs:
        parsed = dataclasses.replace(parsed, defects=(*parsed.defects, *repairs))
    return _without_surrogates(parsed)


def _parse(raw: bytes, limits: Limits, deadline: Deadline) -> ParsedMessage:
    try:
        message = BytesParser(policy=policy.compat32).parsebytes(raw)
    except RecursionError:
        raise MessageTooComplex("MIME nesting too deep to parse") from None
    except MessageRejected:
        raise
    except Exception as error:  # the parser is tolerant; this is a last resort
        return _unparsed(raw, error)
    try:
        return _build(message, limits, deadline)
    except MessageRejected:
        raise
    except RecursionError:
        raise MessageTooComplex("MIME nesting too deep to parse") from None
    except Exception as error:
        return _unparsed(raw, error)


def peek_headers(raw: bytes) -> HeaderPeek:
    """Message-ID, sender and subject from the header block only; cheap, never raises."""
    head, _repairs = repair_header_block(bytes(raw[: 256 * 1024]))
    try:
        message = BytesHeaderParser(policy=policy.compat32).parsebytes(head)
        return HeaderPeek(
            message_id=_scrub(hdr.message_id(hdr.raw_value(message, "message-id"))),
            sender=_scrub(_sender(message)),
            subject=_scrub(hdr.decode_header_text(hdr.raw_value(message, "subject"))),
            date=_scrub(hdr.decode_header_text(hdr.raw_value(message, "date"))),
        )
    except Exception:
        return HeaderPeek(message_id=None, sender=None, subject="")


def _build(message: Message, limits: Limits, deadline: Deadline) -> ParsedMessage:
    collected = _Collected(limits, [0], deadline)
    _walk(message, collected, depth=0)
    text = "\n".join(piece_text for piece_text, _ in collected.pieces).strip("\r\n")
    raw_html = _shown_html(collected.pieces)
    if not text and not raw_html:
        text = collected.nested_text
    defects = collected.defects
    if len(hdr.raw_values(message, "from")) > 1:
        defects.append("MultipleFromHeaders")
    sender = _sender(message)
    subject = hdr.decode_header_text(hdr.raw_value(message, "subject"))
    to = _all_addresses(message, "to")
    visible, quoted = split_quoted(
        text, forwarded=is_forward(subject), own=[mailbox.address for mailbox in to]
    )
    bounce = collected.bounce or plain_bounce(
        sender=sender.address if sender else "",
        subject=subject,
        text=text,
        original_ids=tuple(collected.nested_ids),
    )
    return ParsedMessage(
        message_id=hdr.message_id(hdr.raw_value(message, "message-id")),
        in_reply_to=hdr.message_id(hdr.raw_value(message, "in-reply-to")),
        references=hdr.message_ids(hdr.raw_value(message, "references")),
        subject=subject,
        sender=sender,
        reply_to=hdr.addresses(hdr.raw_value(message, "reply-to")),
        to=to,
        cc=_all_addresses(message, "cc"),
        date=hdr.date(hdr.raw_value(message, "date")),
        text=text,
        html=sanitize_html(raw_html) if raw_html else "",
        visible_text=visible,
        quoted_text=quoted,
        attachments=tuple(collected.attachments),
        auto_submitted=_token(message, "auto-submitted"),
        precedence=_token(message, "precedence"),
        list_id=hdr.decode_header_text(hdr.raw_value(message, "list-id")) or None,
        has_list_unsubscribe=hdr.raw_value(message, "list-unsubscribe") is not None,
        return_path=_return_path(message),
        bounce=bounce,
        defects=tuple(dict.fromkeys(defects)),
        headers=_audit_headers(message),
    )


def _sender(message: Message) -> Mailbox | None:
    """The first mailbox with an address of the first From header that has one."""
    found = [m for value in hdr.raw_values(message, "from") for m in hdr.addresses(value)]
    return next((m for m in found if "@" in m.address), found[0] if found else None)


def _shown_html(pieces: list[tuple[str, str]]) -> str:
    """All parts in order as HTML, plain-text parts escaped; "" when no part is HTML."""
    if not any(html for _, html in pieces):
        return ""
    return "\n".join(html or _text_as_html(text) for text, html in pieces)


def _text_as_html(text: str) -> str:
    return f'<div class="mail-text">{escape(text).replace(chr(10), "<br>")}</div>'


def _walk(part: Message, collected: _Collected, *, depth: int) -> None:
    collected.counter[0] += 1
    if collected.counter[0] > collected.limits.max_parts:
        raise MessageTooComplex(f"message has more than {collected.limits.max_parts} parts")
    if depth > collected.limits.max_depth:
        raise MessageTooComplex(f"MIME nesting deeper than {collected.limits.max_depth}")
    collected.deadline.check()
    collected.defects.extend(type(defect).__name__ for defect in part.defects)
    content_type = part.get_content_type()
    payload = part.get_payload()
    if part.is_multipart() and content_type not in _NESTED_TYPES + _STATUS_TYPES:
        if collected.bounce is None and is_dsn(part):
            collected.bounce = read_bounce(part)
        children = [child for child in payload if isinstance(child, Message)]
        if content_type == "multipart/alternative":
            _take_alternative(children, collected, depth=depth)
        else:
            for child in children:
                _walk(child, collected, depth=depth + 1)
    elif (
        content_type in _NESTED_TYPES
        and isinstance(payload, list)
        and payload
        and isinstance(payload[0], Message)
    ):
        _take_nested(part, payload[0], collected, depth=depth)
    elif content_type.startswith("multipart/"):
        # No usable boundary: the stdlib leaves the whole body as one string; it is text.
        _take_text(_payload_bytes(part), part, "text/plain", collected)
    else:
        _take_leaf(part, content_type, collected)


def _take_alternative(children: list[Message], collected: _Collected, *, depth: int) -> None:
    """One shown piece from versions of the same content: the last text and the last HTML
    version (RFC 2046 orders them plainest first); their files are all kept."""
    text = html = ""
    for child in children:
        version = collected.child()
        _walk(child, version, depth=depth + 1)
        collected.attachments.extend(version.attachments)
        collected.defects.extend(version.defects)
        collected.bounce = collected.bounce or version.bounce
        collected.nested_text = collected.nested_text or version.nested_text
        if any(not piece_html for _, piece_html in version.pieces):
            text = "\n".join(piece_text for piece_text, _ in version.pieces)
        if any(piece_html for _, piece_html in version.pieces):
            html = _shown_html(version.pieces)
    if text or html:
        collected.pieces.append((text or html_to_text(html), html))


def _take_nested(part: Message, inner: Message, collected: _Collected, *, depth: int) -> None:
    """A forwarded or bounced message: kept whole as an .eml; its text is a fallback body."""
    nested = collected.child()
    _walk(inner, nested, depth=depth + 1)
    if inner_id := hdr.message_id(hdr.raw_value(inner, "message-id")):
        collected.nested_ids.append(inner_id)
    if not collected.nested_text:
        collected.nested_text = "\n".join(text for text, _ in nested.pieces).strip()
    subject = hdr.decode_header_text(hdr.raw_value(inner, "subject"))
    name = part_filename(part) or f"{subject[:100] or 'message'}.eml"
    collected.attachments.append(
        Attachment(
            filename=safe_filename(name),
            content_type="message/rfc822",
            data=_serialise(inner),
            content_id=content_id(part),
            inline=False,
        )
    )


def _take_leaf(part: Message, content_type: str, collected: _Collected) -> None:
    if not _CONTENT_TYPE.match(content_type):
        content_type = "application/octet-stream"  # it is sent back on every download
    disposition = (part.get_content_disposition() or "").lower()
    filename = part_filename(part)
    data = _serialise_blocks(part) if content_type in _STATUS_TYPES else _payload_bytes(part)
    is_body = content_type in ("text/plain", "text/html") and not filename
    if is_body and disposition != "attachment":
        _take_text(data, part, content_type, collected)
        return
    if not data and not filename:
        return  # an empty part is no file (an empty file the sender named still is one)
    if content_type == "application/ms-tnef" or (filename or "").lower() == "winmail.dat":
        inside = from_tnef(data)
        if inside:
            collected.attachments.extend(inside)
            return
    cid = content_id(part)
    name = safe_filename(filename) if filename else default_name(content_type)
    if content_type == "application/mac-binhex40" and not name.endswith(".hqx"):
        name += ".hqx"  # kept encoded: say so, rather than pretend it is the named file
    collected.attachments.append(
        Attachment(
            filename=name,
            content_type=content_type,
            data=data,
            content_id=cid,
            inline=disposition == "inline" or (not disposition and cid is not None),
        )
    )


def _take_text(data: bytes, part: Message, content_type: str, collected: _Collected) -> None:
    if content_type == "text/plain":
        data, found = split_uuencoded(data)
        collected.attachments.extend(found)
    text = _normalise_newlines(decode_bytes(data, _charset(part)))
    if not text.strip():
        return
    if content_type == "text/html":
        collected.pieces.append((html_to_text(text), text))
    else:
        collected.pieces.append((text, ""))


def _charset(part: Message) -> str | None:
    try:
        return part.get_content_charset()
    except Exception:  # a charset parameter that is not even text
        return None


def _normalise_newlines(text: str) -> str:
    # NUL is dropped too: PostgreSQL refuses it in text columns.
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def _payload_bytes(part: Message) -> bytes:
    try:
        data = part.get_payload(decode=True)
    except Exception:  # undecodable transfer encoding: keep what is there
        data = None
    if isinstance(data, bytes):
        return data
    payload = part.get_payload()
    if isinstance(payload, str):
        return payload.encode("utf-8", "surrogateescape")
    return b""


def _serialise(message: Message) -> bytes:
    try:
        return message.as_bytes(policy=policy.compat32)
    except Exception:
        try:
            return message.as_string(policy=policy.compat32).encode("utf-8", "replace")
        except Exception:
            return b""


def _serialise_blocks(part: Message) -> bytes:
    payload = part.get_payload()
    if isinstance(payload, list):
        return b"".join(_serialise(block) for block in payload if isinstance(block, Message))
    return _payload_bytes(part)


def _all_addresses(message: Message, name: str) -> tuple[Mailbox, ...]:
    values = hdr.raw_values(message, name)
    return tuple(mailbox for value in values for mailbox in hdr.addresses(value))


def _token(message: Message, name: str) -> str | None:
    value = hdr.clean_text(hdr.unsurrogate(hdr.raw_value(message, name) or ""))
    return value.lower() or None


def _return_path(message: Message) -> str | None:
    value = hdr.raw_value(message, "return-path")
    if value is None:
        return None
    return hdr.clean_text(hdr.unsurrogate(str(value))).strip("<>").strip()


def _audit_headers(message: Message) -> tuple[tuple[str, str], ...]:
    return tuple(
        (hdr.clean_text(str(name)), hdr.clean_text(hdr.unsurrogate(str(value)))[:MAX_HEADER_VALUE])
        for name, value in message.raw_items()
    )[:MAX_AUDIT_HEADERS]


T = TypeVar("T")


def _scrub(value: T) -> T:
    """`value` with every string in it made encodable (no surrogate), recursively."""
    scrubbed: object = value
    if isinstance(value, str):
        scrubbed = hdr.unsurrogate(value)
    elif isinstance(value, tuple):
        scrubbed = tuple(_scrub(item) for item in value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _scrub(getattr(value, f.name)) for f in dataclasses.fields(value)}
        scrubbed = dataclasses.replace(value, **changes)
    return cast(T, scrubbed)  # the same type, strings scrubbed


def _without_surrogates(parsed: ParsedMessage) -> ParsedMessage:
    # Whatever a decoder let through, nothing unencodable reaches the database.
    return _scrub(parsed)


def _unparsed(raw: bytes, error: Exception) -> ParsedMessage:
    """The last resort when the tree cannot be built: headers peeked, body kept as text."""
    peek = peek_headers(raw)
    text = _normalise_newlines(guess_decode(raw.split(b"\n\n", 1)[-1]))
    visible, quoted = split_quoted(text, forwarded=is_forward(peek.subject))
    return ParsedMessage(
        message_id=peek.message_id,
        in_reply_to=None,
        references=(),
        subject=peek.subject,
        sender=peek.sender,
        reply_to=(),
        to=(),
        cc=(),
        date=None,
        text=text,
        html="",
        visible_text=visible,
        quoted_text=quoted,
        attachments=(),
        auto_submitted=None,
        precedence=None,
        list_id=None,
        has_list_unsubscribe=False,
        return_path=None,
        bounce=None,
        defects=(f"Unparsed:{type(error).__name__}",),
        headers=(),
    )
