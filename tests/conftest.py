"""The people every test knows, made through the real services.

Ada and Ben are agents (Ada in Support, Ben in Technik), Lena leads Support, Kurt is a
customer, Olga is another company's customer.
"""

import pytest

from fairdesk.accounts import services as accounts
from fairdesk.accounts.models import Team
from fairdesk.cases import services as cases
from fairdesk.cases.models import Category


@pytest.fixture
def support(db) -> Team:
    return Team.objects.create(name="Support")


@pytest.fixture
def technik(db) -> Team:
    return Team.objects.create(name="Technik")


@pytest.fixture
def lena(support):
    user = accounts.create_agent(
        username="lena",
        password="lena-pass-123",
        name="Lena Lead",
        email="lena@desk.example",
        teams=(support,),
    )
    support.lead = user
    support.save()
    return user


@pytest.fixture
def ada(support, lena):
    return accounts.create_agent(
        username="ada",
        password="ada-pass-123",
        name="Ada Agent",
        email="ada@desk.example",
        teams=(support,),
    )


@pytest.fixture
def ben(technik):
    return accounts.create_agent(
        username="ben",
        password="ben-pass-123",
        name="Ben Technik",
        email="ben@desk.example",
        teams=(technik,),
    )


@pytest.fixture
def kurt(db):
    return accounts.get_or_create_customer(
        email="kurt@example.org", name="Kurt Kunde", language="de"
    )


@pytest.fixture
def olga(db):
    return accounts.get_or_create_customer(
        email="olga@other.example", name="Olga Other", language="en"
    )


@pytest.fixture
def fault(support) -> Category:
    """Internet > Störung, a fault category routed to Support."""
    internet = cases.create_category(name="Internet", team=support)
    return cases.create_category(name="Störung", parent=internet, is_fault=True)


@pytest.fixture
def billing(support) -> Category:
    return cases.create_category(name="Rechnung", team=support)
