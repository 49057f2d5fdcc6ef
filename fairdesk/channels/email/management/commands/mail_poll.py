"""`fairdesk mail-poll`: fetch new mail from the configured IMAP mailboxes."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fairdesk.channels.email.imap import poll_all


class Command(BaseCommand):
    help = "Poll FAIRDESK_IMAP_MAILBOXES once, or every --interval seconds."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--interval", type=int, default=0, help="seconds between polls")

    def handle(self, *args: object, interval: int = 0, **options: object) -> None:
        mailboxes = settings.FAIRDESK_IMAP_MAILBOXES
        if not mailboxes:
            raise CommandError("no mailboxes configured (FAIRDESK_IMAP_MAILBOXES)")
        while True:
            # One failing mailbox is reported and skipped; the others are polled all the same.
            for label, result in poll_all().items():
                if result is None:
                    self.stderr.write(f"{label}: polling failed (see the log)")
                    continue
                self.stdout.write(
                    f"{label}: {result.stored} stored, {result.duplicates} "
                    f"already stored, {result.failed} left for the next poll"
                )
            if interval <= 0:
                return
            time.sleep(interval)
