"""Case services: every change writes its timeline entry and audit event."""

from datetime import timedelta

import pytest
from django.db import connection

from fairdesk.cases import selectors, services
from fairdesk.cases.models import AuditEvent, Case, EntryKind, Status
from fairdesk.lib import clock
from fairdesk.lib.errors import Conflict, DomainError


def open_for(customer, subject="Kein Internet", body="Seit heute früh kein Internet.", **kwargs):
    return services.open_case(
        customer=customer, subject=subject, body=body, channel="email", **kwargs
    )


def open_new_for(customer, subject="Kein Internet", body="Seit heute früh kein Internet."):
    return services.open_new_case(customer=customer, subject=subject, body=body, channel="email")


def test_open_case_gives_reference_first_entry_and_audit(kurt, support):
    intake = open_for(kurt)
    case = intake.case
    assert case.reference == f"FD-{case.pk:06d}"
    assert case.status == Status.NEW and case.team == support and case.assignee is None
    assert [e.kind for e in case.entries.all()] == [EntryKind.MESSAGE_IN]
    assert intake.entry.public and intake.entry.author_customer == kurt
    assert AuditEvent.objects.filter(case=case, action="case.opened").count() == 1


def test_open_case_routes_to_the_category_team(kurt, support, technik, fault):
    fault.parent.team = technik
    fault.parent.save()
    assert open_for(kurt, category=fault).case.team == technik


@pytest.mark.parametrize("subject,body,field", [("", "text", "subject"), ("Hi", "  ", "body")])
def test_open_case_refuses_empty_input(kurt, support, subject, body, field):
    with pytest.raises(DomainError) as error:
        open_for(kurt, subject=subject, body=body)
    assert error.value.field == field
    assert Case.objects.count() == 0


def test_html_is_sanitised_on_the_way_in(kurt, support):
    intake = open_for(kurt, html='<p onclick="x()">Hallo<script>alert(1)</script></p>')
    assert intake.entry.html == "<p>Hallo</p>"


def test_reply_sets_first_response_and_opens(kurt, support, ada):
    case = open_for(kurt).case
    services.reply(case=case, agent=ada, body="Wir prüfen die Leitung.")
    case.refresh_from_db()
    assert case.status == Status.OPEN and case.first_response_at is not None
    assert [e.kind for e in case.entries.all()][-2:] == [EntryKind.REPLY, EntryKind.STATUS]


def test_note_is_internal(kurt, support, ada):
    case = open_for(kurt).case
    services.add_note(case=case, agent=ada, body="Kunde ist ungeduldig")
    public = [e.body for e in selectors.timeline(case, public_only=True)]
    assert "Kunde ist ungeduldig" not in public


def test_diagnostic_is_listed_as_already_checked(kurt, support, ada):
    case = open_for(kurt).case
    services.record_diagnostic(
        case=case, agent=ada, check="DSL-Synchronisation", result="keine Synchronisation seit 06:12"
    )
    done = list(selectors.diagnostics_done(case))
    assert done[0].data == {
        "check": "DSL-Synchronisation",
        "result": "keine Synchronisation seit 06:12",
    }
    assert done[0].author_user == ada


def test_diagnostic_needs_check_and_result(kurt, support, ada):
    case = open_for(kurt).case
    with pytest.raises(DomainError):
        services.record_diagnostic(case=case, agent=ada, check="Leitung", result="")


def test_forbidden_transition_is_refused(kurt, support, ada):
    case = open_for(kurt).case
    services.change_status(case=case, agent=ada, status=Status.CLOSED)
    with pytest.raises(Conflict):
        services.change_status(case=case, agent=ada, status=Status.OPEN)


def test_unknown_status_is_refused(kurt, support, ada):
    with pytest.raises(DomainError):
        services.change_status(case=open_for(kurt).case, agent=ada, status="done")


def test_customer_reply_reopens_a_resolved_case(kurt, support, ada):
    case = open_for(kurt).case
    services.change_status(case=case, agent=ada, status=Status.RESOLVED)
    services.add_customer_message(case=case, customer=kurt, body="Geht wieder nicht.")
    case.refresh_from_db()
    assert case.status == Status.OPEN and case.resolved_at is None


def test_customer_message_to_a_closed_case_is_refused(kurt, support, ada):
    case = open_for(kurt).case
    services.change_status(case=case, agent=ada, status=Status.CLOSED)
    with pytest.raises(Conflict):
        services.add_customer_message(case=case, customer=kurt, body="Hallo?")


def test_handover_needs_a_note_and_is_counted(kurt, support, technik, ada, ben):
    case = open_for(kurt).case
    with pytest.raises(DomainError):
        services.hand_over(case=case, agent=ada, note=" ", to_agent=ben)
    services.hand_over(case=case, agent=ada, note="Leitung geprüft, bitte Technik", to_agent=ben)
    case.refresh_from_db()
    assert case.assignee == ben and case.team == technik and case.handoff_count == 1
    owner_entry = case.entries.get(kind=EntryKind.OWNER)
    assert owner_entry.body == "Leitung geprüft, bitte Technik" and not owner_entry.public


