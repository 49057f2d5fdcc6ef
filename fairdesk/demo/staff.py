"""The demo's teams, category trees, agents and the customer who signs in with a password.

Everything here is found again on a second run instead of being made twice. The passwords
are for the demo only: they are printed on start and must never guard real data.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from fairdesk.accounts import services as accounts
from fairdesk.accounts.models import Customer, Team
from fairdesk.cases import services as cases
from fairdesk.cases.models import Category
from fairdesk.demo.content import BUSINESSES, TEAMS


@dataclass(frozen=True)
class Person:
    username: str
    name: str
    teams: tuple[str, ...]
    leads: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("de", "en")
    admin: bool = False

    @property
    def password(self) -> str:
        return f"{self.username}-demo-only"


PEOPLE = (
    Person("admin", "Alex Admin", tuple(TEAMS), admin=True),
    Person("sabine", "Sabine Sommer", ("Störungsannahme",), leads=("Störungsannahme",)),
    Person("jan", "Jan Jansen", ("Störungsannahme", "Werkstatt"), languages=("de",)),
    Person("tarik", "Tarik Demir", ("Technik", "Werkstatt"), leads=("Technik", "Werkstatt")),
    Person("mia", "Mia Wagner", ("Kundenservice",), leads=("Kundenservice", "Versand & Retouren")),
    Person("emma", "Emma Roth", ("Kundenservice", "Versand & Retouren")),
)
CUSTOMER_EMAIL = "klara.kundin@example.com"
CUSTOMER_NAME = "Klara Kundin"
CUSTOMER_PASSWORD = "klara-demo-only"  # noqa: S105 - printed demo login, never a real secret


def ensure_teams() -> dict[str, Team]:
    teams = {name: Team.objects.get_or_create(name=name)[0] for name in TEAMS}
    for name, escalation in TEAMS.items():
        if escalation and teams[name].escalation_team_id is None:
            teams[name].escalation_team = teams[escalation]
            teams[name].save(update_fields=["escalation_team"])
    return teams


def ensure_categories(teams: dict[str, Team]) -> dict[str, Category]:
    """Each business's category tree, routed to its teams; parents come first in the content."""
    found = {c.path: c for c in Category.objects.all()}
    for business in BUSINESSES:
        for path, team, is_fault in business.categories:
            if path in found:
                continue
            parent_path, _sep, name = path.rpartition(" > ")
            found[path] = cases.create_category(
                name=name,
                parent=found[parent_path] if parent_path else None,
                team=teams[team],
                is_fault=is_fault,
            )
    return found


def ensure_agents(teams: dict[str, Team]) -> dict[str, User]:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=_usernames())}
    for person in PEOPLE:
        if person.username in users:
            continue
        user = accounts.create_agent(
            username=person.username,
            password=person.password,
            name=person.name,
            email=f"{person.username}@desk.example",
            teams=tuple(teams[t] for t in person.teams),
            languages=person.languages,
            is_superuser=person.admin,
        )
        for team in person.leads:
            teams[team].lead = user
            teams[team].save(update_fields=["lead"])
        users[person.username] = user
    return users


def _usernames() -> list[str]:
    return [person.username for person in PEOPLE]


def ensure_portal_customer() -> Customer:
    customer = accounts.get_or_create_customer(
        email=CUSTOMER_EMAIL, name=CUSTOMER_NAME, language="de"
    )
    if customer.user_id is None:
        accounts.give_customer_password(customer=customer, password=CUSTOMER_PASSWORD)
        accounts.set_monthly_fee(customer=customer, cents=3999)
    return customer


def logins() -> list[tuple[str, str, str]]:
    """(role, username, password) of every demo login, for printing."""
    rows = []
    for person in PEOPLE:
        role = _("admin") if person.admin else _("lead") if person.leads else _("agent")
        rows.append((role, person.username, person.password))
    rows.append((_("customer"), CUSTOMER_EMAIL, CUSTOMER_PASSWORD))
    return rows
