"""Promise integrity: nothing is marked kept that was not, nothing is born broken, the
customer hears the law's status even when nobody acts, and agents promise business hours."""

from datetime import datetime, timedelta
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from fairdesk.cases import services as cases
from fairdesk.cases.models import Entry
from fairdesk.lib import clock
from fairdesk.lib.errors import DomainError
from fairdesk.promises import services, watch
from fairdesk.promises.models import Kind, Promise, State

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_10 = datetime(2027, 6, 7, 10, 0, tzinfo=BERLIN)


def open_case(customer, category=None, **kwargs):
    with clock.frozen_at(MONDAY_10):
        return cases.open_case(
            customer=customer,
            subject="Kein Internet",
            body="Seit heute früh geht nichts.",
            channel="email",
            category=category,
            **kwargs,
        ).case


def first_response(case) -> Promise:
    return Promise.objects.get(case=case, kind=Kind.FIRST_RESPONSE)


class TestResolvingDoesNotAnswer:
    def test_this_solved_it_does_not_keep_an_unanswered_first_response(
        self, standard, kurt, billing
    ):
        case = open_case(kurt, billing)
        with clock.frozen_at(MONDAY_10 + timedelta(hours=1)):
            cases.resolve_by_customer(case=case, customer=kurt)
        promise = first_response(case)
        assert promise.state == State.WITHDRAWN
        assert Promise.objects.get(case=case, kind=Kind.RESOLUTION).state == State.KEPT

    def test_a_reply_then_resolving_keeps_it(self, standard, kurt, billing, ada):
        case = open_case(kurt, billing)
        with clock.frozen_at(MONDAY_10 + timedelta(hours=1)):
            cases.reply(case=case, agent=ada, body="Erledigt.")
            cases.change_status(case=case, agent=ada, status="resolved")
        assert first_response(case).state == State.KEPT


class TestNextDayStatus:
    def test_after_worker_downtime_it_is_not_born_broken(self, standard, kurt, fault):
        case = open_case(kurt, fault)
        # The worker was down from Monday until Thursday 09:00: the law's deadline (end of
        # Tuesday) has passed.
        thursday = datetime(2027, 6, 10, 9, 0, tzinfo=BERLIN)
        with clock.frozen_at(thursday):
            done = watch.run()
        assert done["status_promises"] == 1
        status = Promise.objects.get(case=case, rule=services.NEXT_DAY_STATUS)
        assert status.state == State.PENDING and status.due_at > thursday
        made = Entry.objects.get(case=case, data__event="made", data__promise=status.pk)
        assert made.data["late_from"] == datetime(2027, 6, 9, 0, 0, tzinfo=BERLIN).isoformat()
        assert status.reason  # the delay is on the promise itself too

    def test_the_customer_gets_the_status_by_mail_when_no_agent_acted(
        self, standard, kurt, fault, django_capture_on_commit_callbacks
    ):
        case = open_case(kurt, fault)
        with django_capture_on_commit_callbacks(execute=True):
            with clock.frozen_at(datetime(2027, 6, 8, 0, 1, tzinfo=BERLIN)):
                watch.run()  # the status promise, due at the end of Tuesday
            mail.outbox.clear()
            with clock.frozen_at(datetime(2027, 6, 8, 23, 30, tzinfo=BERLIN)):
                done = watch.run()
        assert done["status_notices"] == 1 and done["broken"] == 0
        status = Promise.objects.get(case=case, rule=services.NEXT_DAY_STATUS)
        assert status.state == State.KEPT
        [notice] = [m for m in mail.outbox if "kurt@example.org" in m.to]
        text = message_from_bytes(notice.raw, policy=policy.default).get_body(("plain",))
        text = text.get_content()
        assert case.reference in text and "Störung" in text  # German, Kurt's language
        entry = Entry.objects.get(case=case, data__status_notice=status.pk)
        assert entry.public

    def test_an_agent_answer_keeps_it_and_no_notice_goes_out(
        self, standard, kurt, fault, ada, django_capture_on_commit_callbacks
    ):
        case = open_case(kurt, fault)
        with clock.frozen_at(datetime(2027, 6, 8, 0, 1, tzinfo=BERLIN)):
            watch.run()
        with clock.frozen_at(datetime(2027, 6, 8, 9, 0, tzinfo=BERLIN)):
            cases.reply(case=case, agent=ada, body="Ein Techniker ist unterwegs.")
        with clock.frozen_at(datetime(2027, 6, 8, 23, 30, tzinfo=BERLIN)):
            assert watch.run()["status_notices"] == 0
        assert not Entry.objects.filter(case=case, data__has_key="status_notice").exists()


class TestAgentPromisesOnTheCalendar:
    def promise(self, case, agent, due_at, **kwargs):
        with clock.frozen_at(MONDAY_10 + timedelta(hours=1)):
            return services.make_promise(
                case=case, agent=agent, kind=Kind.CALLBACK, due_at=due_at, **kwargs
            )

    def test_a_callback_at_3_on_christmas_day_is_refused_clearly(self, standard, kurt, ada):
        case = open_case(kurt)
        christmas = datetime(2027, 12, 25, 3, 0, tzinfo=BERLIN)
        with pytest.raises(DomainError, match="outside business hours") as refused:
            self.promise(case, ada, christmas)
        assert refused.value.field == "due_at"
        assert not Promise.objects.filter(case=case, kind=Kind.CALLBACK).exists()

    def test_the_agent_may_confirm_outside_business_hours(self, standard, kurt, ada):
        case = open_case(kurt)
        christmas = datetime(2027, 12, 25, 3, 0, tzinfo=BERLIN)
        promise = self.promise(case, ada, christmas, outside_business_hours=True)
        assert promise.due_at == christmas

    def test_the_year_9999_is_refused(self, standard, kurt, ada):
        case = open_case(kurt)
        with pytest.raises(DomainError, match="days ahead"):
            self.promise(
                case, ada, datetime(9999, 1, 4, 10, 0, tzinfo=BERLIN), outside_business_hours=True
            )

    def test_a_callback_in_business_hours_is_fine(self, standard, kurt, ada):
        case = open_case(kurt)
        due = datetime(2027, 6, 8, 10, 0, tzinfo=BERLIN)
        assert self.promise(case, ada, due).due_at == due