def test_handover_to_team_queue(kurt, support, technik, ada, ben):
    case = open_for(kurt).case
    services.take(case=case, agent=ada)
    services.hand_over(case=case, agent=ada, note="Bitte prüfen", to_team=technik)
    case.refresh_from_db()
    assert case.team == technik and case.assignee is None
    assert case.owner_label == "Technik queue"


def test_merge_moves_timeline_and_old_reference_leads_to_survivor(kurt, support, ada):
    first = open_for(kurt, subject="Kein Internet").case
    second = open_new_for(kurt, subject="Immer noch kein Internet").case
    services.merge_cases(source=second, target=first, agent=ada)
    assert selectors.case_by_reference(second.reference) == first
    assert first.entries.filter(kind=EntryKind.MESSAGE_IN).count() == 2
    second.refresh_from_db()
    assert second.status == Status.CLOSED and second.merged_into == first


def test_merge_refuses_other_customers_cases(kurt, olga, support, ada):
    with pytest.raises(DomainError):
        services.merge_cases(source=open_for(olga).case, target=open_for(kurt).case, agent=ada)


def test_link_is_symmetric(kurt, support, ada):
    one = open_for(kurt, subject="A").case
    two = open_new_for(kurt, subject="B").case
    services.link_cases(case=one, other=two, agent=ada)
    assert list(two.related.all()) == [one]


def test_attachments_are_stored_by_hash_with_safe_names(kurt, support, settings):
    files = (services.NewAttachment("../../etc/passwd", b"root:x"),)
    entry = open_for(kurt, attachments=files).entry
    attachment = entry.attachments.get()
    assert attachment.filename == "passwd" and attachment.size == 6
    assert (settings.FAIRDESK_ATTACHMENT_DIR / attachment.sha256[:2] / attachment.sha256).exists()


def test_attachment_over_the_limit_is_refused_and_nothing_is_kept(kurt, support, settings):
    settings.FAIRDESK_MAX_ATTACHMENT_BYTES = 10
    with pytest.raises(DomainError):
        open_for(kurt, attachments=(services.NewAttachment("big.bin", b"x" * 11),))
    assert Case.objects.count() == 0


class TestRepeatContact:
    """One case, one history: repeat contacts join the open case."""

    def test_naming_the_reference_joins_that_case(self, kurt, support):
        case = open_for(kurt).case
        intake = open_for(
            kurt, subject=f"Nachfrage {case.reference}", body="Und?", named_reference=case.reference
        )
        assert intake.joined and intake.case == case
        assert case.reference in intake.notices[0]

    def test_same_category_within_14_days_joins(self, kurt, support, fault):
        case = open_for(kurt, category=fault).case
        with clock.frozen_at(clock.now() + timedelta(days=13)):
            intake = open_for(kurt, subject="Schon wieder", category=fault)
        assert intake.joined and intake.case == case

    def test_same_category_after_14_days_opens_new(self, kurt, support, fault):
        case = open_for(kurt, category=fault).case
        with clock.frozen_at(clock.now() + timedelta(days=15)):
            intake = open_for(kurt, subject="Schon wieder", category=fault)
        assert not intake.joined and intake.case != case

    def test_other_category_and_channel_join_too(self, kurt, support, fault, billing):
        case = open_for(kurt, category=fault).case
        intake = open_for(kurt, subject="Wie ist der Stand?", category=billing)
        assert intake.joined and intake.case == case
        assert not case.entries.filter(data__has_key="join_confirm").exists()

    def test_several_open_cases_join_the_latest_flagged_for_an_agent(self, kurt, support):
        first = open_new_for(kurt, subject="A").case
        with clock.frozen_at(clock.now() + timedelta(hours=1)):
            second = open_new_for(kurt, subject="B").case
        with clock.frozen_at(clock.now() + timedelta(hours=2)):
            intake = open_for(kurt, subject="Und?", body="Wie ist der Stand?")
        assert intake.joined and intake.case == second
        assert second.reference in intake.notices[0]
        flag = second.entries.get(data__has_key="join_confirm")
        assert flag.data == {"join_confirm": intake.entry.pk, "others": [first.reference]}
        assert not flag.public

    def test_resolved_case_is_not_joined(self, kurt, support, fault, ada):
        case = open_for(kurt, category=fault).case
        services.change_status(case=case, agent=ada, status=Status.RESOLVED)
        assert not open_for(kurt, category=fault).joined

    def test_another_customers_reference_is_not_joined(self, kurt, olga, support):
        case = open_for(olga).case
        intake = open_for(kurt, named_reference=case.reference)
        assert not intake.joined and intake.case.customer == kurt

    def test_merged_reference_joins_the_survivor(self, kurt, support, ada):
        first = open_for(kurt).case
        second = open_new_for(kurt, subject="B").case
        services.merge_cases(source=second, target=first, agent=ada)
        assert open_for(kurt, named_reference=second.reference).case == first


