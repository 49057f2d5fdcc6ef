"""`fairdesk mail-ingest < message.eml`: store one message from an MTA pipe.

Exit 0 once the message is stored (or was already), 75 (EX_TEMPFAIL) when it could not be
stored now, so the MTA keeps it and tries again; never 0 having lost it. No message at all
(empty input) is 65 (EX_DATAERR): no retry can store it, so the MTA returns it at once.
"""

import logging
import sys

from django.core.management.base import BaseCommand

EX_DATAERR = 65
EX_TEMPFAIL = 75
log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Store one RFC 5322 message read from standard input."

    def handle(self, *args: object, **options: object) -> None:
        try:
            from fairdesk.channels.email.ingest import ingest

            raw = sys.stdin.buffer.read()
            if not raw.strip():
                self.stderr.write("mail-ingest: no message on standard input (empty); not retried")
                sys.exit(EX_DATAERR)
            result = ingest(raw, source="pipe")
        except Exception:  # anything at all: the MTA must keep the message and retry
            log.exception("mail-ingest: message not stored, asking the MTA to retry")
            sys.exit(EX_TEMPFAIL)
        case = result.inbound.case
        state = "stored" if result.created else "already stored"
        self.stdout.write(f"{state}: {case.reference if case else 'no case'}")
