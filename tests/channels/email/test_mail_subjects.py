"""A case opened from mail is titled with the customer's words (`subjects.case_title`)."""

from email import message_from_bytes, policy

import pytest
from django.core import mail
from hypothesis import given
from hypothesis import strategies as st

from fairdesk.cases import services as cases
from fairdesk.cases.models import Status
from fairdesk.channels.email.ingest import ingest
from fairdesk.channels.email.subjects import case_title

from .mailfactory import raw_mail

OURS = (
    "We received your request:",
    "Wir haben Ihre Anfrage erhalten:",
    "Added to your case:",
    "Zu Ihrem Fall hinzugefügt:",
)


@pytest.mark.parametrize(
    ("subject", "title"),
    [
        ("Router blinkt rot", "Router blinkt rot"),
        ("AW: Router blinkt rot", "Router blinkt rot"),
        ("AW: [FD-000002] Wir haben Ihre Anfrage erhalten: Router", "Router"),
        ("Re: [FD-000002] We received your request: No internet", "No internet"),
        ("RE: AW: WG: Fwd: Rechnung März", "Rechnung März"),
        ("FW: SV: VS: Antw: Kündigung", "Kündigung"),
        ("Re[2]: Re(3): Störung", "Störung"),
        ("aw:[fd-000123]wir haben ihre anfrage erhalten:  Router", "Router"),
        ("AW: Wir haben Ihre Anfrage erhalten: AW: [FD-000002] Rechnung", "Rechnung"),
        ("Zu Ihrem Fall hinzugefügt: Router", "Router"),
        ("Added to your case: [FD-000007] Router", "Router"),
        # Only where they lead: the customer's own words keep what follows.
        ("Router: Re: the earlier answer", "Router: Re: the earlier answer"),
        ("Frage zu [FD-000002]", "Frage zu [FD-000002]"),
        (
            "Ich habe Wir haben Ihre Anfrage erhalten: bekommen",
            "Ich habe Wir haben Ihre Anfrage erhalten: bekommen",
        ),
        ("Recht auf Auskunft", "Recht auf Auskunft"),
        ("Awesome service", "Awesome service"),
        ("[TICKET-1] Router", "[TICKET-1] Router"),
        ("AW: [FD-000002] Wir haben Ihre Anfrage erhalten:", ""),
        ("", ""),
        ("  Re:   Router\tkaputt ", "Router kaputt"),
    ],
)
def test_case_title(subject, title):
    assert case_title(subject, phrases=OURS) == title


def test_another_reference_prefix_is_ours_only_when_configured():
    assert case_title("Re: [HD-000042] Router", prefix="HD") == "Router"
    assert case_title("Re: [HD-000042] Router") == "[HD-000042] Router"


@given(st.text(max_size=80))
def test_a_title_is_never_longer_and_cleaning_it_again_changes_nothing(subject):
    title = case_title(subject, phrases=OURS)
    assert len(title) <= len(subject)
    assert case_title(title, phrases=OURS) == title


def sent_messages() -> list:
    return [message_from_bytes(m.raw, policy=policy.default) for m in mail.outbox]


@pytest.mark.django_db
def test_a_case_opened_by_a_reply_to_an_acknowledgment_is_titled_with_the_customers_words(
    support, kurt, ada, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = ingest(raw_mail(subject="Router blinkt rot")).inbound.case
    [ack] = sent_messages()
    assert (
        ack["Subject"] == f"[{case.reference}] Wir haben Ihre Anfrage erhalten: Router blinkt rot"
    )
    cases.change_status(case=case, agent=ada, status=Status.CLOSED)
    mail.outbox.clear()
    replied = f"AW: {ack['Subject']}"
    with django_capture_on_commit_callbacks(execute=True):
        inbound = ingest(raw_mail(subject=replied)).inbound
    new = inbound.case
    assert new != case and new.subject == "Router blinkt rot"
    [second] = sent_messages()
    assert (
        second["Subject"] == f"[{new.reference}] Wir haben Ihre Anfrage erhalten: Router blinkt rot"
    )
    # The mail's own subject stays on its entry as it came.
    assert inbound.entry.data["subject"] == replied


@pytest.mark.django_db
def test_a_subject_of_only_our_words_opens_a_case_without_subject(support, kurt):
    inbound = ingest(raw_mail(subject="Re: [FD-000099] We received your request:")).inbound
    assert inbound.case.subject == "(kein Betreff)"
    assert inbound.entry.data["subject"] == "Re: [FD-000099] We received your request:"
