"""A German customer in a real browser reads only German: fairdesk's own timeline text (made
while English was active) and every date, in the portal and in the acknowledgment mail."""

import re
from datetime import datetime, timedelta
from email import message_from_bytes
from email.policy import default
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import translation

from fairdesk.cases.models import Case
from fairdesk.lib import clock
from fairdesk.portal import services as portal
from fairdesk.promises import nextday
from fairdesk.promises import services as promises
from fairdesk.promises.models import Kind
from fairdesk.promises.presets import ensure_presets

from .conftest import screenshot

pytestmark = pytest.mark.browser

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_9 = datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN)
ENGLISH = re.compile(
    r"\b(Promise|promised|due|by|Monday|Tuesday|November 30|Reason|first response|callback)\b"
)


def test_a_german_customer_sees_only_german_system_text_and_dates(second_page, kurt, fault, ada):
    page = second_page  # a browser that asks for German
    ensure_presets()  # Standard: the first answer within 8 business hours
    with clock.frozen_at(MONDAY_9):
        page.goto(f"/portal/sign-in/{portal.issue_sign_in_link(customer=kurt)}/")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url("**/portal/")
        page.goto("/portal/new/")
        page.locator("#id_category").select_option(label=fault.path)
        page.locator("#id_subject").fill("Kein Internet")
        page.locator("#id_body").fill("Die DSL-Lampe blinkt rot.")
        page.locator("main form button[type=submit]").click()
        page.wait_for_selector(".portal-ack .reference")
        reference = page.locator(".portal-ack .reference").inner_text()
        assert "Montag, 30. November 2026, 17:00" in page.locator(".portal-ack").inner_text()

        # An English-speaking desk and worker write more about the case.
        case = Case.objects.get(reference=reference)
        with translation.override("en"):
            promises.make_promise(
                case=case, agent=ada, kind=Kind.CALLBACK, due_at=MONDAY_9 + timedelta(days=1)
            )
            nextday.promise_status_update(case=case, due_at=MONDAY_9 + timedelta(hours=33))

        page.goto(f"/portal/cases/{reference}/")
        page.wait_for_selector(".timeline")
        timeline = page.locator(".timeline").inner_text()
        main = page.locator("main").inner_text()
    assert "Zusage: erste Antwort bis Montag, 30. November 2026, 17:00." in timeline
    assert "Zusage: Rückruf bis Dienstag, 1. Dezember 2026, 09:00." in timeline
    assert (
        "Zusage: Nachricht zur Störung: was wir tun und wann sie behoben ist bis "
        "Dienstag, 1. Dezember 2026, 18:00." in timeline
    )
    assert not ENGLISH.search(main), ENGLISH.search(main)
    assert ".." not in main and ".:" not in main
    screenshot(page, "portal-case-german")

    ack = message_from_bytes(mail.outbox[-1].raw, policy=default)
    assert ack["To"] == kurt.primary_email
    text = ack.get_body(("plain",)).get_content()
    assert "Wir antworten bis Montag, 30. November 2026, 17:00." in text
    assert not ENGLISH.search(text.split("http")[0])
