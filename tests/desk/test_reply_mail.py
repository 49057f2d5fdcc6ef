"""Each reply on the case page says whether its mail was sent, is being retried, or failed."""

from datetime import timedelta

from django.core import mail
from django.core.mail.backends import locmem
from django.test import override_settings
from django.urls import reverse

from fairdesk.cases import services as cases
from fairdesk.channels.email import tasks
from fairdesk.channels.email.models import OutboundMessage
from fairdesk.lib import clock

QUEUE_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


class MailServerDown(locmem.EmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("Connection refused")


def reply(client, case, body, capture) -> None:
    with capture(execute=True):  # the mail is queued when the reply commits
        response = client.post(
            reverse("desk:case_action", args=[case.reference, "reply"]), {"reply-body": body}
        )
    assert response.status_code == 302


def page(client, case) -> str:
    return client.get(f"/desk/cases/{case.reference}/").content.decode()


def test_a_sent_reply_says_so(ada_client, kurt_case, django_capture_on_commit_callbacks):
    reply(ada_client, kurt_case, "Wir prüfen die Leitung.", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert "Email sent to kurt@example.org" in page(ada_client, kurt_case)
    german = ada_client.get(f"/desk/cases/{kurt_case.reference}/", HTTP_ACCEPT_LANGUAGE="de")
    assert "E-Mail an kurt@example.org gesendet" in german.content.decode()


@override_settings(TASKS=QUEUE_ONLY, FAIRDESK_MAIL_SEND_ATTEMPTS=2)
def test_a_reply_shows_its_mail_waiting_retrying_and_failed(
    ada_client, kurt_case, django_capture_on_commit_callbacks
):
    reply(ada_client, kurt_case, "Wir prüfen die Leitung.", django_capture_on_commit_callbacks)
    assert "Email to kurt@example.org is being sent" in page(ada_client, kurt_case)
    outbound = OutboundMessage.objects.get(kind="reply")
    with override_settings(EMAIL_BACKEND="tests.desk.test_reply_mail.MailServerDown"):
        tasks.send_outbound.call(outbound.pk)
        html = page(ada_client, kurt_case)
        assert "Email to kurt@example.org not sent yet, retrying (failed tries: 1)" in html
        assert "Connection refused" in html
        # A failed try is due again after a while (sender.retry_delay), not at once.
        with clock.frozen_at(clock.now() + timedelta(minutes=2)):
            tasks.send_outbound.call(outbound.pk)
    html = page(ada_client, kurt_case)
    assert "Email to kurt@example.org could not be sent" in html
    assert "delivery-failed" in html


def test_only_replies_carry_a_mail_state(
    ada_client, kurt, fault, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = cases.open_case(
            customer=kurt,
            subject="Kein Netz",
            body="Seit gestern.",
            channel="email",
            category=fault,
        ).case
    assert OutboundMessage.objects.filter(case=case, kind="ack", state="sent").exists()
    assert 'class="delivery' not in page(ada_client, case)
