"""The people every test knows, made through the real services.

Ada and Ben are agents (Ada in Support, Ben in Technik), Lena leads Support, Kurt is a
customer, Olga is another company's customer.
"""

import gc
import logging

import pytest
from django.utils import translation

from fairdesk.accounts import services as accounts
from fairdesk.accounts.models import Team
from fairdesk.cases.models import Category
from tests import people, properties, template_db

properties.use_profile()
# aiosmtpd's servers (the tests' SMTP sinks, the LMTP server) log every connection at INFO
# from their own thread, at times after pytest has closed the stream it captured: noise.
logging.getLogger("mail.log").setLevel(logging.WARNING)


def pytest_collection_finish(session):
    """The objects alive once the tests are collected (Django, fairdesk, the test modules)
    live to the end: frozen, the collector stops walking them, and it runs less often, since
    a test's ORM objects die with it anyway. About 5 % of the quick run's CPU."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


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
    return people.fault(support)


@pytest.fixture
def billing(support) -> Category:
    return people.billing(support)


@pytest.fixture
def missed_visit(kurt, fault, ada):
    return people.missed_visit(kurt, fault, ada)


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
