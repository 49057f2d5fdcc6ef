"""The watch: warnings at a configurable share, breach and escalation once, the next-day
status promise for faults only."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import translation

from fairdesk.accounts.models import AgentProfile
from fairdesk.cases import services as cases
from fairdesk.cases.models import Entry
from fairdesk.lib import clock
from fairdesk.promises import services, watch
from fairdesk.promises.models import Kind, Promise, State
from fairdesk.texts import entry_text

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_10 = datetime(2027, 6, 7, 10, 0, tzinfo=BERLIN)


def open_case(kurt, category=None):
    with clock.frozen_at(MONDAY_10):
        return cases.open_new_case(
            customer=kurt,
            subject="Frage",
            body="...",
            channel="email",
            category=category,
        ).case


@override_settings(FAIRDESK_WARN_AT_PERCENT=50)
def test_warning_share_is_a_setting(standard, kurt, billing):
    case = open_case(kurt, billing)
    # Half of the 8 open hours of the first response: Monday 14:00.
    first = Promise.objects.get(case=case, kind=Kind.FIRST_RESPONSE)
    assert first.warn_at == datetime(2027, 6, 7, 14, 0, tzinfo=BERLIN)


def test_warning_tells_owner_and_lead_once(
    standard, kurt, billing, ada, lena, django_capture_on_commit_callbacks
):
    case = open_case(kurt, billing)
    cases.take(case=case, agent=ada)
    with django_capture_on_commit_callbacks(execute=True):
        for minute in (0, 1, 2):  # 75 % of 8 h = 6 h: Monday 16:00
            with clock.frozen_at(datetime(2027, 6, 7, 16, minute, tzinfo=BERLIN)):
                watch.run()
    warned = Entry.objects.filter(case=case, data__event="warned")
    assert warned.count() == 1 and not warned.get().public
    assert [sorted(m.to) for m in mail.outbox] == [["ada@desk.example", "lena@desk.example"]]
    assert "FD-" in mail.outbox[0].subject


def test_breach_without_escalation_team_raises_priority_and_stays(standard, kurt, billing, support):
    case = open_case(kurt, billing)
    with clock.frozen_at(datetime(2027, 6, 7, 18, 0, tzinfo=BERLIN)):
        done = watch.run()
    assert done["broken"] == done["escalated"] == 1
    case.refresh_from_db()
    assert case.priority == "high" and case.team == support
    broken = Entry.objects.get(case=case, data__event="broken")
    assert broken.public  # the customer sees the promise was broken
    assert Promise.objects.get(case=case, kind=Kind.FIRST_RESPONSE).state == State.BROKEN


def test_paused_promise_is_not_broken(standard, kurt, billing, ada):
    case = open_case(kurt, billing)
    with clock.frozen_at(datetime(2027, 6, 7, 11, 0, tzinfo=BERLIN)):
        cases.reply(case=case, agent=ada, body="Welche Rechnung?")
        cases.change_status(case=case, agent=ada, status="waiting_on_customer")
    with clock.frozen_at(MONDAY_10 + timedelta(days=30)):
        assert watch.run()["broken"] == 0
    assert Promise.objects.get(case=case, kind=Kind.RESOLUTION).paused


def test_next_day_status_promise_only_for_faults(standard, kurt, fault, billing):
    question = open_case(kurt, billing)
    outage = open_case(kurt, fault)
    with clock.frozen_at(datetime(2027, 6, 7, 23, 59, tzinfo=BERLIN)):
        assert watch.run()["status_promises"] == 0  # the report day has not ended
    with clock.frozen_at(datetime(2027, 6, 8, 0, 1, tzinfo=BERLIN)):
        assert watch.run()["status_promises"] == 1
        assert watch.run()["status_promises"] == 0
    status = Promise.objects.get(rule=services.NEXT_DAY_STATUS)
    assert status.case == outage and status.visible
    assert status.due_at == datetime(2027, 6, 9, 0, 0, tzinfo=BERLIN)  # end of Tuesday
    assert not Promise.objects.filter(case=question, rule=services.NEXT_DAY_STATUS).exists()


@pytest.mark.django_db
def test_no_policy_no_promises(kurt, support):
    case = open_case(kurt)
    assert not Promise.objects.filter(case=case).exists()
    assert watch.run() == dict.fromkeys(
        ("status_notices", "broken", "escalated", "warned", "status_promises", "credits"), 0
    )


def test_a_company_adds_its_own_goodwill_row(standard, kurt, billing):
    from fairdesk.promises import compensation
    from fairdesk.promises.models import Credit
    from fairdesk.promises.presets import add_rules

    # Goodwill: a late first answer is worth 2 EUR, or 5 % of the fee (50 EUR -> 2.50 EUR).
    add_rules(
        policy=standard,
        rules=(compensation.Rule("Kulanz Antwort", "first_response", "once", 0, None, 200, 5),),
    )
    kurt.monthly_fee_cents = 5000
    kurt.save()
    case = open_case(kurt, billing)
    with clock.frozen_at(datetime(2027, 6, 7, 18, 0, tzinfo=BERLIN)):
        watch.run()
    credit = Credit.objects.get(case=case)
    assert credit.amount_cents == 250 and credit.lines[0]["rule"] == "Kulanz Antwort"
    assert credit.promise.kind == Kind.FIRST_RESPONSE


def test_warning_mail_is_written_in_each_readers_language(
    standard, kurt, billing, ada, lena, django_capture_on_commit_callbacks
):
    AgentProfile.objects.filter(user=ada).update(languages=["en", "de"])  # Lena: de first
    case = open_case(kurt, billing)
    cases.take(case=case, agent=ada)
    warn_at = datetime(2027, 6, 7, 16, 0, tzinfo=BERLIN)  # 75 % of 8 h
    with clock.frozen_at(warn_at), django_capture_on_commit_callbacks(execute=True):
        watch.run()
    by_reader = {tuple(m.to): m for m in mail.outbox}
    assert set(by_reader) == {("ada@desk.example",), ("lena@desk.example",)}
    english, german = by_reader[("ada@desk.example",)], by_reader[("lena@desk.example",)]
    assert english.subject == f"Promise at risk: {case.reference}"
    assert german.subject == f"Zusage gefährdet: {case.reference}"
    # Due Monday 18:00 in Berlin, each in the reader's own format; never an ISO timestamp.
    assert "is due Monday, 7 June 2027, 18:00 and not kept yet." in english.body
    assert "ist fällig am Montag, 7. Juni 2027, 18:00" in german.body
    assert "2027-06-07" not in english.body + german.body


def test_promise_entries_say_when_in_local_time(standard, kurt, billing):
    case = open_case(kurt, billing)
    made = Entry.objects.filter(case=case, data__event="made").order_by("id")
    assert [e.data["kind"] for e in made] == [Kind.FIRST_RESPONSE, Kind.RESOLUTION]
    # First response 8 open hours from Monday 10:00 (08–18): Monday 18:00, Berlin time.
    assert made[0].data["due_at"] == "2027-06-07T16:00:00+00:00"  # what the web reads
    # Stored as facts, said when read: in each reader's language, one full stop at the end.
    assert made[0].body == ""
    with translation.override("en"):
        assert entry_text(made[0]) == "Promise: first response by Monday, 7 June 2027, 18:00."
    with translation.override("de"):
        assert entry_text(made[0]) == "Zusage: erste Antwort bis Montag, 7. Juni 2027, 18:00."


def test_a_custom_promise_ending_in_a_full_stop_gets_no_second_one(standard, kurt, ada):
    case = open_case(kurt)
    with clock.frozen_at(MONDAY_10):
        promise = services.make_promise(
            case=case,
            agent=ada,
            kind=Kind.CUSTOM,
            description="Wir prüfen die Leitung.",
            due_at=MONDAY_10 + timedelta(days=1),
        )
        services.keep_promise(promise=promise)
    with translation.override("de"):
        said = [entry_text(e) for e in Entry.objects.filter(case=case, data__promise=promise.pk)]
    assert said == [
        "Zusage: Wir prüfen die Leitung bis Dienstag, 8. Juni 2027, 10:00.",
        "Zusage eingehalten: Wir prüfen die Leitung.",
    ]
    assert not any(".." in text or ".:" in text for text in said)
