"""Each case's kept next due time (Case.next_due_at) says what a recount of its promises
says, after any sequence of the services, and the lists read in queue order from it are
`queues.ordering.queue_key`'s order."""

import contextlib
import random
from datetime import timedelta

import pytest

from fairdesk.cases.models import UNRESOLVED, Case
from fairdesk.lib import clock
from fairdesk.lib.errors import DomainError
from fairdesk.promises import services as promises
from fairdesk.promises.models import Promise, State
from fairdesk.promises.selectors import next_due
from fairdesk.queues import selectors
from fairdesk.queues.ordering import Waiting, in_queue_order
from tests.properties import seeds
from tests.queues.test_load import _pick, _step


def _kept() -> dict:
    return dict(Case.objects.values_list("pk", "next_due_at"))


def _recounted() -> dict:
    ids = list(Case.objects.values_list("pk", flat=True))
    dues = next_due(ids)
    return {pk: dues[pk].due_at if pk in dues else None for pk in ids}


def _promise_step(rng, agents) -> None:
    """A change to a case's promises only: an agent promises, keeps or withdraws."""
    case = _pick(rng, status__in=UNRESOLVED, merged_into__isnull=True)
    pending = list(Promise.objects.filter(state=State.PENDING).order_by("pk"))
    choice = rng.randrange(3)
    if choice == 0 and case is not None:
        due = clock.now() + timedelta(hours=rng.randrange(1, 200))
        promises.make_promise(
            case=case, agent=rng.choice(agents), kind="callback", due_at=due, description="Ruf"
        )
    elif choice == 1 and pending:
        promises.keep_promise(promise=rng.choice(pending), agent=rng.choice(agents))
    elif pending:
        promises.withdraw_promise(
            promise=rng.choice(pending), agent=rng.choice(agents), reason="Kunde bat darum"
        )


def _in_queue_order_recounted(lookups: dict) -> list[int]:
    recount = _recounted()
    rows = Case.objects.filter(**lookups).values_list("pk", "created_at")
    waiting = [Waiting(pk, created, recount[pk]) for pk, created in rows]
    return [case.case_id for case in in_queue_order(waiting)]


@pytest.mark.parametrize("seed", seeds(4, 5))
def test_the_kept_next_due_equals_a_recount_after_random_changes(
    seed, auto, support, technik, lena, ada, emre, kurt, olga
):
    rng = random.Random(seed)
    agents, customers = [lena, ada, emre], [kurt, olga]
    start, dated = clock.now(), 0
    for n in range(40):
        team = rng.choice([support, technik])
        # A refusal (e.g. the same owner again) changes nothing.
        with clock.frozen_at(start + timedelta(hours=n * 2)), contextlib.suppress(DomainError):
            if rng.random() < 0.3:
                _promise_step(rng, agents)
            else:
                _step(rng, n, agents, customers, team)
        kept = _kept()
        assert kept == _recounted(), f"after step {n}"
        dated += sum(due is not None for due in kept.values())
    assert dated  # the steps did make dated promises
    # The queue over both teams (merged from each team's own order) and each team's alone.
    for teams in ([support.pk, technik.pk], [support.pk], [technik.pk]):
        lookups = selectors.waiting_in(teams)
        expected = _in_queue_order_recounted(lookups)
        assert selectors.next_case_ids(lookups, len(expected) + 5) == expected
        assert selectors.next_case_ids(lookups, 3, skip=2) == expected[2:5]
        # One team's queue is a fixed statement: the order the ORM's query gives.
        within = Case.objects.filter(**lookups)
        assert selectors.next_case_ids_within(within, len(expected) + 5) == expected
    # Each agent's own work (a fixed statement too).
    owned = 0
    for agent in agents:
        lookups = {"assignee": agent, "status__in": UNRESOLVED, "merged_into__isnull": True}
        expected = _in_queue_order_recounted(lookups)
        owned += len(expected)
        assert selectors.next_case_ids(lookups, len(expected) + 5) == expected
        assert selectors.next_case_ids(lookups, 3, skip=1) == expected[1:4]
        within = Case.objects.filter(**lookups)
        assert selectors.next_case_ids_within(within, len(expected) + 5) == expected
    assert owned  # the steps did assign cases


def test_recount_repairs_a_next_due_changed_behind_the_services_back(ada, kurt, support):
    from fairdesk.cases import services as cases

    case = cases.open_new_case(
        customer=kurt, subject="Kein Netz", body="?", channel="email", team=support
    ).case
    promised = clock.now() + timedelta(days=1)
    promises.make_promise(case=case, agent=ada, kind="callback", due_at=promised)
    Case.objects.filter(pk=case.pk).update(next_due_at=None)
    assert promises.recount_next_due() == 1
    assert Case.objects.get(pk=case.pk).next_due_at == promised


def test_a_new_case_is_written_with_its_next_due_and_a_split_one_counts_from_its_contact(
    ada, kurt, support
):
    """A new case's row is written with the due time of the promises its opening makes; a
    case split off later gets its clocks from the contact, not from the split, and its kept
    next due time follows them (the row was written before the contact's time was known)."""
    from fairdesk.cases import services as cases
    from fairdesk.promises.presets import ensure_presets

    ensure_presets()
    monday = clock.now().replace(year=2027, month=3, day=1, hour=9, minute=0)
    with clock.frozen_at(monday):
        case = cases.open_new_case(
            customer=kurt, subject="Kein Netz", body="?", channel="email", team=support
        ).case
        first = Promise.objects.get(case=case, kind="first_response")
        assert _kept()[case.pk] == _recounted()[case.pk] == first.due_at
        cases.reply(case=case, agent=ada, body="Wir prüfen das.")
    with clock.frozen_at(monday + timedelta(hours=1)):
        joined = cases.add_customer_message(case=case, customer=kurt, body="Und die Rechnung?")
    with clock.frozen_at(monday + timedelta(days=2)):
        new = cases.split_off(entry=joined, customer=kurt)
    first = Promise.objects.get(case=new, kind="first_response")
    assert first.started_at == joined.created_at
    assert _kept() == _recounted()
    assert _kept()[new.pk] == min(
        Promise.objects.filter(case=new).exclude(due_at=None).values_list("due_at", flat=True)
    )
