"""Automatic promises: opening, replying, waiting, resolving and reopening move the clocks.

Kurt has no contract, so his cases get the default "Standard" policy: first and next response
within 8 open hours, resolution within 50 (five working days), on Mo–Fr 08–18 in Bavaria.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from fairdesk.cases import services as cases
from fairdesk.cases.models import Case, Entry, EntryKind
from fairdesk.lib import clock
from fairdesk.promises import selectors, services
from fairdesk.promises.models import CaseTerms, Kind, Promise, State

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_10 = datetime(2027, 6, 7, 10, 0, tzinfo=BERLIN)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A time in the week of Monday 7 June 2027 (no holidays in Bavaria that week)."""
    return datetime(2027, 6, day, hour, minute, tzinfo=BERLIN)


@pytest.fixture
def case(standard, kurt, billing):
    with clock.frozen_at(MONDAY_10):
        return cases.open_case(
            customer=kurt,
            subject="Rechnung falsch",
            body="Doppelt abgebucht.",
            channel="email",
            category=billing,
        ).case


def pending(case, kind):
    return Promise.objects.get(case=case, kind=kind, state=State.PENDING)


def test_opening_a_case_promises_an_answer_and_a_fix(case, standard):
    assert CaseTerms.objects.get(case=case).policy == standard
    # 8 open hours from Monday 10:00 = Monday 18:00 (closing time stays on the day).
    assert pending(case, Kind.FIRST_RESPONSE).due_at == at(7, 18)
    # 50 open hours: Monday 8, Tuesday to Friday 40, next Monday 08:00 + 2 = 10:00.
    assert pending(case, Kind.RESOLUTION).due_at == at(14, 10)
    made = Entry.objects.filter(case=case, kind=EntryKind.PROMISE, data__event="made")
    assert made.count() == 2 and all(e.public for e in made)


def test_reply_keeps_first_response_promise(case, ada):
    with clock.frozen_at(at(7, 11)):
        cases.reply(case=case, agent=ada, body="Wir prüfen das.")
    first = Promise.objects.get(case=case, kind=Kind.FIRST_RESPONSE)
    assert first.state == State.KEPT and first.settled_at == at(7, 11)
    assert (
        Entry.objects.filter(case=case, data__event="kept", data__kind="first_response").count()
        == 1
    )


def test_each_unanswered_customer_message_owes_a_next_response(case, ada, kurt):
    with clock.frozen_at(at(7, 11)):
        cases.reply(case=case, agent=ada, body="Wir prüfen das.")
    with clock.frozen_at(at(8, 9)):
        cases.add_customer_message(case=case, customer=kurt, body="Und?")
    with clock.frozen_at(at(8, 10)):
        cases.add_customer_message(case=case, customer=kurt, body="Hallo?")
    # One next-response promise, running from the first unanswered message: Tue 09:00 + 8 h.
    assert pending(case, Kind.NEXT_RESPONSE).due_at == at(8, 17)
    with clock.frozen_at(at(8, 12)):
        cases.reply(case=case, agent=ada, body="Gutschrift ist unterwegs.")
    assert not Promise.objects.filter(case=case, state=State.PENDING, kind=Kind.NEXT_RESPONSE)


def test_waiting_on_customer_pauses_the_clock_and_the_answer_resumes_it(case, ada, kurt):
    with clock.frozen_at(at(7, 12)):
        cases.change_status(case=case, agent=ada, status="waiting_on_customer")
    resolution = pending(case, Kind.RESOLUTION)
    # Paused after 2 of 50 open hours: 48 left, no due time while we wait.
    assert resolution.paused and resolution.due_at is None
    assert resolution.remaining == timedelta(hours=48)
    shown = {p.kind: p for p in selectors.promises_for(case, public_only=True)}
    assert shown["resolution"].paused is True

    with clock.frozen_at(at(9, 10)):
        cases.add_customer_message(case=case, customer=kurt, body="Hier die Rechnung.")
    resolution.refresh_from_db()
    # 48 open hours from Wednesday 10:00: Wed 8, Thu 10, Fri 10, Mon 10, Tue 10 -> Tue 18:00.
    assert not resolution.paused and resolution.due_at == at(15, 18)
    events = list(
        Entry.objects.filter(case=case, data__promise=resolution.pk).values_list(
            "data__event", flat=True
        )
    )
    assert events == ["made", "paused", "resumed"]


