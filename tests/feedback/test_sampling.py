"""The draw: every finished case once, a fair share per stratum, only global exclusions."""

import inspect
from datetime import timedelta
from email import message_from_bytes, policy

from django.core import mail
from django.test import override_settings
from django.urls import get_resolver

from fairdesk import jobs
from fairdesk.accounts.models import CustomerEmail
from fairdesk.feedback import sampling, services
from fairdesk.feedback.models import Draw, Exclusion, Invitation, Stratum
from fairdesk.lib import clock
from tests.feedback.conftest import finished_case


def test_the_draw_is_a_periodic_job():
    assert "fairdesk.feedback.sampling.run" in [job.run for job in jobs.PERIODIC]


def test_every_finished_case_is_drawn_once_and_resolved_and_unresolved_both(kurt, olga, ada):
    resolved = finished_case(kurt, ada)
    unresolved = finished_case(olga, ada, resolve=False)
    with override_settings(FAIRDESK_SURVEY_PERCENT=100):
        sampling.run()
        sampling.run()
    draws = {i.case_id: i for i in Invitation.objects.all()}
    assert set(draws) == {resolved.pk, unresolved.pk}
    assert draws[resolved.pk].outcome == "resolved"
    assert draws[unresolved.pk].outcome == "closed_unresolved"
    assert {i.draw for i in draws.values()} == {Draw.INVITED}


def test_invitation_mail_goes_out_with_a_link_to_the_form(
    kurt, ada, django_capture_on_commit_callbacks
):
    case = finished_case(kurt, ada)
    mail.outbox.clear()
    capture = django_capture_on_commit_callbacks(execute=True)
    with override_settings(FAIRDESK_SURVEY_PERCENT=100), capture:
        sampling.run()
    assert [m.to for m in mail.outbox] == [["kurt@example.org"]]
    message = message_from_bytes(mail.outbox[0].raw, policy=policy.default)
    body = message.get_body(("plain",)).get_content()
    assert "/portal/survey/" in body and case.reference in message["Subject"]
    assert "zufällig" in body  # Kurt reads German
    assert case.entries.filter(data__survey="invited").count() == 1


def test_the_english_invitation_starts_its_sentence_in_capitals(
    olga, ada, django_capture_on_commit_callbacks
):
    finished_case(olga, ada)
    mail.outbox.clear()
    capture = django_capture_on_commit_callbacks(execute=True)
    with override_settings(FAIRDESK_SURVEY_PERCENT=100), capture:
        sampling.run()
    message = message_from_bytes(mail.outbox[0].raw, policy=policy.default)
    body = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "Hello Olga Other,\n\nYour case" in body


def test_each_stratum_gets_its_share_over_time(kurt, ada, billing, fault):
    with override_settings(FAIRDESK_SURVEY_PERCENT=25, FAIRDESK_SURVEY_EVERY_DAYS=0):
        for n in range(8):
            finished_case(kurt, ada, subject=f"Rechnung {n}", category=billing)
            finished_case(kurt, ada, subject=f"Störung {n}", category=fault)
        sampling.run()
    for stratum in Stratum.objects.all():
        assert stratum.seen == 8 and stratum.invited == 2, stratum.key


def test_the_same_seed_draws_the_same_cases(kurt, ada, billing):
    assert sampling.uniform("order", 7) == sampling.uniform("order", 7)
    with override_settings(FAIRDESK_SURVEY_SEED="other"):
        assert sampling.uniform("order", 7) != sampling.uniform("order", 8)
    picks = [sampling.is_drawn(seen_before=n, share=0.3, start=0.5) for n in range(10)]
    assert sum(picks) == 3


def test_a_customer_is_asked_at_most_once_in_the_throttle_period(kurt, ada):
    with override_settings(FAIRDESK_SURVEY_PERCENT=100):
        finished_case(kurt, ada)
        sampling.run()
        finished_case(kurt, ada, subject="Wieder")
        sampling.run()
        second = Invitation.objects.order_by("id").last()
        assert second.draw == Draw.EXCLUDED
        assert second.exclusion == Exclusion.RECENTLY_ASKED
        with clock.frozen_at(clock.now() + timedelta(days=91)):
            finished_case(kurt, ada, subject="Später")
            sampling.run()
        assert Invitation.objects.order_by("id").last().draw == Draw.INVITED


def test_opted_out_and_bouncing_customers_are_excluded_with_an_audited_reason(kurt, olga, ada):
    services.opt_out(customer=kurt)
    CustomerEmail.objects.filter(customer=olga).update(bouncing_since=clock.now())
    with override_settings(FAIRDESK_SURVEY_PERCENT=100):
        finished_case(kurt, ada)
        finished_case(olga, ada)
        sampling.run()
    reasons = dict(Invitation.objects.values_list("customer_id", "exclusion"))
    assert reasons == {kurt.pk: Exclusion.OPTED_OUT, olga.pk: Exclusion.NO_ADDRESS}
    from fairdesk.cases.models import AuditEvent

    assert AuditEvent.objects.filter(action="survey.excluded").count() == 2


def test_no_code_path_lets_an_agent_suppress_an_invitation():
    # The draw takes no person at all; no feedback service takes a case to leave out.
    assert inspect.signature(sampling.draw_finished_cases).parameters == {}
    for name, function in inspect.getmembers(services, inspect.isfunction):
        if function.__module__ != services.__name__ or name.startswith("_"):
            continue
        parameters = inspect.signature(function).parameters
        assert "case" not in parameters, name
        assert not any(word in name for word in ("exclude", "suppress", "skip", "cancel"))
    # Nor does any URL of the desk, portal or API speak of it.
    routes = [str(p.pattern) for p in get_resolver().url_patterns]
    routes += [str(p) for p in _all_routes()]
    assert not [r for r in routes if "suppress" in r or "exclude" in r or "no-survey" in r]


def _all_routes():
    from django.urls import URLResolver

    stack = list(get_resolver().url_patterns)
    while stack:
        pattern = stack.pop()
        if isinstance(pattern, URLResolver):
            stack.extend(pattern.url_patterns)
        yield pattern.pattern


def test_a_manual_run_beside_the_job_draws_no_case_twice(kurt, ada):
    finished_case(kurt, ada)
    with override_settings(FAIRDESK_SURVEY_PERCENT=100):
        jobs.run_due(worker="one", ignore_slots=True)
        jobs.run_due(worker="two", ignore_slots=True)
    assert Invitation.objects.count() == 1
