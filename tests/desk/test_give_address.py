"""A customer writing from a second address: the agent gives the address to the customer it
belongs to (`cases.services.give_address`), and the two cases can then be merged."""

from email.message import EmailMessage
from email.utils import make_msgid

import pytest

from fairdesk.accounts import services as accounts
from fairdesk.accounts.models import AccountEvent, Customer
from fairdesk.cases import services as cases
from fairdesk.cases.models import AuditEvent, Case
from fairdesk.channels.email.ingest import ingest
from fairdesk.lib.errors import DomainError

pytestmark = pytest.mark.django_db


def raw_mail(*, sender: str, subject: str) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "support@fairdesk.localhost"
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="example.org")
    message.set_content("Immer noch kein Internet.")
    return bytes(message)


@pytest.fixture
def second_address(support, kurt) -> tuple[Case, Case]:
    """Kurt's case, and the case his mail from his private address made (flagged, linked)."""
    kurts = ingest(raw_mail(sender="Kurt <kurt@example.org>", subject="Störung")).inbound.case
    private = ingest(
        raw_mail(sender="Kurt K. <kurt.privat@mail.example>", subject=f"AW: [{kurts.reference}]")
    ).inbound.case
    assert private.customer != kurt and kurts in private.related.all()
    return kurts, private


def give(client, case: Case, other: Case, language: str = "en"):
    return client.post(
        f"/desk/cases/{case.reference}/give_address/",
        {"give_address-other": other.reference},
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_the_flagged_case_offers_to_give_the_address_to_the_customer(ada_client, second_address):
    kurts, private = second_address
    page = ada_client.get(f"/desk/cases/{private.reference}/").content.decode()
    assert f"The sender is the customer of {kurts.reference}: give them this address" in page
    german = ada_client.get(f"/desk/cases/{private.reference}/", HTTP_ACCEPT_LANGUAGE="de")
    assert f"Der Absender ist der Kunde von {kurts.reference}" in german.content.decode()
    # Kurt's own case has no such offer.
    own = ada_client.get(f"/desk/cases/{kurts.reference}/").content.decode()
    assert "give them this address" not in own


def test_giving_the_address_moves_it_and_the_case_then_merge_works(
    ada, ada_client, kurt, second_address
):
    kurts, private = second_address
    stranger = private.customer
    response = give(ada_client, private, kurts)
    assert response.status_code == 302
    private.refresh_from_db()
    assert private.customer == kurt
    kurt = Customer.objects.get(pk=kurt.pk)
    assert "kurt.privat@mail.example" in [e.address for e in kurt.emails.all()]
    assert kurt.primary_email == "kurt@example.org"
    assert not Customer.objects.get(pk=stranger.pk).is_active
    assert private.entries.get(kind="message_in").author_customer == kurt
    page = ada_client.get(f"/desk/cases/{private.reference}/").content.decode()
    assert "kurt.privat@mail.example is an address of Kurt Kunde" in page
    other_page = ada_client.get(f"/desk/cases/{kurts.reference}/").content.decode()
    assert f"cases moved here: {private.reference}" in other_page
    assert AuditEvent.objects.filter(action="case.customer_changed", case=private).exists()
    assert AccountEvent.objects.filter(action="customer.address_moved", actor=ada).exists()
    # The merge the desk refused before now goes through.
    cases.merge_cases(source=private, target=kurts, agent=ada)
    # Kurt's next mail from that address is his and threads onto his case.
    later = ingest(
        raw_mail(sender="kurt.privat@mail.example", subject=f"AW: [{kurts.reference}] und?")
    ).inbound
    assert later.case == kurts and later.state == "stored"


def test_the_timeline_says_it_in_german(ada_client, second_address):
    kurts, private = second_address
    give(ada_client, private, kurts)
    page = ada_client.get(f"/desk/cases/{private.reference}/", HTTP_ACCEPT_LANGUAGE="de")
    assert "kurt.privat@mail.example ist eine Adresse von Kurt Kunde" in page.content.decode()


def test_a_customer_who_can_sign_in_keeps_the_address(ada_client, kurt, second_address):
    kurts, private = second_address
    accounts.give_customer_password(customer=private.customer, password="lang-genug-1234")
    response = give(ada_client, private, kurts)
    assert response.status_code == 422
    assert "can sign in or holds API tokens" in response.content.decode()
    private.refresh_from_db()
    assert private.customer != kurt
    german = give(ada_client, private, kurts, language="de")
    assert "kann sich anmelden oder hat API-Schlüssel" in german.content.decode()


def test_a_customer_with_a_token_or_two_addresses_keeps_them(ada, kurt, second_address):
    kurts, private = second_address
    stranger = private.customer
    stranger.emails.create(address="zweite@mail.example")
    with pytest.raises(DomainError, match="exactly one email address"):
        cases.give_address(case=private, other=kurts, agent=ada)
    stranger.emails.filter(address="zweite@mail.example").delete()
    accounts.create_token(customer=stranger)
    with pytest.raises(DomainError, match="API tokens"):
        cases.give_address(case=private, other=kurts, agent=ada)
    assert Case.objects.get(pk=private.pk).customer == stranger


def test_the_address_of_the_same_customer_is_refused(ada, kurt, second_address):
    kurts, _private = second_address
    with pytest.raises(DomainError, match="already this customer"):
        cases.give_address(case=kurts, other=kurts, agent=ada)
