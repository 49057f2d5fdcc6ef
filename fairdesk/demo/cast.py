"""Who takes part in the demo stories: teams, categories, agents and customers."""

import random
import unicodedata
from dataclasses import dataclass, field

from django.contrib.auth.models import User

from fairdesk.accounts import services as accounts
from fairdesk.accounts.models import Customer, Team
from fairdesk.cases.models import Category
from fairdesk.demo.content.common import FIRST_NAMES, LAST_NAMES

# Story customers live at this domain: a second load finds them and adds nothing. It is
# reserved as invalid (RFC 2606), so no mail ever goes out to these made-up people.
CUSTOMER_DOMAIN = "kunden.invalid"
MONTHLY_FEES = (None, None, 1999, 2999, 3999, 4999)


@dataclass
class Cast:
    teams: dict[str, Team]
    categories: dict[str, Category]
    agents: dict[str, User]
    members: dict[int, list[User]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # The admin helps out everywhere, but is nobody's first choice.
        for user in self.agents.values():
            if user.is_superuser:
                continue
            for team in user.agent.teams.all():
                self.members.setdefault(team.pk, []).append(user)

    def agents_of(self, team: Team) -> list[User]:
        return self.members.get(team.pk) or [u for u in self.agents.values() if u.is_superuser]


def _ascii(text: str) -> str:
    text = text.replace("ß", "ss").replace("ı", "i")
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue")):
        text = text.replace(umlaut, plain).replace(umlaut.upper(), plain.title())
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c in ".-"))


def make_customers(rng: random.Random, count: int) -> list[Customer]:
    """`count` customers, German and English speakers alternating."""
    customers = []
    for number in range(count):
        language = "de" if number % 2 == 0 else "en"
        first = rng.choice(FIRST_NAMES[language])
        last = rng.choice(LAST_NAMES[language])
        address = f"{_ascii(first)}.{_ascii(last)}.{number}@{CUSTOMER_DOMAIN}".lower()
        customer = accounts.get_or_create_customer(
            email=address, name=f"{first} {last}", language=language
        )
        # Contract customers pay a monthly fee; compensation can be a share of it.
        fee = rng.choice(MONTHLY_FEES)
        if fee is not None:
            accounts.set_monthly_fee(customer=customer, cents=fee)
        customers.append(customer)
    return customers


def already_told() -> bool:
    return Customer.objects.filter(emails__address__endswith=f"@{CUSTOMER_DOMAIN}").exists()
