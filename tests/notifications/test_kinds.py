"""Each kind of notification: made by a case reaction for the agent it concerns, never for the
agent who acted, stored as facts and said in the reader's language."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from django.utils import translation

from fairdesk.cases import services as cases
from fairdesk.lib import clock
from fairdesk.lib.errors import DomainError
from fairdesk.notifications import selectors, services
from fairdesk.notifications.models import Delivery, Kind, Notification
from fairdesk.notifications.texts import notification_excerpt, notification_text
from fairdesk.promises import watch

BERLIN = ZoneInfo("Europe/Berlin")


def kinds_for(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_assigned_to_me(kurt_case, ada):
    cases.assign(case=kurt_case, to_agent=ada, why={"rule": "least_loaded"})
    [note] = Notification.objects.filter(recipient=ada)
    assert (note.kind, note.case, note.actor) == (Kind.ASSIGNED, kurt_case, None)
    with translation.override("de"):
        assert (
            notification_text(note)
            == f"{kurt_case.reference} „Internet fällt abends aus“ wurde Ihnen zugewiesen."
        )
    with translation.override("en"):
        assert notification_text(note).endswith("was assigned to you.")


def test_customer_replied_on_my_case(kurt_case, kurt, ada):
    cases.take(case=kurt_case, agent=ada)
    cases.add_customer_message(case=kurt_case, customer=kurt, body="Immer noch kaputt.")
    assert kinds_for(ada) == [Kind.REPLIED]


def test_no_one_is_told_of_a_customer_message_on_a_queue_case(kurt_case, kurt, ada):
    cases.add_customer_message(case=kurt_case, customer=kurt, body="Hallo?")
    assert not Notification.objects.exists()


def test_handed_to_me_with_the_note(kurt_case, ada, ben, lena):
    cases.hand_over(
        case=kurt_case, agent=lena, to_agent=ben, note="Router tauschen, Kunde weiß Bescheid."
    )
    [note] = Notification.objects.filter(recipient=ben)
    assert note.kind == Kind.HANDED_OVER and note.actor == lena
    assert notification_excerpt(note) == "Router tauschen, Kunde weiß Bescheid."
    with translation.override("en"):
        assert notification_text(note).startswith("Lena Lead handed ")
    assert kinds_for(lena) == []  # never told of one's own action


def test_handing_a_case_to_oneself_tells_nobody(kurt_case, ada):
    cases.hand_over(case=kurt_case, agent=ada, to_agent=ada, note="Mache ich.")
    assert not Notification.objects.exists()


def test_mentioned_in_a_note(kurt_case, ada, ben, lena):
    entry = cases.add_note(case=kurt_case, agent=ada, body="@ben @ada schaut ihr mal? @lena")
    assert kinds_for(ben) == kinds_for(lena) == [Kind.MENTIONED]
    assert kinds_for(ada) == []  # mentioning oneself tells nobody
    note = Notification.objects.get(recipient=ben)
    assert note.entry == entry and notification_excerpt(note).startswith("@ben @ada")


def test_promise_at_risk(standard, kurt, billing, ada):
    with clock.frozen_at(datetime(2027, 6, 7, 10, 0, tzinfo=BERLIN)):
        case = cases.open_case(
            customer=kurt, subject="Frage", body="...", channel="email", category=billing
        ).case
    cases.take(case=case, agent=ada)
    with clock.frozen_at(datetime(2027, 6, 7, 16, 1, tzinfo=BERLIN)):
        watch.run()
    [note] = Notification.objects.filter(recipient=ada, kind=Kind.AT_RISK)
    with translation.override("de"), timezone_berlin():
        assert notification_text(note) == (
            f"Zusage gefährdet auf {case.reference}: erste Antwort, "
            "fällig am Montag, 7. Juni 2027, 18:00."
        )


def timezone_berlin():
    from django.utils import timezone

    return timezone.override(BERLIN)


def test_a_rolled_back_change_tells_nobody(kurt_case, ada, ben):
    with pytest.raises(DomainError):
        cases.hand_over(case=kurt_case, agent=ada, to_agent=ben, note="   ")
    assert not Notification.objects.exists()


def test_read_one_and_all(kurt_case, ada, ben, lena):
    cases.add_note(case=kurt_case, agent=lena, body="@ada eins")
    cases.add_note(case=kurt_case, agent=lena, body="@ada zwei")
    cases.add_note(case=kurt_case, agent=lena, body="@ben drei")
    assert selectors.unread_count(ada) == 2
    first = Notification.objects.filter(recipient=ada).last()
    services.mark_read(agent=ada, notification_id=first.pk)
    assert selectors.unread_count(ada) == 1
    with pytest.raises(DomainError):  # Ben's is not Ada's to read
        services.mark_read(agent=ada, notification_id=Notification.objects.get(recipient=ben).pk)
    assert services.mark_all_read(agent=ada) == 1
    assert selectors.unread_count(ada) == 0 and selectors.unread_count(ben) == 1


def test_preferences_decide_the_mail(kurt_case, ada, lena):
    assert selectors.deliveries(ada)[Kind.MENTIONED] == Delivery.NOW
    services.set_preferences(agent=ada, deliveries={Kind.MENTIONED: Delivery.DESK})
    cases.add_note(case=kurt_case, agent=lena, body="@ada bitte")
    assert Notification.objects.get(recipient=ada).mail_after is None
    with pytest.raises(DomainError):
        services.set_preferences(agent=ada, deliveries={Kind.MENTIONED: "pigeon"})


@override_settings(FAIRDESK_NOTIFY_DIGEST_MINUTES=30)
def test_a_digest_waits_its_gathering_time(kurt_case, ada, lena):
    services.set_preferences(agent=ada, deliveries={Kind.MENTIONED: Delivery.DIGEST})
    moment = datetime(2027, 6, 7, 10, 0, tzinfo=BERLIN)
    with clock.frozen_at(moment):
        cases.add_note(case=kurt_case, agent=lena, body="@ada bitte")
    note = Notification.objects.get(recipient=ada)
    assert (note.mail_after - moment).total_seconds() == 30 * 60
