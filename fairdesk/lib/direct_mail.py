"""Mail sent through Django's mail API rather than the email channel's outbound table (staff
warnings and alerts, the portal's sign-in link): from the desk's address, its Message-ID on
the desk's mail domain like the mail the channel composes, never Django's `@<host name>`."""

from email.utils import formataddr, make_msgid

from django.conf import settings
from django.core.mail import EmailMessage


def message(*, subject: str, body: str, to: list[str]) -> EmailMessage:
    """A plain-text mail from the desk's sender (FAIRDESK_MAIL_FROM, with its name), with a
    Message-ID on FAIRDESK_MAIL_DOMAIN."""
    message_id = make_msgid(domain=settings.FAIRDESK_MAIL_DOMAIN)
    headers = {"Message-ID": message_id}
    sender = formataddr((settings.FAIRDESK_MAIL_FROM_NAME, settings.FAIRDESK_MAIL_FROM))
    return EmailMessage(subject, body, sender, to, headers=headers)


def send(*, subject: str, body: str, to: list[str]) -> int:
    """Send `message(…)` now; how many mails went (0 or 1), as `send_mail` answers."""
    return message(subject=subject, body=body, to=to).send()
