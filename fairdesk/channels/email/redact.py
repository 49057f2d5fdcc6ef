"""Taking an erased person out of a stored message's header block (pure).

For mail an erasure keeps because it belongs to another customer's case (the person was on
copy): an address header (From, To, Cc, …) keeps its other mailboxes and loses those that
mention the person, by address or display name, and goes when none is left; any other header
that mentions them (a Subject, a Received line's "for <…>") says `[erased]` instead. The
body is left as it is: it is the other customer's text.
"""

from __future__ import annotations

import re
from email.utils import formataddr

from fairdesk.channels.email.headers import addresses, decode_words
from fairdesk.privacy.scrub import ERASED, mentions

ADDRESS_HEADERS = frozenset(
    {
        "from", "to", "cc", "bcc", "reply-to", "sender", "return-path", "delivered-to",
        "x-original-to", "envelope-to", "mail-followup-to", "mail-reply-to",
        "disposition-notification-to", "resent-from", "resent-to", "resent-cc", "resent-bcc",
        "resent-sender",
    }
)  # fmt: skip
_LINE = re.compile(rb"[^\r\n]*(?:\r\n|\n|\r|$)")


def without_person(raw: bytes, needles: tuple[str, ...]) -> bytes:
    """`raw` with every mention of `needles` (lower case, as `privacy.scrub`) gone from its
    header block; `raw` itself when there is none."""
    fields, body = _split(raw)
    kept = [_field_without(field, needles) for field in fields]
    return raw if kept == fields else b"".join(kept) + body


def _split(raw: bytes) -> tuple[list[bytes], bytes]:
    """The header fields, each with its continuation lines and line ends, and the rest of
    the message from the empty line on."""
    fields: list[bytes] = []
    end = 0
    for match in _LINE.finditer(raw):
        line = match.group()
        if line in (b"", b"\r\n", b"\n", b"\r"):
            break
        if line[:1] in (b" ", b"\t") and fields:
            fields[-1] += line
        else:
            fields.append(line)
        end = match.end()
    return fields, raw[end:]


def _field_without(field: bytes, needles: tuple[str, ...]) -> bytes:
    """The field as it was, or rewritten on one line without the person, or b"" (gone)."""
    name, colon, value = field.partition(b":")
    text = value.decode("utf-8", "surrogateescape")
    if not colon or not mentions(decode_words(text), needles):
        return field
    ending = field[len(field.rstrip(b"\r\n")) :] or b"\r\n"
    if name.strip().lower().decode("ascii", "replace") not in ADDRESS_HEADERS:
        return name + b": " + ERASED.encode() + ending
    others = [m for m in addresses(text) if not mentions(f"{m.name} {m.address}", needles)]
    if not others:
        return b""
    listed = ", ".join(formataddr((m.name, m.address), charset="utf-8") for m in others)
    return name + b": " + listed.encode("utf-8") + ending
