"""A customer reads fairdesk's own timeline text in their language and date format, whatever
language was active when it was written: the entries keep facts, the portal says them."""

import re
from datetime import datetime, timedelta
from email import message_from_bytes
from email.policy import default
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from fairdesk.cases import services as cases
from fairdesk.lib import clock
from fairdesk.promises import credits, nextday, watch
from fairdesk.promises import services as promises
from fairdesk.promises.models import Contract, Kind
from fairdesk.promises.presets import BUSINESS, ensure_presets

from .conftest import sign_in

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_9 = datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN)
# English words fairdesk's own sentences used to leak into German pages.
ENGLISH = re.compile(r"\b(Promise|promised|due|Monday|Tuesday|owed|Reason|first response)\b")


@pytest.fixture
def kurts_fault(kurt, fault, ada):
    """Kurt on the business plan reports a fault; everything the system writes about it is
    written while English is active (a worker, an English desk)."""
    Contract.objects.create(
        customer=kurt, policy=ensure_presets()[BUSINESS], monthly_fee_cents=4000
    )
    with translation.override("en"), clock.frozen_at(MONDAY_9):
        case = cases.open_case(
            customer=kurt,
            subject="Kein Internet",
            body="Router blinkt.",
            channel="email",
            category=fault,
        ).case
        visit = promises.make_promise(
            case=case,
            agent=ada,
            kind=Kind.APPOINTMENT,
            description="Techniker kommt.",
            window_start=MONDAY_9 + timedelta(hours=1),
            due_at=MONDAY_9 + timedelta(hours=3),
        )
        nextday.promise_status_update(case=case, due_at=MONDAY_9 + timedelta(days=1, hours=9))
    with translation.override("en"), clock.frozen_at(MONDAY_9 + timedelta(hours=3, minutes=5)):
        watch.run()  # the first answer (due in one business hour) and the visit break
    visit.refresh_from_db()
    credit = credits.refresh_credit(promise=visit)
    assert credit is not None
    return case


def _timeline(client, case) -> str:
    page = client.get(reverse("portal:case", args=[case.reference])).content.decode()
    return page[page.index('id="timeline-heading"') :]


def test_a_german_customer_reads_system_text_in_german_with_german_dates(kurt, kurts_fault):
    from django.test import Client

    timeline = _timeline(sign_in(Client(), kurt), kurts_fault)
    assert "Zusage: erste Antwort bis Montag, 30. November 2026, 10:00." in timeline
    assert "Zusage: Techniker kommt bis Montag, 30. November 2026, 12:00." in timeline
    assert "Zusage gebrochen: Techniker kommt war fällig am Montag, 30. November 2026, 12:00." in (
        timeline
    )
    assert "Ihnen stehen 10,00 EUR für die gebrochene Zusage zu (Techniker kommt)." in timeline
    assert (
        "Zusage: Nachricht zur Störung: was wir tun und wann sie behoben ist bis "
        "Dienstag, 1. Dezember 2026, 18:00." in timeline
    )
    text = re.sub(r"<[^>]+>", " ", timeline)
    assert not ENGLISH.search(text), ENGLISH.search(text)
    # One full stop at the end of a sentence; never one before a colon.
    assert ".." not in text.replace("...", "") and ".:" not in text


def test_an_english_customer_reads_the_same_facts_in_english(olga, fault, ada):
    from django.test import Client

    ensure_presets()
    with translation.override("de"), clock.frozen_at(MONDAY_9):
        case = cases.open_case(
            customer=olga,
            subject="No internet",
            body="Router blinks.",
            channel="email",
            category=fault,
        ).case
    timeline = _timeline(sign_in(Client(), olga), case)
    assert "Promise: first response by Monday, 30 November 2026, 17:00." in timeline
    assert "Zusage" not in timeline and "Montag" not in timeline


def test_the_acknowledgment_mail_is_german_with_a_german_date(
    kurt_client, kurt, fault, django_capture_on_commit_callbacks
):
    ensure_presets()
    # The clock stays frozen while the commit's callbacks write the mail (the inner block
    # ends first): at 17:00 on the real 30 November the promise would be past due.
    with clock.frozen_at(MONDAY_9), django_capture_on_commit_callbacks(execute=True):
        kurt_client.post(
            reverse("portal:new_request"),
            {"category": fault.pk, "subject": "Kein Internet", "body": "Router blinkt."},
        )
    ack = message_from_bytes(mail.outbox[-1].raw, policy=default)
    assert ack["To"] == kurt.primary_email
    text = ack.get_body(("plain",)).get_content()
    assert "Wir antworten bis Montag, 30. November 2026, 17:00." in text
    html = ack.get_body(("html",)).get_content()
    assert "Montag, 30. November 2026, 17:00" in html and "30 November" not in html


def test_the_portals_language_switch_changes_the_customers_language(
    kurt, django_capture_on_commit_callbacks
):
    """docs/language.md: the portal's switch changes Customer.language, so the next sign-in
    and every mail after it speak the language the customer chose."""
    client = sign_in(Client(), kurt)
    page = client.get(reverse("portal:my_cases"))
    switch = re.search(r'<form class="language" action="([^"]+)"', page.content.decode())
    assert switch is not None
    client.post(switch.group(1), {"language": "en", "next": "/portal/"})
    kurt.refresh_from_db()
    assert kurt.language == "en"
    again = sign_in(Client(), kurt)  # another device: the choice follows the customer
    assert "My cases" in again.get(reverse("portal:my_cases")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        cases.open_case(customer=kurt, subject="Hallo", body="?", channel="portal")
    ack = message_from_bytes(mail.outbox[-1].raw, policy=default)
    assert "We have received your request" in ack.get_body(("plain",)).get_content()


def test_the_switch_signed_out_changes_only_the_page(client, kurt):
    sign_in_page = client.get(reverse("portal:sign_in")).content.decode()
    switch = re.search(r'<form class="language" action="([^"]+)"', sign_in_page)
    assert switch is not None
    answer = client.post(switch.group(1), {"language": "en", "next": "/portal/sign-in/"})
    assert answer.status_code == 302
    assert "Sign in" in client.get(reverse("portal:sign_in")).content.decode()
    kurt.refresh_from_db()
    assert kurt.language == "de"
