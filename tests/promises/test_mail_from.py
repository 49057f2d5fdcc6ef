"""Warnings and escalations to staff come from the desk's own address, never webmaster@, and
their Message-IDs are on the desk's mail domain, never @localhost."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.core import mail
from django.test import override_settings

from fairdesk.cases import services as cases
from fairdesk.lib import clock
from fairdesk.promises import watch

BERLIN = ZoneInfo("Europe/Berlin")


@override_settings(
    FAIRDESK_MAIL_FROM="service@shop.example", FAIRDESK_MAIL_DOMAIN="mx.shop.example"
)
def test_warning_and_escalation_mails_come_from_fairdesk_mail_from(
    standard, kurt, billing, ada, lena, escalation, django_capture_on_commit_callbacks
):
    with clock.frozen_at(datetime(2027, 6, 7, 10, 0, tzinfo=BERLIN)):
        case = cases.open_case(
            customer=kurt, subject="Frage", body="...", channel="email", category=billing
        ).case
        cases.take(case=case, agent=ada)
    with django_capture_on_commit_callbacks(execute=True):
        for hour in (16, 18):  # 75 % of 8 open hours: a warning; 8 hours: the breach
            with clock.frozen_at(datetime(2027, 6, 7, hour, 1, tzinfo=BERLIN)):
                watch.run()
    staff = [m for m in mail.outbox if "kurt@example.org" not in m.to]
    assert len(staff) >= 2  # the warning, then the escalation
    assert {m.from_email for m in staff} == {"service@shop.example"}
    assert {m.message()["From"] for m in staff} == {"service@shop.example"}
    ids = [m.message()["Message-ID"] for m in staff]
    assert all(i.endswith("@mx.shop.example>") for i in ids), ids
