"""A domain app reaches the customer through cases.services.tell_customer; mail sends it."""

from email import message_from_bytes, policy

from django.core import mail

from fairdesk.cases import services as cases
from fairdesk.cases.models import EntryKind
from fairdesk.channels.email.models import OutboundKind, OutboundMessage


def test_a_notice_is_on_the_timeline_and_mailed_to_the_customer(
    support, kurt, django_capture_on_commit_callbacks
):
    case = cases.open_case(
        customer=kurt, subject="Kündigung", body="Bitte kündigen.", channel="web"
    ).case
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        entry = cases.tell_customer(
            case=case, body="Ihre Kündigung ist eingegangen.", data={"process": "cancellation"}
        )
    assert entry.public and entry.kind == EntryKind.SYSTEM
    sent = OutboundMessage.objects.get(entry=entry)
    assert sent.kind == OutboundKind.REPLY
    assert [m.to for m in mail.outbox] == [["kurt@example.org"]]
    sent = message_from_bytes(mail.outbox[0].raw, policy=policy.default)
    assert "Ihre Kündigung ist eingegangen." in sent.get_body(("plain",)).get_content()


def test_a_notice_of_a_kind_with_its_own_mail_is_sent_as_that_kind(
    support, kurt, django_capture_on_commit_callbacks
):
    case = cases.open_case(customer=kurt, subject="Frage", body="Eine Frage.", channel="web").case
    with django_capture_on_commit_callbacks(execute=True):
        entry = cases.tell_customer(case=case, data={}, body="Umfrage", notice="survey")
    assert OutboundMessage.objects.get(entry=entry).kind == OutboundKind.SURVEY
