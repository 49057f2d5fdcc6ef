from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from fairdesk.accounts.selectors import customer_by_email
from fairdesk.accounts.services import create_token
from fairdesk.lib.errors import DomainError


class Command(BaseCommand):
    help = "Print a new API bearer token for an agent (USERNAME) or a customer (--customer EMAIL)."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?")
        parser.add_argument("--customer", metavar="EMAIL")
        parser.add_argument(
            "--expires-days", type=int, metavar="N", help="the token stops working after N days"
        )

    def handle(self, *args, username=None, customer=None, expires_days=None, **options):
        if bool(username) == bool(customer):
            raise CommandError("give either an agent's USERNAME or --customer EMAIL")
        if customer:
            holder = customer_by_email(customer)
            if holder is None:
                raise CommandError(f"no customer has the email {customer}")
            kwargs = {"customer": holder}
        else:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"no user {username}")
            kwargs = {"user": user}
        if expires_days is not None:
            kwargs["expires_in"] = timedelta(days=expires_days)
        try:
            self.stdout.write(create_token(**kwargs))
        except DomainError as error:
            raise CommandError(error.message) from None
