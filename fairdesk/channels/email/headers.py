"""Decoding header values: encoded-words, addresses, message ids and dates, never failing."""

from __future__ import annotations

import base64
import binascii
import re
from datetime import UTC, datetime
from email import policy
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime

from fairdesk.channels.email.charsets import decode_bytes, guess_decode
from fairdesk.channels.email.model import Mailbox

# Spaces are allowed inside the encoded text: some mailers write "=?us-ascii?Q?ABC / 123?=".
_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\r\n]*)\?=")
# Controls, and the bidirectional overrides that would let a name display as another.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# A comment in an address header, e.g. the name in "a@b.example (Ada Lovelace)".
_COMMENT = re.compile(r"\(([^()]*)\)")
_WHITESPACE = re.compile(r"\s+")
_ANGLE_ID = re.compile(r"<\s*([^<>\s]+?)\s*>")
_Q_HEX = re.compile(rb"=([0-9A-Fa-f]{2})")
# A value that is nothing but encoded words (the whole mailbox encoded by a broken mailer).
_ONLY_WORDS = re.compile(rf"(?:{_ENCODED_WORD.pattern}\s*)+")
MAX_REFERENCES = 100


def raw_values(message: Message, name: str) -> list[str]:
    """The unprocessed values of header `name`; `Message.get` would mangle 8-bit bytes."""
    wanted = name.lower()
    return [str(value) for key, value in message.raw_items() if key.lower() == wanted]


def raw_value(message: Message, name: str) -> str | None:
    """The first unprocessed value of header `name`, or None."""
    values = raw_values(message, name)
    return values[0] if values else None


def unsurrogate(value: str) -> str:
    """Undo the parser's surrogateescape for raw 8-bit header bytes (see `guess_decode`); any
    other lone surrogate becomes U+FFFD. The result always encodes as UTF-8."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return guess_decode(value.encode("utf-8", "surrogateescape"))
        except UnicodeEncodeError:  # a surrogate no byte escapes to
            return value.encode("utf-8", "replace").decode("utf-8")
    return value


def _decode_word(encoding: str, payload: str) -> bytes:
    if encoding in "bB":
        payload = payload.rstrip("=")
        payload += "=" * (-len(payload) % 4)
        try:
            return base64.b64decode(payload)
        except (binascii.Error, ValueError):
            return payload.encode("ascii", "replace")
    raw = payload.replace("_", " ").encode("ascii", "replace")
    return _Q_HEX.sub(lambda m: bytes([int(m.group(1), 16)]), raw)


def decode_words(value: str) -> str:
    """Decode RFC 2047 encoded-words; adjacent words of one charset are joined before decoding
    so a multi-byte character split across two words survives."""
    value = unsurrogate(value)
    if "\x1b" in value:  # raw ISO-2022-JP, which is 7-bit and so passed as "ASCII"
        value = guess_decode(value.encode("utf-8"))
    if "=?" not in value:
        return value
    out: list[str] = []
    pending: list[bytes] = []
    pending_charset: str | None = None
    position = 0

    def flush() -> None:
        if pending:
            out.append(decode_bytes(b"".join(pending), pending_charset))
            pending.clear()

    previous_was_word = False
    for match in _ENCODED_WORD.finditer(value):
        gap = value[position : match.start()]
        # Whitespace between two encoded-words is not part of the text (RFC 2047 6.2).
        if gap and (gap.strip() or not previous_was_word):
            flush()
            out.append(gap)
        charset = match.group(1).split("*", 1)[0].lower()
        if pending and charset != pending_charset:
            flush()
        pending_charset = charset
        pending.append(_decode_word(match.group(2), match.group(3)))
        previous_was_word = True
        position = match.end()
    flush()
    out.append(value[position:])
    return "".join(out)


def clean_text(value: str) -> str:
    """One line of text: controls (CR, LF, NUL...) removed, whitespace runs folded."""
    value = _CONTROL.sub(" ", value.replace("\x00", ""))
    return _WHITESPACE.sub(" ", value).strip()


def decode_header_text(value: str | None) -> str:
    """A display-ready header value such as a Subject."""
    if value is None:
        return ""
    return clean_text(decode_words(str(value)))


def message_id(value: str | None) -> str | None:
    """A message id without angle brackets, or None when the value holds none."""
    if not value:
        return None
    value = unsurrogate(str(value))
    match = _ANGLE_ID.search(value)
    if match:
        return match.group(1)[:998]
    tokens = value.split()
    if not tokens:
        return None
    return tokens[0].strip("<>")[:998] or None


def message_ids(value: str | None) -> tuple[str, ...]:
    """All ids in a References-style header, in order, without duplicates, capped in number."""
    if not value:
        return ()
    value = unsurrogate(str(value))
    found = _ANGLE_ID.findall(value) or [t.strip("<>,") for t in value.split()]
    unique = list(dict.fromkeys(i for i in found if i))
    return tuple(unique[-MAX_REFERENCES:])


def addresses(value: str | None) -> tuple[Mailbox, ...]:
    """Mailboxes in an address header; groups are flattened, undecodable parts skipped.

    The modern parser is exact on well-formed headers; when it reports a defect (and it
    then often takes a display name for the address) or meets a comment (it is slow on many
    of them), the lenient compat32 parser decides, and a comment serves as the display name.
    """
    if not value:
        return ()
    text = clean_text(unsurrogate(str(value)))
    found = None if "(" in text else _strict_addresses(text)
    if found is None:
        found = [
            Mailbox(decode_header_text(name or _comment(text, addr)), clean_text(addr))
            for name, addr in getaddresses([text])
        ]
    found = [_whole_mailbox_decoded(m) for m in found]
    return tuple(m for m in found if m.address and m.address != "<>" and " " not in m.address)


def has_encoded_word(address: str) -> bool:
    """Whether `address` still holds an RFC 2047 encoded word (no mail can go to it)."""
    return _ENCODED_WORD.search(address) is not None


def _whole_mailbox_decoded(mailbox: Mailbox) -> Mailbox:
    """RFC 2047 allows an encoded word where a display name stands, never inside an address.
    A parser takes a lone word ("=?utf-8?q?ada=40example.org?=") for the address; it stands
    where a name may, so it is decoded and read again, and taken when it is one address. A
    word inside an address ("=?utf-8?q?j=C3=BCrgen?=@example.org") stays as written."""
    if not _ONLY_WORDS.fullmatch(mailbox.address):
        return mailbox
    decoded = decode_header_text(mailbox.address)
    if "=?" in decoded or "@" not in decoded:
        return mailbox
    found = [m for m in addresses(decoded) if m.address.count("@") == 1]
    if len(found) != 1:
        return mailbox
    local, _at, domain = found[0].address.partition("@")
    if not local or "." not in domain.strip("."):
        return mailbox
    return Mailbox(found[0].name or mailbox.name, found[0].address)


def _strict_addresses(text: str) -> list[Mailbox] | None:
    try:
        header = policy.default.header_factory("to", text)
        if header.defects:
            return None
        return [
            Mailbox(clean_text(unsurrogate(a.display_name or "")), clean_text(a.addr_spec or ""))
            for a in header.addresses
        ]
    except Exception:  # the modern parser fails on some real headers
        return None


def _comment(text: str, address: str) -> str:
    """The comment after `address` ("a@b.example (Name)") when it is the only one."""
    comments = _COMMENT.findall(text)
    return comments[0].strip() if len(comments) == 1 and address in text else ""


def date(value: str | None) -> datetime | None:
    """An aware datetime (UTC assumed when the zone is missing), or None."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(clean_text(unsurrogate(str(value))))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed
