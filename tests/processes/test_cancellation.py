"""The one-step cancellation through its service: what is stored, promised and mailed."""

from datetime import UTC, date, datetime

import pytest

from fairdesk.lib import clock
from fairdesk.lib.errors import DomainError
from fairdesk.processes import services
from fairdesk.processes.models import Declaration, Return, Step
from fairdesk.promises.models import Contract, Promise
from fairdesk.promises.presets import ensure_presets
from tests.processes.conftest import declaration, sent_texts

NOV_30 = datetime(2026, 11, 30, 9, 15, 7, tzinfo=UTC)


@pytest.fixture
def at_nov_30():
    with clock.frozen_at(NOV_30):
        yield


def _send(django_capture_on_commit_callbacks, **fields) -> Declaration:
    with django_capture_on_commit_callbacks(execute=True):
        return services.declare(data=declaration(**fields))


def test_cancellation_is_stored_promised_and_confirmed(
    dsl, at_nov_30, django_capture_on_commit_callbacks
):
    found = _send(django_capture_on_commit_callbacks)
    assert found.contract == dsl
    assert found.effective_on == date(2027, 2, 28)  # the end of the two-year term
    assert found.received_at == NOV_30
    assert Contract.objects.get(pk=dsl.pk).state == "cancelled"
    steps = dict(Step.objects.filter(process__case=found.case).values_list("key", "due_on"))
    assert set(steps) == {"effective", "return_label", "device_received", "final_invoice"}
    assert steps["effective"] == date(2027, 2, 28)
    kinds = set(Promise.objects.filter(case=found.case).values_list("kind", flat=True))
    assert {"cancellation_effective", "process_step"} <= kinds
    parcel = Return.objects.get(case=found.case)
    assert parcel.state == "label_sent"  # the label went out with the confirmation
    confirmation = next(text for text in sent_texts() if "Sonntag, 28. Februar 2027" in text)
    # The receipt, in Berlin time, in the house format (docs/language.md), not "30.11.2026".
    assert "am Montag, 30. November 2026 um 10:15:07 CET" in confirmation
    assert "30.11.2026" not in confirmation
    assert "V-1001" in confirmation  # the content as received


def test_a_second_submission_joins_the_first(dsl, at_nov_30, django_capture_on_commit_callbacks):
    ensure_presets()  # a default policy: the case gets the policy's response promises
    first = _send(django_capture_on_commit_callbacks)
    again = _send(django_capture_on_commit_callbacks)  # the same second
    assert again.first == first and again.case == first.case
    assert Declaration.objects.count() == 2  # nothing lost
    assert Step.objects.filter(process__case=first.case, key="effective").count() == 1
    # The second confirmation answered the second declaration: no answer is owed.
    owed = Promise.objects.filter(case=first.case, kind__in=("first_response", "next_response"))
    assert not owed.filter(state="pending").exists()


def test_unknown_contract_gets_a_promise_to_confirm_within_a_day(
    kurt, support, at_nov_30, django_capture_on_commit_callbacks
):
    found = _send(django_capture_on_commit_callbacks, contract_number="V-9999")
    assert found.contract is None and found.effective_on is None
    step = Step.objects.get(process__case=found.case, key="confirm_contract")
    assert step.due_on == date(2026, 12, 1) and step.promise.state == "pending"


def test_a_past_date_is_refused_clearly(dsl, at_nov_30):
    with pytest.raises(DomainError) as refused:
        services.declare(data=declaration(wanted_on=date(2026, 11, 1)))
    assert refused.value.field == "wanted_on"
    assert not Declaration.objects.exists()


def test_a_contract_number_without_matching_name_or_email_is_not_matched(
    dsl, at_nov_30, django_capture_on_commit_callbacks
):
    found = _send(django_capture_on_commit_callbacks, name="Mallory", email="m@evil.example")
    assert found.contract is None
    assert Contract.objects.get(pk=dsl.pk).state == "active"


def test_extraordinary_needs_a_reason(dsl, at_nov_30):
    with pytest.raises(DomainError) as refused:
        services.declare(data=declaration(kind="extraordinary"))
    assert refused.value.field == "reason"


def test_the_case_subject_keeps_german_nouns_capitalised(
    dsl, at_nov_30, django_capture_on_commit_callbacks
):
    found = _send(
        django_capture_on_commit_callbacks, kind="extraordinary", reason="Umzug ins Ausland"
    )
    assert found.case.subject == "Außerordentliche Kündigung (aus wichtigem Grund) V-1001"


def test_a_contract_number_typed_in_small_letters_is_found(
    dsl, at_nov_30, django_capture_on_commit_callbacks
):
    # Confirmed at once with its end date, not left for an agent to confirm within a day.
    found = _send(django_capture_on_commit_callbacks, contract_number="v-1001")
    assert found.contract == dsl and found.effective_on == date(2027, 2, 28)


def test_a_confirmed_cancellation_breaks_no_promise_while_it_runs_as_planned(
    dsl, django_capture_on_commit_callbacks
):
    """The confirmation answers at once, and the process's dated steps are the promises: the
    policy's first answer (due at 17:00) and fix (a week later) broke and escalated every
    cancellation to urgent, though nothing was late."""
    from fairdesk.promises import watch
    from fairdesk.promises.presets import ensure_presets

    ensure_presets()
    with clock.frozen_at(NOV_30), django_capture_on_commit_callbacks(execute=True):
        found = services.declare(data=declaration())
    clocks = Promise.objects.filter(case=found.case, kind__in=("first_response", "resolution"))
    assert dict(clocks.values_list("kind", "state")) == {
        "first_response": "kept",
        "resolution": "withdrawn",
    }
    assert clocks.get(kind="resolution").reason  # the customer is told why
    with clock.frozen_at(datetime(2026, 12, 9, 9, tzinfo=UTC)):
        watch.run()
    assert not Promise.objects.filter(case=found.case, state="broken").exists()
    found.case.refresh_from_db()
    assert found.case.priority != "urgent"
