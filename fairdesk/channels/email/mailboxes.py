"""IMAP mailbox settings as URLs, e.g. imaps://user:app%20pass@imap.example.org:993/INBOX.

Certificates are always verified (system CAs); `?cafile=/etc/fairdesk/imap-ca.pem` trusts that
CA file instead, for a server with its own or a self-signed certificate.

Pure: the settings module validates FAIRDESK_IMAP_MAILBOXES with it at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

# scheme: (TLS from the start, STARTTLS, default port)
_SCHEMES = {
    "imaps": (True, False, 993),
    "imap+starttls": (False, True, 143),
    "imap": (False, False, 143),
}


@dataclass(frozen=True)
class MailboxConfig:
    """One mailbox to poll. `move_to` set: processed messages move there; else they are flagged
    \\Seen in place."""

    host: str
    port: int
    username: str
    password: str = field(repr=False)
    folder: str = "INBOX"
    ssl: bool = True
    starttls: bool = False
    move_to: str | None = None
    # A PEM file of CA certificates to trust instead of the system's (None: the system's).
    cafile: str | None = None

    @property
    def label(self) -> str:
        """Where a message came from, without the password."""
        return f"imap:{self.username}@{self.host}:{self.port}/{self.folder}"


def parse_mailbox_url(url: str) -> MailboxConfig:
    """A MailboxConfig from `imaps://`, `imap+starttls://` or `imap://` (plain, loopback tests
    only) URLs; `?move_to=Folder` moves processed mail, `?cafile=/path.pem` trusts that CA file.
    Raises ValueError naming the problem."""
    parts = urlsplit(url.strip())
    if parts.scheme not in _SCHEMES:
        raise ValueError(f"scheme must be imaps, imap+starttls or imap, not {parts.scheme!r}")
    ssl, starttls, default_port = _SCHEMES[parts.scheme]
    if not parts.hostname or not parts.username or parts.password is None:
        raise ValueError("an IMAP URL needs user, password and host: imaps://user:pass@host/")
    try:
        port = parts.port or default_port
    except ValueError:
        raise ValueError("the IMAP port is not a number") from None
    query = parse_qs(parts.query)
    unknown = set(query) - {"move_to", "cafile"}
    if unknown:
        raise ValueError(f"unknown IMAP URL options: {', '.join(sorted(unknown))}")
    cafile = query["cafile"][0] if query.get("cafile") else None
    if cafile is not None and not (ssl or starttls):
        raise ValueError("cafile needs imaps or imap+starttls")
    return MailboxConfig(
        host=parts.hostname,
        port=port,
        username=unquote(parts.username),
        password=unquote(parts.password),
        folder=unquote(parts.path.lstrip("/")) or "INBOX",
        ssl=ssl,
        starttls=starttls,
        move_to=query["move_to"][0] if query.get("move_to") else None,
        cafile=cafile,
    )
