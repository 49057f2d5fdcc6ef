"""Building outbound messages that cannot carry injected headers, and case references in subjects.

Every header value and display name has CR, LF and other control characters removed before
it reaches `EmailMessage`, so no input can start a new header line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, formatdate, make_msgid, parseaddr

from fairdesk.channels.email.filenames import safe_filename
from fairdesk.channels.email.model import Attachment, Mailbox

MAX_REFERENCES = 20
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_ADDR_SPEC = re.compile(r'^[^@\s<>(),;:"\[\]\\]+@[^@\s<>(),;:"\[\]\\]+$')
_HEADER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,76}$")
# Headers compose() sets itself; extra_headers may not replace them.
_OWN_HEADERS = {
    "from", "to", "cc", "bcc", "subject", "date", "message-id", "in-reply-to", "references",
    "mime-version", "content-type", "content-transfer-encoding", "content-disposition",
    "auto-submitted", "sender", "reply-to", "return-path",
}  # fmt: skip
_REPLY_PREFIX = re.compile(r"^\s*((re|aw|fw|fwd|wg|sv|antw)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)

AddressLike = str | Mailbox | Address | tuple[str, str]


def clean_header(value: object) -> str:
    """A header value on one line: control characters (CR, LF, NUL...) become spaces."""
    return " ".join(_CONTROL.sub(" ", str(value)).split())


def to_address(value: AddressLike) -> Address:
    """An `Address` from a string, Mailbox or (name, address); raises ValueError when invalid."""
    if isinstance(value, Address):
        name, address = value.display_name, value.addr_spec
    elif isinstance(value, Mailbox):
        name, address = value.name, value.address
    elif isinstance(value, tuple):
        name, address = value
    else:
        if _CONTROL.search(value):
            raise ValueError(f"control characters in address: {value!r}")
        name, address = parseaddr(value)
    address = clean_header(address)
    if not _ADDR_SPEC.match(address):
        raise ValueError(f"not an email address: {address!r}")
    return Address(display_name=clean_header(name), addr_spec=address)


def new_message_id(domain: str) -> str:
    """A fresh Message-ID on `domain`, without angle brackets (as we store them)."""
    return make_msgid(domain=clean_header(domain).strip("<>@ ")).strip("<>")


def compose(
    *,
    from_addr: AddressLike,
    to_addrs: Sequence[AddressLike],
    subject: str,
    cc_addrs: Sequence[AddressLike] = (),
    text: str,
    html: str | None = None,
    message_id_domain: str,
    in_reply_to: str | None = None,
    references: Iterable[str] = (),
    attachments: Iterable[Attachment] = (),
    auto_submitted: str | None = None,
    extra_headers: Mapping[str, str] | None = None,
    date: datetime | None = None,
    message_id: str | None = None,
) -> EmailMessage:
    """An outbound message: text (and HTML as multipart/alternative), attachments as
    multipart/mixed, a Message-ID (`message_id`, or a fresh one) and Date, threading headers
    with a capped chain.

    `date` should come from `fairdesk.lib.clock.now()`; without it the system clock is used.
    Raises ValueError for an invalid address or a forbidden extra header name."""
    message = EmailMessage()
    message["From"] = to_address(from_addr)
    message["To"] = [to_address(a) for a in to_addrs]
    if cc_addrs:
        message["Cc"] = [to_address(a) for a in cc_addrs]
    _set_subject(message, clean_header(subject))
    message["Date"] = format_datetime(date) if date else formatdate(usegmt=True)
    message_id = clean_header(message_id).strip("<> ") if message_id else None
    message["Message-ID"] = f"<{message_id or new_message_id(message_id_domain)}>"
    chain = _reference_chain(in_reply_to, references)
    if in_reply_to and chain and chain[-1] == clean_header(in_reply_to).strip("<> "):
        message["In-Reply-To"] = f"<{chain[-1]}>"
    if chain:
        message["References"] = " ".join(f"<{i}>" for i in chain)
    if auto_submitted:
        message["Auto-Submitted"] = clean_header(auto_submitted)
    for name, value in (extra_headers or {}).items():
        if not _HEADER_NAME.match(name) or name.lower() in _OWN_HEADERS:
            raise ValueError(f"header not allowed in extra_headers: {name!r}")
        message[name] = clean_header(value)
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for attachment in attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        if not subtype or maintype == "multipart":
            maintype, subtype = "application", "octet-stream"
        message.add_attachment(
            attachment.data,
            maintype=clean_header(maintype),
            subtype=clean_header(subtype),
            filename=safe_filename(attachment.filename),
            disposition="inline" if attachment.inline else "attachment",
            cid=f"<{clean_header(attachment.content_id)}>" if attachment.content_id else None,
            params=_charset_of(maintype, subtype, attachment.data),
        )
    return message


def _charset_of(maintype: str, subtype: str, data: bytes) -> dict[str, str]:
    """`charset=utf-8` for a text file that is UTF-8 (an uploaded file has no charset, and
    a mail client reads a text part without one in its own, "Grüße" as "GrÃ¼ÃŸe"); other
    bytes are sent as they came, undeclared, rather than declared wrong."""
    if maintype != "text" or "charset" in subtype.lower() or data.isascii():
        return {}
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return {}
    return {"charset": "utf-8"}


def _set_subject(message: EmailMessage, subject: str) -> None:
    """The Subject header, folded so that every reader decodes it to `subject` again.

    Python 3.11's folder splits a non-ASCII subject into one encoded word per word, with
    the spaces between them outside (which readers drop: "Büro Köln" read "BüroKöln"), can
    cut an encoded word at a line end, and folds some ASCII subjects before their first
    word (read with a leading space). The older `Header` encoder keeps the spaces inside
    the encoded words, never cuts one, folds at spaces, and `set_raw` keeps its folding."""
    charset = "us-ascii" if subject.isascii() else "utf-8"
    message.set_raw("Subject", Header(subject, charset, header_name="Subject").encode(linesep="\n"))


def _reference_chain(in_reply_to: str | None, references: Iterable[str]) -> list[str]:
    """Ids without brackets, in order, the replied-to one last; the first (thread root) and
    the most recent ones are kept when the chain is longer than MAX_REFERENCES."""
    replied_to = clean_header(in_reply_to or "").strip("<> ")
    ids = [clean_header(i).strip("<> ") for i in references]
    ids = [i for i in dict.fromkeys(ids) if i and " " not in i and i != replied_to]
    if replied_to and " " not in replied_to:
        ids.append(replied_to)
    if len(ids) > MAX_REFERENCES:
        ids = [ids[0], *ids[-(MAX_REFERENCES - 1) :]]
    return ids


def _reference_pattern(prefix: str) -> re.Pattern[str]:
    return re.compile(rf"\[\s*{re.escape(prefix)}-(\d{{6,}})\s*\]", re.IGNORECASE)


def find_reference(subject: str, *, prefix: str = "FD") -> str | None:
    """The case reference in a subject, e.g. "FD-000123" from "Re: [FD-000123] Router"."""
    match = _reference_pattern(prefix).search(subject or "")
    return f"{prefix}-{match.group(1)}" if match else None


def subject_with_reference(subject: str, reference: str) -> str:
    """ "[FD-000123] subject" with the reference exactly once, however often it was replied to.

    Every earlier copy of the tag and the reply prefixes around it ("Re: AW: ") are dropped.
    """
    tag = re.compile(rf"\[\s*{re.escape(reference)}\s*\]", re.IGNORECASE)
    rest = clean_header(subject)
    rest = _REPLY_PREFIX.sub("", " ".join(tag.sub(" ", rest).split()))
    rest = _REPLY_PREFIX.sub("", rest)
    return f"[{reference}] {rest}".strip()
