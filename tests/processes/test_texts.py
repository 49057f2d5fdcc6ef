"""A process's timeline entries keep facts and are said when read: a German customer and an
English agent read the same entry each in their own language and date format; rows written
before the facts were kept show their stored text. A process-opened case gets one first mail."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from fairdesk.accounts.models import Customer
from fairdesk.cases.models import Entry
from fairdesk.channels.email.models import OutboundKind, OutboundMessage
from fairdesk.lib import clock
from fairdesk.processes import services
from fairdesk.texts import entry_text
from tests.portal.conftest import sign_in
from tests.processes.conftest import MON, declaration, sent_texts

REASON = "Der Netzbetreiber hat den Termin verschoben."


@pytest.fixture
def delayed(activation, ada, django_capture_on_commit_callbacks):
    with clock.frozen_at(MON + timedelta(days=1)), django_capture_on_commit_callbacks(execute=True):
        services.delay_step(
            process=activation, key="switch", due_on=date(2027, 1, 12), reason=REASON, agent=ada
        )
    return Entry.objects.get(case=activation.case, data__event="delayed")


def test_the_delay_keeps_facts_not_only_a_sentence(delayed):
    assert delayed.data["about"] == "process"
    assert delayed.data["definition"] == "activation"
    assert delayed.data["due_on"] == "2027-01-12" and delayed.data["reason"] == REASON


def test_a_german_customer_and_an_english_agent_read_the_same_step_entry(
    delayed, activation, ada, kurt
):
    agent = Client()
    agent.force_login(ada)
    desk = agent.get(
        f"/desk/cases/{activation.case.reference}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert (
        "Unfortunately, one step will take longer than we said. “Switch date” is now planned"
        f" for Tuesday, 12 January 2027. The reason: {REASON}"
    ) in desk
    portal = sign_in(Client(), kurt).get(
        reverse("portal:case", args=[activation.case.reference]), HTTP_ACCEPT_LANGUAGE="de"
    )
    page = portal.content.decode()
    assert (
        "Leider dauert ein Schritt länger als angekündigt. „Umschalttermin“ ist jetzt für"
        f" Dienstag, 12. Januar 2027 geplant. Der Grund: {REASON}" in page
    )


def test_every_process_entry_is_said_in_both_languages(delayed, activation, ada):
    services.expedite_step(process=activation, key="order_checked", agent=ada, reason="Umzug")
    services.complete_step(process=activation, key="order_checked", agent=ada)
    entries = Entry.objects.filter(case=activation.case, data__about="process")
    events = set(entries.values_list("data__event", flat=True))
    assert events == {"started", "order_confirmed", "delayed", "expedited", "step_done"}
    for entry in entries:
        with translation.override("en"):
            english = entry_text(entry)
        with translation.override("de"):
            german = entry_text(entry)
        assert english and german and english != german, entry.data
    confirmed = entries.get(data__event="order_confirmed")
    with translation.override("en"):
        assert "Switch date: Thursday, 17 December 2026" in entry_text(confirmed)


def test_a_row_written_before_the_facts_shows_its_stored_text(delayed):
    old = {"process": delayed.data["process"], "step": "switch", "event": "delayed"}
    Entry.objects.filter(pk=delayed.pk).update(data=old)
    delayed.refresh_from_db()
    assert entry_text(delayed) == ""  # the interfaces fall back to the stored body
    assert "länger als angekündigt" in delayed.body  # the mail as it was sent


def test_a_cancellation_mails_its_confirmation_as_the_only_first_mail(
    dsl, django_capture_on_commit_callbacks
):
    with (
        clock.frozen_at(datetime(2026, 11, 30, 9, 15, tzinfo=UTC)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        found = services.declare(data=declaration())
    kinds = list(OutboundMessage.objects.filter(case=found.case).values_list("kind", flat=True))
    assert OutboundKind.ACKNOWLEDGMENT not in kinds
    texts = sent_texts()
    assert len(texts) == 2, texts  # the confirmation and the return label
    assert all(found.case.reference in text for text in texts)


def test_an_activation_mails_the_order_confirmation_as_the_first_mail(activation):
    kinds = list(OutboundMessage.objects.values_list("kind", flat=True))
    assert kinds == [OutboundKind.REPLY]
    (text,) = sent_texts()
    assert "A-7001" in text and "Donnerstag, 17. Dezember 2026" in text


def test_english_process_mail_starts_its_sentence_in_capitals_after_the_greeting(
    kurt, dsl, line_order, django_capture_on_commit_callbacks
):
    """After "Hello Kurt Kunde," and a blank line an English sentence starts with a capital
    (German goes on in lower case: the other tests here read "wir …")."""
    Customer.objects.filter(pk=kurt.pk).update(language="en", language_chosen=True)
    line_order.refresh_from_db()  # its customer read again, English now
    with clock.frozen_at(MON), django_capture_on_commit_callbacks(execute=True):
        services.start_activation(order=line_order)
        services.declare(data=declaration())
    texts = "\n".join(sent_texts()).replace("\r\n", "\n")
    assert "Hello Kurt Kunde,\n\nWe confirm your order A-7001" in texts
    assert "Hello Kurt Kunde,\n\nWe received your declaration on" in texts
