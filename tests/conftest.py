"""The people every test knows, made through the real services.

Ada and Ben are agents (Ada in Support, Ben in Technik), Lena leads Support, Kurt is a
customer, Olga is another company's customer.
"""

from datetime import timedelta

import pytest
from django.utils import translation

from fairdesk.accounts import services as accounts
from fairdesk.accounts.models import Team
from fairdesk.cases import services as cases
from fairdesk.cases.models import Category
from fairdesk.lib import clock
from fairdesk.promises import credits
from fairdesk.promises import services as promises
from fairdesk.promises.models import Contract, Kind
from fairdesk.promises.presets import BUSINESS, ensure_presets
from tests import people, template_db


@pytest.fixture(autouse=True)
def _language_of_the_settings():
    """Each test starts in the desk's language: a request's LocaleMiddleware leaves its own
    active in the thread, and with tests spread over workers the next test may be any."""
    yield
    translation.deactivate()


@pytest.fixture
def support(db) -> Team:
    return people.team("Support")


@pytest.fixture
def technik(db) -> Team:
    return people.team("Technik")


@pytest.fixture
def lena(support):
    return people.lena(support)


@pytest.fixture
def ada(support, lena):
    return people.ada(support)


@pytest.fixture
def ben(technik):
    return people.ben(technik)


@pytest.fixture
def kurt(db):
    return people.kurt()


@pytest.fixture
def olga(db):
    return people.olga()


@pytest.fixture
def fault(support) -> Category:
    """Internet > Störung, a fault category routed to Support."""
    internet = cases.create_category(name="Internet", team=support)
    return cases.create_category(name="Störung", parent=internet, is_fault=True)


@pytest.fixture
def billing(support) -> Category:
    return cases.create_category(name="Rechnung", team=support)


@pytest.fixture
def missed_visit(kurt, fault, ada):
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


@pytest.fixture
def teams_only(db):
    """Agents see only their teams' cases (and those they own or wrote on), as an admin sets
    it on Administration → Case visibility."""
    accounts.set_case_visibility(admin=None, visibility="teams")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings):
    """pytest-django's (each xdist worker its own database), and for `make check` the
    migrated database from a kept copy (tests/template_db.py)."""
    if template_db.wanted():
        template_db.install()
    return django_db_modify_db_settings
