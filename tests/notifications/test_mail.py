"""Notifications by mail: one digest per agent and run, never a storm; each notification in
exactly one mail; through the outbound mail path (a row, a lease-claiming sender)."""

from datetime import datetime, timedelta
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

from django.core import mail
from django.test import override_settings

from fairdesk.cases import services as cases
from fairdesk.channels.email.models import OutboundKind, OutboundMessage, OutboundState
from fairdesk.lib import clock
from fairdesk.notifications import digest, services
from fairdesk.notifications.models import Delivery, Digest, Kind, Notification

BERLIN = ZoneInfo("Europe/Berlin")
TEN = datetime(2027, 6, 7, 10, 0, tzinfo=BERLIN)


def agent_mail():
    return OutboundMessage.objects.filter(kind=OutboundKind.AGENT)


def sent_text(outbound) -> str:
    """The subject and text of the mail as its reader sees them."""
    message = message_from_bytes(bytes(outbound.raw), policy=policy.default)
    return str(message["Subject"]) + "\n" + message.get_body().get_content()


def speaks_english(*agents):
    for agent in agents:
        agent.agent.languages = ["en"]
        agent.agent.save()


def test_a_busy_minute_is_one_mail(kurt_case, ada, ben, lena, django_capture_on_commit_callbacks):
    speaks_english(ada, ben)
    with clock.frozen_at(TEN):
        for n in range(5):
            cases.add_note(case=kurt_case, agent=lena, body=f"@ada Nummer {n}")
        cases.hand_over(case=kurt_case, agent=lena, to_agent=ada, note="Bitte übernehmen.")
        cases.add_note(case=kurt_case, agent=lena, body="@ben auch du")
    later, sending = (
        clock.frozen_at(TEN + timedelta(seconds=30)),
        django_capture_on_commit_callbacks,
    )
    with later, sending(execute=True):
        assert digest.run() == 2  # one mail each to Ada and Ben
        assert digest.run() == 0  # a second worker (or run) finds nothing left
    assert sorted(m.to_address for m in agent_mail()) == ["ada@desk.example", "ben@desk.example"]
    assert {m.state for m in agent_mail()} == {OutboundState.SENT}
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@desk.example", "ben@desk.example"]
    text = sent_text(agent_mail().get(to_address="ada@desk.example"))
    assert text.startswith("6 notifications from fairdesk")
    assert text.count("mentioned you in a note on") == 5 and "“Bitte übernehmen.”" in text
    assert f"/desk/cases/{kurt_case.reference}/" in text
    assert not Notification.objects.filter(mail_after__isnull=False, digest__isnull=True).exists()


def test_two_workers_in_one_slot_send_one_mail(kurt_case, ada, lena):
    with clock.frozen_at(TEN):
        cases.add_note(case=kurt_case, agent=lena, body="@ada schau")
    slot = int((TEN + timedelta(seconds=5)).timestamp() // digest.SLOT_SECONDS)
    first = digest.claim(recipient_id=ada.pk, slot=slot, now=TEN)
    second = digest.claim(recipient_id=ada.pk, slot=slot, now=TEN)
    assert first is not None and second is None
    assert digest.send_digest(digest=first) == 1
    # A digest of a later slot finds nothing left to mail.
    later = digest.claim(recipient_id=ada.pk, slot=slot + 1, now=TEN)
    assert digest.send_digest(digest=later) == 0
    assert agent_mail().count() == 1


@override_settings(FAIRDESK_NOTIFY_DIGEST_MINUTES=60)
def test_digest_kinds_wait_for_the_digest_and_desk_only_kinds_are_never_mailed(
    kurt_case, kurt, ada, lena
):
    speaks_english(ada)
    services.set_preferences(
        agent=ada, deliveries={Kind.MENTIONED: Delivery.DIGEST, Kind.REPLIED: Delivery.DESK}
    )
    with clock.frozen_at(TEN):
        cases.take(case=kurt_case, agent=ada)
        cases.add_note(case=kurt_case, agent=lena, body="@ada eins")
        cases.add_customer_message(case=kurt_case, customer=kurt, body="Noch da?")
        cases.add_note(case=kurt_case, agent=lena, body="@ada zwei")
    with clock.frozen_at(TEN + timedelta(minutes=30)):
        assert digest.run() == 0  # still gathering
    with clock.frozen_at(TEN + timedelta(minutes=61)):
        assert digest.run() == 1
    text = sent_text(agent_mail().get())
    assert text.startswith("2 notifications") and "wrote again" not in text
    assert Digest.objects.count() == 1


def test_mail_is_in_the_agents_language(kurt_case, ada, lena):
    ada.agent.languages = ["de"]
    ada.agent.save()
    with clock.frozen_at(TEN):
        cases.add_note(case=kurt_case, agent=lena, body="@ada bitte")
    with clock.frozen_at(TEN + timedelta(minutes=1)):
        digest.run()
    outbound = agent_mail().get()
    assert outbound.subject.startswith("Lena Lead hat Sie in einer Notiz auf")


def test_the_job_is_listed():
    from fairdesk.jobs import PERIODIC

    assert "fairdesk.notifications.digest.run" in [job.run for job in PERIODIC]
