"""A prediction later than the policy's target becomes the promise itself: the customer is
promised the honest date and told why, the team lead is mailed the staff it would take."""

from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation

from fairdesk.cases import services as cases
from fairdesk.cases.models import Entry, EntryKind
from fairdesk.lib import clock
from fairdesk.promises.models import Calendar, Kind, Policy, Promise, State
from fairdesk.queues.models import Prediction
from fairdesk.texts import entry_text


def _open(customer, team, subject):
    return cases.open_new_case(
        customer=customer, subject=subject, body="Kein Netz.", channel="email", team=team
    ).case


@pytest.fixture
def busy(support, lena, ada, kurt, olga, django_capture_on_commit_callbacks):
    """One answer an hour for the last ten hours, five unanswered cases waiting, and then a
    first-response target of two hours."""
    now = clock.now()
    for hour in range(10, 0, -1):
        with clock.frozen_at(now - timedelta(hours=hour)):
            answered = _open(olga, support, f"alt {hour}")
        with clock.frozen_at(now - timedelta(hours=hour, minutes=-30)):
            cases.reply(case=answered, agent=ada, body="Erledigt.")
    for n in range(5):
        with clock.frozen_at(now - timedelta(minutes=50 - n)):
            _open(olga, support, f"wartet {n}")
    Policy.objects.create(
        name="Standard",
        calendar=Calendar.objects.create(name="24/7", hours="24/7"),
        is_default=True,
        first_response=timedelta(hours=2),
        resolution=timedelta(hours=48),
    )
    mail.outbox.clear()
    return now


def test_a_late_prediction_is_promised_and_explained(
    busy, kurt, support, lena, django_capture_on_commit_callbacks
):
    with clock.frozen_at(busy), django_capture_on_commit_callbacks(execute=True):
        case = _open(kurt, support, "Router blinkt")
    prediction = Prediction.objects.get(case=case)
    assert prediction.later_than_target and prediction.ahead == 5
    assert prediction.predicted_at > busy + timedelta(hours=5)
    first = Promise.objects.get(case=case, kind=Kind.FIRST_RESPONSE)
    assert first.state == State.PENDING and first.due_at == prediction.predicted_at
    moved = Entry.objects.get(case=case, kind=EntryKind.PROMISE, data__event="moved")
    assert moved.public and moved.data["reason_ref"] == "5"
    with translation.override("de"):
        assert "5 Anfragen kamen vor dieser" in entry_text(moved)
    with translation.override("en"):
        assert "5 requests came in before this one" in entry_text(moved)
    [ack] = [m for m in mail.outbox if kurt.emails.first().address in m.to]
    text = message_from_bytes(ack.raw, policy=policy.default).get_body(("plain",)).get_content()
    text = " ".join(text.split())
    assert "Wegen vieler Anfragen" in text and "5 Anfragen kamen vor Ihrer an" in text
    [alert] = [m for m in mail.outbox if m.to == [lena.email]]
    # In Lena's language (German, the desk's default), with the staff it would take.
    assert alert.subject == "Warteschlange zu lang für die Ziele: Support"
    staff = prediction.staff_needed
    assert staff > 0 and f"braucht das Team {staff} weitere Mitarbeitende" in alert.body
    assert alert.message()["Message-ID"].endswith(f"@{settings.FAIRDESK_MAIL_DOMAIN}>")


def test_the_lead_is_mailed_at_most_once_an_hour(
    busy, kurt, olga, support, lena, django_capture_on_commit_callbacks
):
    for minutes in (0, 20, 70):
        with (
            clock.frozen_at(busy + timedelta(minutes=minutes)),
            django_capture_on_commit_callbacks(execute=True),
        ):
            _open(kurt if minutes != 20 else olga, support, f"neu {minutes}")
    alerts = [m for m in mail.outbox if m.to == [lena.email]]
    assert len(alerts) == 2  # at 0 and at 70 minutes, not at 20
    assert Prediction.objects.filter(lead_alerted_at__isnull=False).count() == 2


def test_a_prediction_within_the_target_moves_nothing(support, ada, kurt):
    Policy.objects.create(
        name="Standard",
        calendar=Calendar.objects.create(name="24/7", hours="24/7"),
        is_default=True,
        first_response=timedelta(hours=8),
        resolution=timedelta(hours=48),
    )
    case = _open(kurt, support, "Frage")
    first = Promise.objects.get(case=case, kind=Kind.FIRST_RESPONSE)
    assert not Prediction.objects.get(case=case).later_than_target
    assert abs(first.due_at - (case.created_at + timedelta(hours=8))) < timedelta(seconds=1)
    assert not Entry.objects.filter(case=case, data__event="moved").exists()
