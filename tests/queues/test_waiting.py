"""The teams' waiting counts (queues.services.waiting) say what a recount of the cases says,
after any sequence of the services; the ETA at intake reads them in a few queries."""

import contextlib
import random
from datetime import timedelta

import pytest

from fairdesk.cases import services as cases
from fairdesk.cases.models import UNRESOLVED, Case
from fairdesk.lib import clock
from fairdesk.lib.errors import DomainError
from fairdesk.queues import eta
from fairdesk.queues import services as queues
from fairdesk.queues.models import TeamHour, TeamQueue, Waiting
from fairdesk.queues.services.waiting import team_hours
from tests.properties import seeds
from tests.queues.test_load import _pick, _step


def _kept() -> dict[int, int]:
    return {row.team_id: row.waiting for row in TeamQueue.objects.all() if row.waiting}


def _recounted() -> dict[int, int]:
    counts: dict[int, int] = {}
    waiting = Case.objects.filter(
        status__in=UNRESOLVED, first_response_at__isnull=True, merged_into__isnull=True
    )
    for team_id in waiting.values_list("team_id", flat=True):
        counts[team_id] = counts.get(team_id, 0) + 1
    return counts


def _to_other_team(rng, agent, team) -> None:
    case = _pick(rng, status__in=UNRESOLVED, merged_into__isnull=True)
    if case is not None:
        cases.hand_over(case=case, agent=agent, note="for you", to_team=team)


@pytest.mark.parametrize("seed", seeds(1, 2, 3))
def test_the_waiting_counts_equal_a_recount_after_random_changes(
    seed, auto, support, technik, lena, ada, emre, kurt, olga
):
    rng = random.Random(seed)
    agents, customers = [lena, ada, emre], [kurt, olga]
    start, most = clock.now(), 0
    for n in range(60):
        with clock.frozen_at(start + timedelta(minutes=n * 25)), contextlib.suppress(DomainError):
            if rng.randrange(8) == 0:
                _to_other_team(rng, rng.choice(agents), rng.choice([support, technik]))
            else:
                _step(rng, n, agents, customers, support)
        assert _kept() == _recounted(), f"after step {n}"
        most = max(most, sum(_kept().values()))
    assert most > 1  # cases did wait (else the test proves nothing)
    assert Waiting.objects.count() == sum(_kept().values())
    # The hours tallied on the way: each finished hour once, its low never above its last.
    hours = list(TeamHour.objects.filter(team=support))
    assert hours and all(h.low <= h.last for h in hours)
    assert (
        sum(h.answered for h in hours)
        <= Case.objects.filter(first_response_at__isnull=False).count()
    )


def test_recount_repairs_counts_changed_behind_the_services_back(support, kurt):
    for n in range(3):
        cases.open_new_case(customer=kurt, subject=f"n{n}", body="?", channel="email", team=support)
    TeamQueue.objects.update(waiting=7)
    Waiting.objects.all().delete()
    assert queues.recount_waiting() == 1
    assert _kept() == {support.pk: 3} and Waiting.objects.count() == 3


def test_an_hour_answered_in_is_tallied_when_the_next_begins(support, ada, kurt):
    start = clock.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    with clock.frozen_at(start + timedelta(minutes=5)):
        first = cases.open_new_case(
            customer=kurt, subject="a", body="?", channel="email", team=support
        ).case
        cases.open_new_case(customer=kurt, subject="b", body="?", channel="email", team=support)
    with clock.frozen_at(start + timedelta(minutes=40)):
        cases.reply(case=first, agent=ada, body="Hallo.")
    with clock.frozen_at(start + timedelta(hours=2, minutes=1)):
        cases.open_new_case(customer=kurt, subject="c", body="?", channel="email", team=support)
        waiting, hours = team_hours(support.pk, clock.now())
    assert waiting == 2
    [done, running] = hours
    assert (done.start, done.answered, done.low, done.last) == (start, 1, 0, 1)
    assert (running.start, running.answered, running.low, running.last) == (
        start + timedelta(hours=2),
        0,
        1,
        2,
    )


def test_the_prediction_at_intake_reads_counts_not_cases(
    support, ada, kurt, django_assert_max_num_queries
):
    for n in range(30):
        cases.open_new_case(customer=kurt, subject=f"n{n}", body="?", channel="email", team=support)
    case = Case.objects.order_by("-pk").first()
    with django_assert_max_num_queries(9):
        prediction = queues.predict_first_response(case=case)
    assert prediction.ahead == 29


@pytest.mark.parametrize("seed", seeds(1, 2))
def test_the_running_hour_is_written_as_the_tally_says(seed, support, ada, kurt):
    """Within its hour the team's row moves in one UPDATE (queues.services.waiting), across
    hours through the tally in Python: both say what `eta.tally` says, step by step."""
    rng = random.Random(seed)
    start = clock.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    waiting: list[Case] = []
    running, crossed = None, 0
    for n in range(24):
        at = start + timedelta(minutes=n * 13)
        before = TeamQueue.objects.filter(team=support).values_list("waiting", flat=True).first()
        answered = bool(waiting) and rng.random() < 0.4
        with clock.frozen_at(at):
            if answered:
                cases.reply(case=waiting.pop(rng.randrange(len(waiting))), agent=ada, body="Hallo.")
            else:
                waiting.append(
                    cases.open_new_case(
                        customer=kurt, subject=f"n{n}", body="?", channel="email", team=support
                    ).case
                )
        row = TeamQueue.objects.get(team=support)
        finished, running = eta.tally(
            running, at=at, before=before or 0, after=row.waiting, answered=answered
        )
        crossed += finished is not None
        assert row.waiting == len(waiting)
        assert eta.Hour(row.hour, row.answered, row.low, row.last) == running, f"step {n}"
    assert crossed >= 3  # moves within an hour and across hours were both tallied
