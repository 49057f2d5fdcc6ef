"""Auto-close with a reminder: N business days of silence, a reminder; M more, resolved;
the customer's reply at any point starts the count again."""

from datetime import datetime, timedelta
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from fairdesk.accounts import services as accounts
from fairdesk.cases import services as cases
from fairdesk.cases.models import Case
from fairdesk.lib import clock
from fairdesk.promises import waiting
from fairdesk.promises.businesstime import Calendar, add_business_days
from fairdesk.promises.models import WaitingStep

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2027, 3, 1, 10, 0, tzinfo=BERLIN)  # Bavarian calendar, 08:00-18:00 Mon-Fri


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (datetime(2027, 3, 1, 10, 0), 5, datetime(2027, 3, 8, 10, 0)),  # a week of weekdays
        (datetime(2027, 3, 5, 17, 0), 1, datetime(2027, 3, 8, 17, 0)),  # Friday to Monday
        (datetime(2027, 3, 6, 12, 0), 1, datetime(2027, 3, 8, 12, 0)),  # from a Saturday
        (datetime(2027, 3, 25, 9, 0), 2, datetime(2027, 3, 31, 9, 0)),  # over Easter (Fri, Mon)
        (datetime(2027, 3, 1, 10, 0), 0, datetime(2027, 3, 1, 10, 0)),
    ],
)
def test_business_days_skip_weekends_and_holidays(start, days, expected):
    calendar = Calendar.from_spec({"mon-fri": ["08:00-18:00"]}, country="DE", subdivision="BY")
    found = add_business_days(calendar, start.replace(tzinfo=BERLIN), days)
    assert found == expected.replace(tzinfo=BERLIN)


def _run_at(moment, capture):
    with capture(execute=True), clock.frozen_at(moment):
        return waiting.run()


@pytest.fixture
def waiting_case(presets, ada, kurt, support):
    with clock.frozen_at(MONDAY - timedelta(hours=1)):
        case = cases.open_case(
            customer=kurt, subject="Router", body="Blinkt.", channel="email"
        ).case
    with clock.frozen_at(MONDAY):
        cases.reply(case=case, agent=ada, body="Bitte schicken Sie ein Foto.")
        cases.change_status(case=case, agent=ada, status="waiting_on_customer")
    mail.outbox.clear()
    return case


def _sent():
    return [message_from_bytes(m.raw, policy=policy.default) for m in mail.outbox]


def test_reminder_after_five_business_days_then_resolved_after_five_more(
    waiting_case, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    assert _run_at(datetime(2027, 3, 8, 9, 59, tzinfo=BERLIN), capture) == {
        "reminded": 0,
        "resolved": 0,
    }
    assert _run_at(datetime(2027, 3, 8, 10, 0, tzinfo=BERLIN), capture)["reminded"] == 1
    assert _run_at(datetime(2027, 3, 8, 10, 15, tzinfo=BERLIN), capture)["reminded"] == 0
    [reminder] = _sent()
    text = reminder.get_body(("plain",)).get_content()
    assert "Wir warten noch auf Ihre Antwort" in text and "15. März 2027" in text
    assert _run_at(datetime(2027, 3, 15, 9, 0, tzinfo=BERLIN), capture)["resolved"] == 0
    assert _run_at(datetime(2027, 3, 15, 10, 0, tzinfo=BERLIN), capture)["resolved"] == 1
    case = Case.objects.get(pk=waiting_case.pk)
    assert case.status == "resolved"
    bodies = [e.body for e in case.entries.filter(public=True).order_by("id")]
    assert any("haben wir den Fall" in body for body in bodies)
    assert len(_sent()) == 2


def test_the_customers_reply_starts_the_count_again(
    waiting_case, ada, kurt, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    _run_at(datetime(2027, 3, 8, 10, 0, tzinfo=BERLIN), capture)
    with clock.frozen_at(datetime(2027, 3, 9, 11, 0, tzinfo=BERLIN)):
        cases.add_customer_message(case=waiting_case, customer=kurt, body="Foto folgt.")
    assert _run_at(datetime(2027, 3, 16, 10, 0, tzinfo=BERLIN), capture) == {
        "reminded": 0,
        "resolved": 0,
    }
    with clock.frozen_at(datetime(2027, 3, 10, 8, 0, tzinfo=BERLIN)):
        cases.change_status(case=waiting_case, agent=ada, status="waiting_on_customer")
    # A new stretch: its own reminder five business days later, no resolution before it.
    assert _run_at(datetime(2027, 3, 17, 7, 59, tzinfo=BERLIN), capture)["reminded"] == 0
    assert _run_at(datetime(2027, 3, 17, 8, 0, tzinfo=BERLIN), capture)["reminded"] == 1
    assert WaitingStep.objects.filter(case=waiting_case).count() == 2
    assert Case.objects.get(pk=waiting_case.pk).status == "waiting_on_customer"


def test_a_policy_without_reminders_leaves_waiting_cases_alone(
    waiting_case, presets, django_capture_on_commit_callbacks
):
    for policy_row in presets.values():
        policy_row.remind_waiting_after = None
        policy_row.save()
    later = datetime(2027, 6, 1, 10, 0, tzinfo=BERLIN)
    assert _run_at(later, django_capture_on_commit_callbacks) == {"reminded": 0, "resolved": 0}


def test_the_job_is_listed():
    from fairdesk.jobs import PERIODIC

    assert "fairdesk.promises.waiting.run" in [job.run for job in PERIODIC]


def test_cases_of_a_policy_without_reminders_do_not_hold_back_the_others(
    presets, ada, kurt, olga, monkeypatch, django_capture_on_commit_callbacks
):
    # A pass looks at a batch of waiting cases, the longest unchanged first. Phone cases fall
    # under a policy that never reminds; two of them, waiting longest, must not keep a mail
    # case due for its reminder out of every pass.
    monkeypatch.setattr(waiting, "BATCH", 2)
    phone_policy = presets["Business 24/7 — fault fixed within one working day"]
    phone_policy.channel, phone_policy.remind_waiting_after = "phone", None
    phone_policy.save()
    ute = accounts.get_or_create_customer(email="ute@example.com", name="Ute")
    waited = []
    for customer, channel in ((kurt, "phone"), (olga, "phone"), (ute, "email")):
        with clock.frozen_at(MONDAY + timedelta(minutes=len(waited))):
            case = cases.open_case(customer=customer, subject="Foto", body="?", channel=channel)
            cases.change_status(case=case.case, agent=ada, status="waiting_on_customer")
            waited.append(case.case)
    later = datetime(2027, 3, 8, 11, 0, tzinfo=BERLIN)
    assert _run_at(later, django_capture_on_commit_callbacks)["reminded"] == 1
    assert WaitingStep.objects.filter(case=waited[2], step="reminded").exists()
