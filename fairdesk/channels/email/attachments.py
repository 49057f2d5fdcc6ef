"""Getting files out of message parts: names, TNEF (winmail.dat) and uuencoded blocks."""

from __future__ import annotations

import binascii
import mimetypes
import re
from email.message import Message

from fairdesk.channels.email.filenames import safe_filename
from fairdesk.channels.email.headers import decode_words, raw_value, unsurrogate
from fairdesk.channels.email.model import Attachment

try:  # optional: without it winmail.dat is kept as one opaque attachment
    import tnefparse
except ImportError:  # pragma: no cover
    tnefparse = None

_UU_BEGIN = re.compile(rb"^begin [0-7]{3,4} ([^\r\n]+)\r?\n", re.MULTILINE)
_UU_END = re.compile(rb"^end[ \t]*\r?$", re.MULTILINE)


def part_filename(part: Message) -> str | None:
    """The decoded (RFC 2231 or RFC 2047) file name a part declares, not yet made safe."""
    try:
        name = part.get_filename()
        if name and "\ufffd" in name:
            # Raw 8-bit bytes in the parameter: the stdlib replaced them; decode them here.
            name = _unsurrogated_copy(part).get_filename()
    except Exception:  # broken parameters are common
        return None
    if not name:
        return None
    return decode_words(str(name))


def _unsurrogated_copy(part: Message) -> Message:
    copy = Message()
    for header in ("content-disposition", "content-type"):
        value = raw_value(part, header)
        if value is not None:
            copy[header] = unsurrogate(value)
    return copy


_NAMES = {
    "message/delivery-status": "delivery-status.txt",
    "message/global-delivery-status": "delivery-status.txt",
    "text/rfc822-headers": "original-headers.txt",
    "message/disposition-notification": "disposition-notification.txt",
    "message/feedback-report": "feedback-report.txt",
}


def default_name(content_type: str) -> str:
    """A name for an attachment that declares none, with an extension that fits its type."""
    if content_type in _NAMES:
        return _NAMES[content_type]
    extension = mimetypes.guess_extension(content_type, strict=False) or ".bin"
    return f"attachment{extension}"


def content_id(part: Message) -> str | None:
    value = raw_value(part, "content-id")
    if not value:
        return None
    return str(value).strip().strip("<>").strip() or None


def from_tnef(data: bytes) -> list[Attachment]:
    """The files inside a TNEF blob, or [] when it cannot be read."""
    if tnefparse is None:
        return []
    try:
        tnef = tnefparse.TNEF(data)
        found = []
        for item in tnef.attachments:
            name = item.long_filename() or item.name or ""
            if isinstance(name, bytes):
                name = name.decode("utf-8", "replace")
            found.append(
                Attachment(
                    filename=safe_filename(name),
                    content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
                    data=bytes(item.data),
                )
            )
        return found
    except Exception:  # tnefparse raises many kinds of errors on bad input
        return []


def _uudecode(block: bytes) -> bytes:
    out = bytearray()
    for line in block.splitlines():
        if not line or line in (b"`", b" "):
            continue
        try:
            out += binascii.a2b_uu(line)
        except binascii.Error:
            # Some encoders pad lines oddly; decode just the bytes the length byte promises.
            length = ((line[0] - 32) & 63) * 4 + 5
            try:
                out += binascii.a2b_uu(line[: length // 3])
            except binascii.Error:
                continue
    return bytes(out)


def split_uuencoded(body: bytes) -> tuple[bytes, list[Attachment]]:
    """Take uuencoded files out of a plain-text body; returns the remaining text bytes."""
    if b"begin " not in body:
        return body, []
    found: list[Attachment] = []
    kept: list[bytes] = []
    position = 0
    for begin, end in _uu_blocks(body):
        name = begin.group(1).decode("utf-8", "replace").strip()
        found.append(
            Attachment(
                filename=safe_filename(name),
                content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
                data=_uudecode(body[begin.end() : end.start()]),
            )
        )
        kept.append(body[position : begin.start()])
        position = end.end()
    if not found:
        return body, []
    return b"".join([*kept, body[position:]]), found


def _uu_blocks(body: bytes) -> list[tuple[re.Match[bytes], re.Match[bytes]]]:
    """Each "begin" line with the first "end" line after it, blocks not overlapping.

    Both kinds of line are found in one pass each and paired by walking forward, so a
    thousand "begin" lines without an "end" cost one scan, not a thousand.
    """
    ends = list(_UU_END.finditer(body))
    blocks: list[tuple[re.Match[bytes], re.Match[bytes]]] = []
    next_end = 0
    for begin in _UU_BEGIN.finditer(body):
        if blocks and begin.start() < blocks[-1][1].end():
            continue  # inside the block just taken
        while next_end < len(ends) and ends[next_end].start() < begin.end():
            next_end += 1
        if next_end == len(ends):
            break
        blocks.append((begin, ends[next_end]))
    return blocks
