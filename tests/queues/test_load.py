"""The load kept on each seat (queues.services.load) says what a recount of the cases says,
after any sequence of the services that change owners, statuses and promises."""

import contextlib
import random
from datetime import UTC, datetime, timedelta

import pytest

from fairdesk.cases import services as cases
from fairdesk.cases.models import UNRESOLVED, Case, Status
from fairdesk.lib import clock
from fairdesk.lib.errors import DomainError
from fairdesk.promises import watch
from fairdesk.queues import selectors
from fairdesk.queues import services as queues
from fairdesk.queues.models import Seat
from tests.properties import seeds


def _kept(agents) -> dict:
    seats = Seat.objects.filter(user__in=agents)
    for seat in seats:  # what the decision reads agrees with the cases kept
        assert seat.open_cases == len(seat.owned)
        assert seat.dues == sorted(due for due in seat.owned.values() if due is not None)
    return {seat.user_id: seat.owned for seat in seats if seat.owned}


def _recounted(agents) -> dict:
    return selectors.recount_owned([a.pk for a in agents])


def _pick(rng, **lookups):
    ids = list(Case.objects.filter(**lookups).order_by("pk").values_list("pk", flat=True))
    return Case.objects.get(pk=rng.choice(ids)) if ids else None


def _step(rng, n, agents, customers, team) -> None:
    """One random change through a public service."""
    agent = rng.choice(agents)
    open_case = _pick(rng, status__in=UNRESOLVED, merged_into__isnull=True)
    owned = _pick(rng, status__in=UNRESOLVED, assignee__isnull=False)
    done = _pick(rng, status=Status.RESOLVED)
    choice = rng.randrange(11)
    if choice == 0 or open_case is None:
        customer = rng.choice(customers)
        cases.open_new_case(
            customer=customer, subject=f"case {n}", body="?", channel="email", team=team
        )
    elif choice == 1:
        queues.take_next(agent=agent)
    elif choice == 2:
        queues.assign_case(case=open_case)
    elif choice == 3:
        cases.hand_over(case=open_case, agent=agent, note="over to you", to_agent=agent)
    elif choice == 4:
        cases.hand_over(case=open_case, agent=agent, note="back to the queue", to_team=team)
    elif choice == 5 and owned is not None:
        cases.reply(case=owned, agent=agent, body="Wir sind dran.")
    elif choice == 6:
        status = rng.choice([Status.RESOLVED, Status.WAITING_ON_CUSTOMER, Status.OPEN])
        cases.change_status(case=open_case, agent=agent, status=status)
    elif choice == 7 and done is not None:
        cases.add_customer_message(case=done, customer=done.customer, body="Doch nicht.")
    elif choice == 8:
        other = _pick(rng, customer=open_case.customer, status__in=UNRESOLVED)
        if other is not None and other.pk != open_case.pk:
            cases.merge_cases(source=open_case, target=other, agent=agent)
    elif choice == 9 and owned is not None:
        due = clock.now() + timedelta(minutes=rng.randrange(10, 120))
        queues.expedite(case=owned, agent=agent, reason="Kunde ohne Netz", due_at=due)
    else:
        watch.run()  # breaks what came due while the clock moved


@pytest.mark.parametrize("seed", seeds(1, 2, 3))
def test_the_kept_load_equals_a_recount_after_random_changes(
    seed, auto, support, lena, ada, emre, kurt, olga
):
    rng = random.Random(seed)
    agents, customers = [lena, ada, emre], [kurt, olga]
    start = clock.now()
    for n in range(60):
        # A refusal (e.g. the same owner again) changes nothing.
        with clock.frozen_at(start + timedelta(hours=n * 2)), contextlib.suppress(DomainError):
            _step(rng, n, agents, customers, support)
        assert _kept(agents) == _recounted(agents), f"after step {n}"
    assert Case.objects.filter(assignee__isnull=False, status__in=UNRESOLVED).exists()


def test_recount_repairs_a_seat_changed_behind_the_services_back(auto, support, ada, kurt):
    case = cases.open_new_case(
        customer=kurt, subject="Kein Netz", body="?", channel="email", team=support
    ).case
    case.refresh_from_db()
    Seat.objects.filter(user=case.assignee).update(owned={})
    assert queues.recount_loads() == 1
    assert list(Seat.objects.get(user=case.assignee).owned) == [str(case.pk)]


def test_a_decision_reads_seats_not_cases(
    auto, support, lena, ada, emre, kurt, django_assert_max_num_queries
):
    from fairdesk.queues.team import candidates

    for n in range(5):
        cases.open_new_case(customer=kurt, subject=f"n{n}", body="?", channel="email", team=support)
    with django_assert_max_num_queries(6):
        team = candidates(support, clock.now())
    assert sum(c.open_cases for c in team) == 5


def test_a_new_case_given_to_an_agent_reads_and_writes_their_seat_once(
    auto, support, ada, kurt, olga, django_assert_num_queries
):
    from django.db import connection

    from fairdesk.notifications.models import Notification
    from fairdesk.promises.presets import ensure_presets
    from fairdesk.promises.selectors import next_due

    ensure_presets()
    # A Monday morning, both calls in the same hour (the team's waiting count moves to a new
    # hour's row on its first case of an hour, which would add a read).
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with clock.frozen_at(start):
        cases.open_new_case(
            customer=olga, subject="Warm-up", body="?", channel="email", team=support
        )
    now = start + timedelta(minutes=5)
    # What opening costs unassigned (tests/cases: 22) and the assignment: the team's rules,
    # the one-SQL decision, the seat read locked with its agent (made first only when
    # missing), the claim, its owner entry, the seat's load and last assignment in one
    # UPDATE (nothing read back: the case is the call's own; its next due as the promises
    # app wrote it), the notification's recipients with their preferences, and its row.
    with (
        clock.frozen_at(now),
        django_assert_num_queries(28 if connection.vendor == "sqlite" else 27),
    ):
        case = cases.open_new_case(
            customer=kurt, subject="Kein Netz", body="?", channel="email", team=support
        ).case
    seat = Seat.objects.get(user=ada)
    due = next_due([case.pk])[case.pk].due_at.timestamp()
    assert case.assignee == ada and seat.owned[str(case.pk)] == due
    assert seat.last_assigned_at == now
    assert Notification.objects.filter(recipient=ada, case=case, kind="assigned").exists()
    assert _kept([ada]) == _recounted([ada])
