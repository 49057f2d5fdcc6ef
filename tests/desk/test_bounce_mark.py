"""A bouncing address on the customer page: the agent sees the mark and, once the customer
has confirmed the address works again (on the phone), clears it by hand, audited."""

from datetime import UTC, datetime

import pytest
from django.test import Client

from fairdesk.accounts import services as accounts
from fairdesk.accounts.models import AccountEvent, CustomerEmail
from fairdesk.lib import clock
from tests import people

pytestmark = pytest.mark.django_db

BOUNCED_AT = datetime(2026, 11, 23, 9, 15, tzinfo=UTC)


@pytest.fixture
def bouncing(kurt) -> CustomerEmail:
    accounts.mark_email_bouncing(address="kurt@example.org", since=BOUNCED_AT)
    return kurt.emails.get()


def _clear_url(kurt) -> str:
    return f"/desk/customers/{kurt.pk}/bounce/clear/"


def test_the_customer_page_shows_the_mark_and_a_button_to_clear_it(ada_client, kurt, bouncing):
    page = ada_client.get(f"/desk/customers/{kurt.pk}/").content.decode()
    assert "Mail to kurt@example.org bounces since" in page and "23 Nov 2026" in page
    assert f'action="{_clear_url(kurt)}"' in page
    assert "Mail works again" in page


def test_the_page_offers_no_button_for_an_address_that_does_not_bounce(ada_client, kurt):
    page = ada_client.get(f"/desk/customers/{kurt.pk}/").content.decode()
    assert "bounces since" not in page and _clear_url(kurt) not in page


@clock.frozen_at(datetime(2026, 11, 30, 10, 0, tzinfo=UTC))
def test_an_agent_clears_the_mark_and_the_audit_log_names_it(
    ada_client, ada, kurt, bouncing, admin_client
):
    response = ada_client.post(_clear_url(kurt), {"address": "KURT@example.org"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/desk/customers/{kurt.pk}/"
    page = response.content.decode()
    assert "kurt@example.org counts as reachable again" in page
    assert "bounces since" not in page
    bouncing.refresh_from_db()
    assert bouncing.bouncing_since is None
    event = AccountEvent.objects.get(action="customer.bounce_cleared")
    assert event.actor == ada
    assert event.data == {
        "customer": kurt.pk,
        "address": "kurt@example.org",
        "since": BOUNCED_AT.isoformat(),
    }
    log = admin_client.get("/desk/admin/audit/", {"source": "accounts"}).content.decode()
    assert "Bounce mark cleared by an agent" in log


def test_in_german(ada_client, kurt, bouncing):
    ada_client.post("/i18n/setlang/", {"language": "de"})
    page = ada_client.get(f"/desk/customers/{kurt.pk}/").content.decode()
    assert "Mail an kurt@example.org kommt zurück seit" in page
    assert "Mail kommt wieder an" in page
    page = ada_client.post(_clear_url(kurt), {"address": "kurt@example.org"}, follow=True)
    assert "kurt@example.org gilt wieder als erreichbar" in page.content.decode()


def test_an_address_that_is_not_the_customers_is_refused_and_nothing_changes(
    ada_client, kurt, olga, bouncing
):
    accounts.mark_email_bouncing(address="olga@other.example", since=BOUNCED_AT)
    olga_address = olga.emails.get()
    response = ada_client.post(_clear_url(kurt), {"address": olga_address.address}, follow=True)
    assert "is not an address of this customer" in response.content.decode()
    olga_address.refresh_from_db()
    assert olga_address.bouncing_since == BOUNCED_AT
    assert not AccountEvent.objects.filter(action="customer.bounce_cleared").exists()


def test_clearing_twice_records_it_once(ada_client, kurt, bouncing):
    ada_client.post(_clear_url(kurt), {"address": "kurt@example.org"})
    response = ada_client.post(_clear_url(kurt), {"address": "kurt@example.org"}, follow=True)
    assert "no longer marked as bouncing" in response.content.decode()
    assert AccountEvent.objects.filter(action="customer.bounce_cleared").count() == 1


def test_an_auditor_may_not_clear_it(kurt, bouncing):
    client = Client()
    client.force_login(people.audrey())
    assert client.post(_clear_url(kurt), {"address": "kurt@example.org"}).status_code == 403
    bouncing.refresh_from_db()
    assert bouncing.bouncing_since == BOUNCED_AT
