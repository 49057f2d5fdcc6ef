"""`fairdesk manage create_agent USERNAME`: the first (or any further) agent of a desk."""

import getpass
import sys

from django.core.management.base import BaseCommand, CommandError

from fairdesk.accounts import selectors
from fairdesk.accounts.services import create_agent
from fairdesk.lib.errors import DomainError


class Command(BaseCommand):
    help = (
        "Create an agent who can sign in to the desk; the password is asked for, or read "
        "from standard input with --password-stdin."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", required=True, help='the full name, e.g. "Ada Lovelace"')
        parser.add_argument(
            "--team",
            action="append",
            default=[],
            metavar="NAME",
            help="a team the agent works in (repeat for several); default: the first team",
        )
        parser.add_argument(
            "--admin", action="store_true", help="administers the desk (and may use Django's admin)"
        )
        parser.add_argument(
            "--password-stdin", action="store_true", help="read the password from standard input"
        )

    def handle(self, *args, username, email, name, team, admin, password_stdin, **options):
        teams = self._teams(team)
        password = self._password(from_stdin=password_stdin)
        try:
            user = create_agent(
                username=username,
                password=password,
                name=name,
                email=email,
                teams=tuple(teams),
                is_admin=admin,
                is_superuser=admin,
            )
        except DomainError as error:
            raise CommandError(error.message) from None
        names = ", ".join(t.name for t in teams) or "no team"
        role = "admin" if admin else "agent"
        self.stdout.write(f"created {role} {user.get_username()} ({names})")

    def _teams(self, names: list[str]) -> list:
        if not names:
            first = selectors.first_team()
            return [first] if first else []
        teams, unknown = selectors.teams_named(names)
        if unknown:
            raise CommandError(f"no team called {', '.join(unknown)}")
        return teams

    def _password(self, *, from_stdin: bool) -> str:
        if from_stdin:
            # One line; the newline a pipe adds is not part of the password.
            password = sys.stdin.readline().rstrip("\r\n")
        elif sys.stdin.isatty():
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("the two passwords differ")
        else:
            raise CommandError("no terminal to ask for the password: use --password-stdin")
        if not password:
            raise CommandError("the password is empty")
        return password
