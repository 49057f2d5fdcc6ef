"""Raw RFC 5322 messages for the Django-side email tests, built with the standard library."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid


def raw_mail(
    *,
    sender: str | None = "Kurt Kunde <kurt@example.org>",
    to: str = "support@fairdesk.localhost",
    subject: str = "Internet geht nicht",
    body: str = "Seit gestern keine Verbindung.",
    message_id: str | None = "auto",
    in_reply_to: str | None = None,
    references: str | None = None,
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, bytes]] = (),
) -> bytes:
    message = EmailMessage()
    if sender is not None:
        message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    if message_id == "auto":
        message_id = make_msgid(domain="example.org")
    if message_id:
        message["Message-ID"] = message_id
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    if references:
        message["References"] = references
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    for filename, data in attachments:
        message.add_attachment(
            data, maintype="application", subtype="octet-stream", filename=filename
        )
    return message.as_bytes()
