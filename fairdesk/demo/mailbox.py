"""The demo's mailbox: every mail the demo sends lands in a folder instead of on the
internet, and the desk lists it (desk/views/demo_mail.py), so a visitor can follow a sign-in
link or read an acknowledgment. Only `fairdesk demo` switches this backend on."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

from fairdesk.lib import clock


def folder() -> Path:
    return Path(settings.FAIRDESK_DEMO_MAILBOX)


class DemoMailBackend(BaseEmailBackend):
    """Keeps each message as one .eml file in the demo mailbox folder."""

    def send_messages(self, email_messages) -> int:
        target = folder()
        target.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            raw = message.message().as_bytes()
            # Named by time, so the folder sorts oldest first; the suffix keeps names unique.
            name = f"{clock.now():%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
            (target / f".{name}").write_bytes(raw)
            (target / f".{name}").rename(target / name)  # readers never see half a file
        return len(email_messages)


@dataclass(frozen=True)
class CaughtMail:
    name: str
    sender: str
    to: str
    subject: str
    date: datetime | None
    text: str


def caught_mail(*, limit: int = 50) -> list[CaughtMail]:
    """The newest `limit` mails in the demo mailbox, newest first."""
    if not folder().is_dir():
        return []
    names = sorted((p.name for p in folder().glob("*.eml")), reverse=True)[:limit]
    return [_read(folder() / name) for name in names]


def _read(path: Path) -> CaughtMail:
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    return CaughtMail(
        name=path.stem,
        sender=str(message.get("From", "")),
        to=str(message.get("To", "")),
        subject=str(message.get("Subject", "")),
        date=_date(message),
        text=_text(message),
    )


def _date(message: EmailMessage) -> datetime | None:
    try:
        moment = parsedate_to_datetime(str(message["Date"])) if message["Date"] else None
    except (TypeError, ValueError):
        return None
    # "-0000" (Django's own Date header) reads naive: RFC 5322 makes it UTC.
    return moment.replace(tzinfo=UTC) if moment and moment.tzinfo is None else moment


def _text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    if part is None:
        return ""
    try:
        return part.get_content()
    except (LookupError, UnicodeError):  # an unknown or wrong charset: show what we can
        return part.get_payload(decode=True).decode("utf-8", "replace")
