"""`next_due` reads plain rows and picks each case's earliest owed promise itself: the same
one the ORM's order gives, also between times with and without fractions of a second."""

from datetime import timedelta

from fairdesk.cases import services as cases
from fairdesk.lib import clock
from fairdesk.promises import services as promises
from fairdesk.promises.models import Promise, State
from fairdesk.promises.selectors import next_due, owed


def _earliest_by_orm(case) -> Promise:
    owed_ones = Promise.objects.filter(owed(), case=case, due_at__isnull=False)
    found = owed_ones.order_by("due_at", "pk").first()
    assert found is not None
    return found


def test_the_earliest_promise_wins_by_its_time_then_its_id(kurt, ada, support):
    case = cases.open_case(customer=kurt, subject="Router", body="Blinkt.", channel="email").case
    whole = (clock.now() + timedelta(hours=1)).replace(microsecond=0)
    for due, text in ((whole + timedelta(microseconds=500_000), "halb"), (whole, "voll")):
        promises.make_promise(case=case, agent=ada, kind="callback", due_at=due, description=text)
    promises.make_promise(case=case, agent=ada, kind="callback", due_at=whole, description="zwei")
    # The policy's own promises due before them are kept, so these three are the first.
    for promise in Promise.objects.filter(case=case, due_at__lt=whole):
        promises.keep_promise(promise=promise, agent=ada)

    due = next_due([case.pk])[case.pk]
    expected = _earliest_by_orm(case)
    assert (due.promise_id, due.due_at, due.label) == (expected.pk, whole, "voll")
    assert due.state == State.PENDING and due.visible == expected.visible
    assert due.warn_at == expected.warn_at


def test_cases_without_owed_dated_promises_are_left_out(kurt, ada, support):
    case = cases.open_case(customer=kurt, subject="Router", body="Blinkt.", channel="email").case
    for promise in Promise.objects.filter(case=case):
        promises.keep_promise(promise=promise, agent=ada)
    assert next_due([case.pk]) == {} and next_due([]) == {}
