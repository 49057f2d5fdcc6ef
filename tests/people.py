"""The named people and things of the tests, as plain builders: `tests/conftest.py` makes
them per test, and a module of many tests can make them once (see `world_once`)."""

from contextlib import contextmanager
from datetime import timedelta

from django.db import transaction

from fairdesk.accounts import services as accounts
from fairdesk.accounts.models import Team
from fairdesk.cases import services as cases
from fairdesk.cases.models import Category
from fairdesk.lib import clock
from fairdesk.promises import credits
from fairdesk.promises import services as promises
from fairdesk.promises.models import Contract, Kind
from fairdesk.promises.presets import BUSINESS, ensure_presets


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


def fault(support: Team) -> Category:
    """Internet > Störung, a fault category routed to Support."""
    internet = cases.create_category(name="Internet", team=support)
    return cases.create_category(name="Störung", parent=internet, is_fault=True)


def billing(support: Team) -> Category:
    return cases.create_category(name="Rechnung", team=support)


def missed_visit(kurt, fault: Category, ada):
    """Kurt on the business plan; the technician missed the promised window.

    The breach owes a credit under TKG §58(4): once, max(10 EUR, 20 % of 40 EUR) = 10 EUR.
    """
    Contract.objects.create(
        customer=kurt, policy=ensure_presets()[BUSINESS], monthly_fee_cents=4000
    )
    case = cases.open_case(
        customer=kurt,
        subject="Techniker kommt",
        body="Bitte Leitung vor Ort prüfen.",
        channel="phone",
        category=fault,
    ).case
    start = clock.now() + timedelta(hours=1)
    visit = promises.make_promise(
        case=case,
        agent=ada,
        kind=Kind.APPOINTMENT,
        window_start=start,
        due_at=start + timedelta(hours=2),
        description="Techniker kommt",
    )
    with clock.frozen_at(start + timedelta(hours=2)):
        promises.break_promise(promise=visit)
        return credits.refresh_credit(promise=visit)


@contextmanager
def world_once(django_db_blocker):
    """For a module-scoped fixture: what it makes inside lives for the module's tests, each of
    which runs in a savepoint rolled back after it (the `db` fixture nests in this
    transaction), and is rolled back itself at the end. Tests must read what they change from
    the database, not from the objects made here."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)
