"""The named people of the tests, as plain builders: `tests/conftest.py` makes them per test,
and a table of many rows can make them once for a whole module (see `world_once`)."""

from contextlib import contextmanager

from django.db import transaction

from fairdesk.accounts import services as accounts
from fairdesk.accounts.models import Team


def team(name: str) -> Team:
    return Team.objects.create(name=name)


def lena(support: Team):
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


def ada(support: Team):
    return accounts.create_agent(
        username="ada",
        password="ada-pass-123",
        name="Ada Agent",
        email="ada@desk.example",
        teams=(support,),
    )


def ben(technik: Team):
    return accounts.create_agent(
        username="ben",
        password="ben-pass-123",
        name="Ben Technik",
        email="ben@desk.example",
        teams=(technik,),
    )


def kurt():
    return accounts.get_or_create_customer(
        email="kurt@example.org", name="Kurt Kunde", language="de"
    )


def olga():
    return accounts.get_or_create_customer(
        email="olga@other.example", name="Olga Other", language="en"
    )


def audrey():
    """An auditor: reads the audit log, changes nothing."""
    user = accounts.create_agent(username="audrey", password="audrey-pass-123", name="Audrey Audit")
    accounts.set_auditor_role(admin=None, user=user, is_auditor=True)
    return user


@contextmanager
def world_once(django_db_blocker):
    """For a module-scoped fixture: what it makes inside lives for the module's tests, each of
    which runs in a savepoint rolled back after it (the `db` fixture nests in this
    transaction), and is rolled back itself at the end. Tests must read what they change from
    the database, not from the objects made here."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)