def test_a_failing_service_undoes_what_the_services_it_called_wrote(kurt, support, ada):
    from fairdesk.lib.transactions import service

    case = services.open_case(customer=kurt, subject="Router", body="rot", channel="email").case

    @service
    def note_and_reply_then_fail():
        services.add_note(case=case, agent=ada, body="intern")
        services.reply(case=case, agent=ada, body="öffentlich")
        raise DomainError("no")

    with pytest.raises(DomainError):
        note_and_reply_then_fail()
    assert list(case.entries.values_list("kind", flat=True)) == [EntryKind.MESSAGE_IN]
    case.refresh_from_db()
    assert case.status == Status.NEW and case.first_response_at is None


def test_open_case_query_count_is_pinned(kurt, olga, support, django_assert_num_queries):
    from fairdesk.promises.presets import ensure_presets

    ensure_presets()
    services.open_case(customer=olga, subject="Warm-up", body="x", channel="email")
    # One savepoint (open_case inside the test's transaction, as inside an API request's);
    # none for the services it calls, which run in its transaction. The join check, the
    # team, the case and its reference, the message; the promises (policies with their
    # calendars, terms, promises, their entries; the case was stamped when it was made);
    # the team's waiting count (SQLite: the mark, and the team's row moved within its hour
    # by one UPDATE, which locks it; PostgreSQL: the mark with a plain read of the row, the
    # UPDATE last of all; the new case's state is in hand) and the queue's prediction (the
    # team's count and pace as the move left them or as read, one upsert; the target
    # promise as the promises app made it, the calendar the policies' default one, both
    # not read again);
    # the search row
    # made from what the call wrote (SQLite: the row and its FTS5 entry, nothing to forget);
    # every audit event in one INSERT; the report figures (made from the case in hand,
    # nothing read: the upsert, the day counts and the value counts moved); the
    # acknowledgment's row (the hourly
    # limit, the row; no received mail to ask whether it may be answered: none was filed in
    # this call), in the same transaction so no commit loses it. Nobody owns the new case,
    # so no seat's load is read or kept (queues.reactions). The case's kept next due time
    # (Case.next_due_at) is written with its row: the promises it will get are made first.
    with django_assert_num_queries(22 if connection.vendor == "sqlite" else 21):
        services.open_case(customer=kurt, subject="Router", body="blinkt rot", channel="email")


class TestSplitOff:
    """A contact that joined the wrong case becomes a case of its own in one step."""

    def test_split_moves_the_message_into_a_new_case_with_its_own_promises(
        self, kurt, support, ada
    ):
        from fairdesk.promises.models import Kind, Promise, State
        from fairdesk.promises.presets import ensure_presets

        ensure_presets()
        case = open_for(kurt).case
        services.reply(case=case, agent=ada, body="Wir prüfen das.")
        joined = open_for(kurt, subject="Rechnung falsch", body="Die Rechnung ist zu hoch.")
        owed = Promise.objects.get(case=case, kind=Kind.NEXT_RESPONSE, state=State.PENDING)
        new = services.split_off(entry=joined.entry, customer=kurt)
        assert new != case and new.customer == kurt and new.subject == "Rechnung falsch"
        assert list(new.entries.filter(kind=EntryKind.MESSAGE_IN)) == [joined.entry]
        assert not case.entries.filter(pk=joined.entry.pk).exists()
        assert case.entries.filter(data__split=new.reference).exists()
        assert set(
            Promise.objects.filter(case=new, state=State.PENDING).values_list("kind", flat=True)
        ) == {Kind.FIRST_RESPONSE, Kind.RESOLUTION}
        owed.refresh_from_db()
        assert owed.state == State.WITHDRAWN and new.reference in owed.reason

    def test_a_case_s_first_message_cannot_be_split_off(self, kurt, support):
        intake = open_for(kurt)
        with pytest.raises(Conflict):
            services.split_off(entry=intake.entry, customer=kurt)

    def test_splitting_twice_is_refused_clearly(self, kurt, support):
        open_for(kurt)
        joined = open_for(kurt, subject="Neu")
        new = services.split_off(entry=joined.entry, customer=kurt)
        with pytest.raises(Conflict, match=new.reference):
            services.split_off(entry=joined.entry, customer=kurt)

    def test_another_customer_cannot_split_it(self, kurt, olga, support):
        open_for(kurt)
        joined = open_for(kurt, subject="Neu")
        with pytest.raises(DomainError):
            services.split_off(entry=joined.entry, customer=olga)
