"""Mail on a renamed case: our next mail carries the new title with the reference, and the
customer's answer to a mail sent under the old title still joins the case."""

from email import message_from_bytes, policy

import pytest
from django.core import mail

from fairdesk.cases import services as cases
from fairdesk.channels.email.ingest import ingest

from .mailfactory import raw_mail

pytestmark = pytest.mark.django_db


def sent() -> list:
    return [message_from_bytes(m.raw, policy=policy.default) for m in mail.outbox]


def test_a_renamed_case_is_mailed_under_its_new_title_and_old_threads_still_join(
    support, kurt, ada, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = ingest(
            raw_mail(subject="Re: AW: Ihre Nachricht", message_id="<erste@example.org>")
        ).inbound
    case = first.case
    [ack] = sent()
    assert ack["Subject"] == f"[{case.reference}] Wir haben Ihre Anfrage erhalten: Ihre Nachricht"
    cases.rename_case(case=case, agent=ada, subject="DSL bricht jeden Abend ab")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cases.reply(case=case, agent=ada, body="Wir messen heute Abend.")
    [reply] = sent()
    assert reply["Subject"] == f"[{case.reference}] DSL bricht jeden Abend ab"
    # Threaded as before: under the customer's message, after what we sent.
    assert reply["In-Reply-To"] == "<erste@example.org>"
    assert reply["References"].split() == [ack["Message-ID"], "<erste@example.org>"]

    # The customer answers the acknowledgment, under the old title, by its Message-ID …
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answered = ingest(
            raw_mail(
                subject=f"AW: {ack['Subject']}",
                body="Gestern wieder.",
                in_reply_to=ack["Message-ID"],
                references=ack["Message-ID"],
            )
        ).inbound
    assert answered.case == case
    # … or by the reference in the old subject alone.
    with django_capture_on_commit_callbacks(execute=True):
        by_reference = ingest(
            raw_mail(subject=f"AW: [{case.reference}] Ihre Nachricht", body="Und heute.")
        ).inbound
    assert by_reference.case == case
    case.refresh_from_db()
    assert case.subject == "DSL bricht jeden Abend ab"  # a customer's mail does not rename it
    # What we mail about their answers says the new title.
    assert all("DSL bricht jeden Abend ab" in m["Subject"] for m in sent())
