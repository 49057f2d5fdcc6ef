"""The acknowledgment tells the honest later date when the queue is longer than the
policy's target allows, and offers a callback."""

from __future__ import annotations

import re
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from django.core import mail
from django.test import Client

from fairdesk.accounts import services as accounts
from fairdesk.cases import services as cases
from fairdesk.channels.email.ingest import ingest
from fairdesk.lib import clock
from fairdesk.promises.models import Calendar, Policy
from fairdesk.queues.models import Prediction

from .mailfactory import raw_mail

pytestmark = pytest.mark.django_db


def test_a_long_queue_makes_the_acknowledgment_promise_the_honest_later_date(
    support, ada, django_capture_on_commit_callbacks
):
    always = Calendar.objects.create(name="24/7", hours="24/7")
    Policy.objects.create(
        name="Fast", calendar=always, is_default=True, first_response=timedelta(hours=1)
    )
    now = clock.now()
    # Last week the team answered one case a day; twenty cases wait now.
    for n in range(7):
        with clock.frozen_at(now - timedelta(days=7 - n)):
            customer = accounts.get_or_create_customer(email=f"old{n}@example.org", name="Alt")
            case = cases.open_new_case(
                customer=customer, subject="alt", body="?", channel="web"
            ).case
            cases.reply(case=case, agent=ada, body="Erledigt.")
    for n in range(20):
        customer = accounts.get_or_create_customer(email=f"w{n}@example.org", name="Wartend")
        cases.open_new_case(customer=customer, subject="wartet", body="?", channel="web")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ingest(raw_mail(sender="Olga Other <olga@other.example>", subject="Invoice wrong"))
    prediction = Prediction.objects.latest("made_at")
    assert prediction.ahead == 20 and prediction.later_than_target
    [ack] = [message_from_bytes(m.raw, policy=policy.default) for m in mail.outbox]
    text = ack.get_body(("plain",)).get_content()
    # A new customer writing without a language preference reads German.
    assert "Wegen vieler Anfragen antworten wir bis" in text
    assert "20 Anfragen kamen vor Ihrer an" in text
    assert "Wir antworten bis" not in text
    # The callback link opens the case's booking page without signing in.
    link = re.search(r"http://[^/]+(/portal/callback/[^/\s]+/)", text)
    assert link is not None
    page = Client().get(link.group(1))
    assert page.status_code == 200 and page.context["case"] == prediction.case
