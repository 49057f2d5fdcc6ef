from django.core.management.base import BaseCommand, CommandError

from fairdesk.accounts.services import revoke_token
from fairdesk.lib.errors import DomainError


class Command(BaseCommand):
    help = "Revoke an API token by its prefix (the 8 characters after fd_, as the admin shows)."

    def add_arguments(self, parser):
        # fd_ in front is allowed, and needed for a prefix that starts with "-".
        parser.add_argument("prefix", help="e.g. fd_AbC-12xy (or AbC-12xy)")

    def handle(self, *args, prefix: str, **options):
        try:
            revoked = revoke_token(prefix=prefix)
        except DomainError as error:
            raise CommandError(error.message) from None
        if not revoked:
            raise CommandError(f"no live token starts with {prefix}")
        self.stdout.write(f"revoked {revoked} token(s)")
