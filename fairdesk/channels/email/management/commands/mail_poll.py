"""`fairdesk mail-poll`: fetch new mail from the configured IMAP mailboxes.

One mailbox failing (server down, wrong password, certificate refused) is reported and the
others are still polled; with --interval the next round tries it again. Without --interval
the command fails (exit status 1) when any mailbox did, after polling all of them."""

import imaplib
import logging
import socket
import ssl
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fairdesk.channels.email.imap import poll_mailbox

log = logging.getLogger(__name__)
# What a mailbox's server or network can do to one poll; anything else is a bug and stops.
MAILBOX_ERRORS = (imaplib.IMAP4.error, OSError, ssl.SSLError, socket.timeout, EOFError)


class Command(BaseCommand):
    help = "Poll FAIRDESK_IMAP_MAILBOXES once, or every --interval seconds."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--interval", type=int, default=0, help="seconds between polls")

    def handle(self, *args: object, interval: int = 0, **options: object) -> None:
        mailboxes = settings.FAIRDESK_IMAP_MAILBOXES
        if not mailboxes:
            raise CommandError("no mailboxes configured (FAIRDESK_IMAP_MAILBOXES)")
        while True:
            failed = [mailbox.label for mailbox in mailboxes if not self._poll(mailbox)]
            if interval <= 0:
                if failed:
                    raise CommandError(f"not polled: {', '.join(failed)}")
                return
            time.sleep(interval)

    def _poll(self, mailbox) -> bool:
        """Poll one mailbox; report its failure and go on (True when it was polled)."""
        try:
            result = poll_mailbox(mailbox)
        except MAILBOX_ERRORS as error:
            log.warning("%s: not polled: %s", mailbox.label, error)
            self.stderr.write(f"{mailbox.label}: not polled: {error}")
            return False
        self.stdout.write(
            f"{mailbox.label}: {result.stored} stored, {result.duplicates} "
            f"already stored, {result.failed} left for the next poll"
        )
        return True
