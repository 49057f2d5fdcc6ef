"""An agent opens a case for a caller, a letter or a visitor from the desk."""

from email import message_from_bytes, policy

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fairdesk.accounts.models import Customer
from fairdesk.accounts.phones import same_number
from fairdesk.accounts.services import find_or_create_customer
from fairdesk.cases import services as cases
from fairdesk.cases.models import Case, EntryKind
from fairdesk.lib.errors import DomainError
from fairdesk.promises.models import Promise


def _post(client, **data):
    fields = {"channel": "phone", "priority": "normal", "subject": "", "body": ""} | data
    return client.post("/desk/cases/new/", fields)


def test_a_new_caller_gets_a_case_an_acknowledgment_and_a_dated_promise(
    ada_client, ada, support, presets, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(
            ada_client,
            name="Carla Caller",
            email="carla@example.org",
            phone="+49 30 / 123-456",
            subject="Kein Internet seit heute",
            body="Rief an: Router blinkt rot.",
        )
    case = Case.objects.get(customer__name="Carla Caller")
    assert response.status_code == 302 and response["Location"].endswith(f"/{case.reference}/")
    assert case.channel == "phone" and case.customer.phone == "+4930123456"
    first = case.entries.order_by("id").first()
    assert first.kind == EntryKind.CALL and first.author_user == ada
    assert Promise.objects.filter(case=case, state="pending").exists()
    [ack] = [message_from_bytes(m.raw, policy=policy.default) for m in mail.outbox]
    assert ack["To"] == "carla@example.org" and case.reference in ack["Subject"]
    page = ada_client.get(response["Location"]).content.decode()
    assert f"Case {case.reference} opened" in page


def test_a_caller_with_an_open_case_joins_it_and_the_agent_sees_which(ada_client, kurt, kurt_case):
    response = _post(
        ada_client,
        customer=kurt.pk,
        subject="Immer noch kein Internet",
        body="Ruft wieder an.",
    )
    assert response["Location"].endswith(f"/{kurt_case.reference}/")
    assert Case.objects.filter(customer=kurt).count() == 1
    page = ada_client.get(response["Location"]).content.decode()
    assert f"already had case {kurt_case.reference} open" in page


def test_a_repeat_call_joins_the_case_as_a_call_taken_by_the_agent(
    ada, ada_client, kurt, kurt_case
):
    # The first contact was an email; the customer now calls and Ada writes down the call.
    _post(ada_client, customer=kurt.pk, subject="Nachfrage", body="Ruft wieder an: noch tot.")
    call = kurt_case.entries.latest("id")
    assert call.kind == EntryKind.CALL and call.body == "Ruft wieder an: noch tot."
    assert call.author_user == ada and call.data["channel"] == "phone"
    page = ada_client.get(f"/desk/cases/{kurt_case.reference}/").content.decode()
    assert "phone call" in page


def test_a_letter_finds_the_customer_by_phone(ada, kurt, support):
    Customer.objects.filter(pk=kurt.pk).update(phone="+4989555123")
    intake = cases.open_case_for_caller(
        agent=ada,
        phone="+49 89 555-123",
        channel="letter",
        subject="Kündigung",
        body="Brief vom 3. März.",
    )
    assert intake.case.customer == kurt and intake.case.channel == "letter"
    assert intake.entry.kind == EntryKind.MESSAGE_IN


def test_a_caller_giving_the_number_without_country_code_is_the_known_customer(
    ada, ada_client, kurt, kurt_case
):
    # Kurt's number is kept as +49 30 1234567; on the phone he says "030 1234567".
    Customer.objects.filter(pk=kurt.pk).update(phone="+49301234567")
    page = ada_client.get("/desk/cases/new/?find=030 1234567").content.decode()
    assert "Kurt Kunde" in page
    intake = cases.open_case_for_caller(
        agent=ada, name="Kurt Kunde", phone="030 / 123 45 67", channel="phone",
        subject="Immer noch", body="Immer noch kein Internet.",
    )  # fmt: skip
    assert intake.case == kurt_case and Customer.objects.count() == 1
    # And the other way round: kept as written nationally, found by the caller's full number.
    Customer.objects.filter(pk=kurt.pk).update(phone="0301234567")
    for typed in ("+49 30 1234567", "0049 30 1234567"):
        found = ada_client.get("/desk/cases/new/", {"find": typed}).content.decode()
        assert "Kurt Kunde" in found


def test_a_caller_is_found_through_the_index_not_a_scan(kurt, olga):
    """Every new caller is looked up, the exact number first and then the one written the
    other way: both answered by the index on the number's last six digits."""
    Customer.objects.filter(pk=kurt.pk).update(phone="+49301234567")
    Customer.objects.filter(pk=olga.pk).update(phone="+44207946000")
    for typed, found in (("+49 30 1234567", kurt), ("030 1234567", kurt), ("020 7946000", olga)):
        with CaptureQueriesContext(connection) as asked:
            assert find_or_create_customer(phone=typed) == found
        lookups = [q["sql"] for q in asked if q["sql"].startswith("SELECT")]
        assert lookups and all("customer_phone_tail" in _plan(sql) for sql in lookups)


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: ask for the plan
            cursor.execute(f"EXPLAIN {sql}")
        return " ".join(str(row) for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("typed", "kept", "same"),
    [
        ("0301234567", "+49301234567", True),
        ("+49301234567", "0301234567", True),
        ("0049301234567", "0301234567", True),
        ("0301234567", "0401234567", False),
        ("+49301234567", "+44301234567", False),  # both international: exact only
        ("01234", "+491234", False),  # too short to say
    ],
)
def test_one_number_national_and_international(typed, kept, same):
    assert same_number(typed, kept) is same


def test_the_desk_refuses_other_channels_and_nobody(ada, support):
    with pytest.raises(DomainError) as refused:
        cases.open_case_for_caller(agent=ada, name="X", channel="email", subject="s", body="b")
    assert refused.value.field == "channel"
    with pytest.raises(DomainError) as nobody:
        find_or_create_customer(name=" ", email="", phone="")
    assert nobody.value.field == "name"


def test_a_refusal_shows_on_the_form_and_keeps_what_was_typed(ada_client, support):
    response = _post(ada_client, phone="12", subject="Rückruf", body="Bitte zurückrufen")
    page = response.content.decode()
    assert response.status_code == 422
    assert "is not a phone number" in page and "Bitte zurückrufen" in page
    assert not Case.objects.exists()


def test_finding_customers_by_name_email_or_phone(ada_client, kurt, olga):
    Customer.objects.filter(pk=olga.pk).update(phone="+44 20 7946 0000")
    assert "Kurt Kunde" in ada_client.get("/desk/cases/new/?find=kurt@ex").content.decode()
    page = ada_client.get("/desk/cases/new/?find=7946").content.decode()
    assert "Olga Other" in page and "Kurt Kunde" not in page
    chosen = ada_client.get(f"/desk/cases/new/?customer={kurt.pk}").content.decode()
    assert "Chosen:" in chosen and 'name="email"' not in chosen


def test_customers_cannot_open_the_page(client, kurt):
    assert client.get("/desk/cases/new/").status_code == 302