@pytest.mark.parametrize("end", ["resolved", "closed"])
def test_ending_a_wait_on_the_customer_by_resolving_says_no_clock_runs_again(case, ada, end):
    with clock.frozen_at(at(7, 11)):
        cases.reply(case=case, agent=ada, body="Bitte schicken Sie uns die Rechnung.")
        cases.change_status(case=case, agent=ada, status="waiting_on_customer")
    with clock.frozen_at(at(8, 9)):
        cases.change_status(case=case, agent=ada, status=end)
    resolution = Promise.objects.get(case=case, kind=Kind.RESOLUTION)
    assert resolution.state == (State.KEPT if end == "resolved" else State.WITHDRAWN)
    # Paused with 49 open hours left; settled with them counted from the end of the wait.
    assert not resolution.paused and resolution.due_at == at(14, 18)
    events = Entry.objects.filter(case=case, data__promise=resolution.pk)
    assert "resumed" not in list(events.values_list("data__event", flat=True))
    assert not Entry.objects.filter(case=case, data__event="resumed").exists()
    assert Case.objects.get(pk=case.pk).next_due_at is None


def test_waiting_on_a_third_party_is_our_time(case, ada):
    with clock.frozen_at(at(7, 12)):
        cases.change_status(case=case, agent=ada, status="waiting_on_third_party")
    resolution = pending(case, Kind.RESOLUTION)
    assert not resolution.paused and resolution.due_at == at(14, 10)


def test_resolving_keeps_the_fix_and_a_reopening_message_owes_a_new_one(case, ada, kurt):
    with clock.frozen_at(at(8, 9)):
        cases.change_status(case=case, agent=ada, status="resolved")
    assert Promise.objects.get(case=case, kind=Kind.RESOLUTION).state == State.KEPT
    with clock.frozen_at(at(9, 9)):
        cases.add_customer_message(case=case, customer=kurt, body="Wieder falsch!")
    # The reopened case owes a new fix: 50 open hours from Wednesday 09:00.
    again = pending(case, Kind.RESOLUTION)
    assert again.due_at == at(16, 9)
    assert Promise.objects.filter(case=case, kind=Kind.RESOLUTION).count() == 2


def test_one_pending_promise_per_clock_kind(case, standard):
    assert (
        services.start_clock(case=case, policy=standard, kind=Kind.RESOLUTION, start=MONDAY_10)
        is None
    )
    assert Promise.objects.filter(case=case, kind=Kind.RESOLUTION).count() == 1


def test_closing_an_unresolved_case_withdraws_its_promises_with_a_reason(case, ada):
    with clock.frozen_at(at(7, 12)):
        cases.change_status(case=case, agent=ada, status="closed", reason="Spam")
    assert set(Promise.objects.filter(case=case).values_list("state", flat=True)) == {"withdrawn"}
    told = Entry.objects.filter(case=case, data__event="withdrawn", public=True)
    assert told.count() == 2 and "closed" in told.first().data["reason"]


def test_merging_withdraws_the_merged_cases_promises(case, ada, kurt, standard):
    with clock.frozen_at(at(7, 11)):
        other = cases.open_new_case(
            customer=kurt,
            subject="Noch was",
            body="...",
            channel="email",
        ).case
        cases.merge_cases(source=other, target=case, agent=ada)
    assert not Promise.objects.filter(case=other, state=State.PENDING).exists()
    assert Promise.objects.filter(case=case, state=State.PENDING).count() == 2


def test_agent_promises_are_validated(case, ada):
    with clock.frozen_at(at(7, 11)):
        with pytest.raises(services.DomainError):
            services.make_promise(case=case, agent=ada, kind="custom", due_at=at(8, 9))
        with pytest.raises(services.DomainError):
            services.make_promise(case=case, agent=ada, kind="callback", due_at=at(7, 10))
        with pytest.raises(services.DomainError):
            services.make_promise(case=case, agent=ada, kind="appointment", due_at=at(8, 12))
        with pytest.raises(services.DomainError):
            services.make_promise(case=case, agent=ada, kind="resolution", due_at=at(8, 12))
        callback = services.make_promise(
            case=case, agent=ada, kind="callback", due_at=at(7, 15), reason="Kunde im Termin"
        )
        with pytest.raises(services.DomainError):
            services.withdraw_promise(promise=callback, agent=ada, reason=" ")
        services.withdraw_promise(
            promise=callback, agent=ada, reason="Kunde hat schon zurückgerufen"
        )
        with pytest.raises(services.Conflict):
            services.withdraw_promise(promise=callback, agent=ada, reason="nochmal")


def test_promises_for_is_one_query(case, ada, django_assert_num_queries):
    with clock.frozen_at(at(7, 11)):
        services.make_promise(case=case, agent=ada, kind="callback", due_at=at(7, 15))
    with django_assert_num_queries(1):
        shown = selectors.promises_for(case, public_only=False)
    assert [p.made_by_label for p in shown] == ["Standard", "Standard", "Ada Agent"]
