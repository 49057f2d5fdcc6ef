"""`fairdesk mail-lmtp --host 127.0.0.1 --port 2424` (or `--socket PATH`): the LMTP server an
MTA delivers to; see fairdesk.channels.email.lmtp and docs/operations.md."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fairdesk.channels.email import lmtp


class Command(BaseCommand):
    help = "Receive mail over LMTP; each recipient is answered after the message is stored."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=2424)
        parser.add_argument("--socket", default="", help="listen on this Unix socket instead")
        parser.add_argument(
            "--threads", type=int, default=4, help="messages stored at the same time"
        )

    def handle(self, *, host: str, port: int, socket: str, threads: int, **options) -> None:
        if threads < 1:
            raise CommandError("--threads must be at least 1")
        if socket and os.path.exists(socket):
            os.unlink(socket)  # a previous server's socket file; binding would fail
        try:
            lmtp.serve(
                host=host,
                port=port,
                socket_path=socket or None,
                threads=threads,
                hostname=settings.FAIRDESK_MAIL_DOMAIN,
            )
        except OSError as error:
            raise CommandError(f"cannot listen: {error}") from None
