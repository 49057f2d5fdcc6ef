"""A new case is counted in its team's waiting count at the end of the call that opens it
(PostgreSQL: the count's row lock is held from there to the COMMIT only); the counts, the
hours they are tallied into and the prediction stay what they were when it was counted at
once, whatever else the same call does with the case (on SQLite it still is counted at once:
these tests hold both)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fairdesk.cases import services as cases
from fairdesk.lib import clock
from fairdesk.lib.transactions import service
from fairdesk.queues.models import Prediction, TeamQueue
from tests.queues.test_waiting import _kept, _recounted


def _open(customer, team, subject="?"):
    return cases.open_new_case(
        customer=customer, subject=subject, body="?", channel="email", team=team
    ).case


def _next_hour():
    return clock.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)


def test_cases_opened_in_one_call_are_each_predicted_behind_the_ones_before(support, kurt):
    _open(kurt, support)
    _open(kurt, support)

    @service
    def open_three() -> list:
        return [_open(kurt, support, f"n{n}") for n in range(3)]

    opened = open_three()
    aheads = [Prediction.objects.get(case=case).ahead for case in opened]
    assert aheads == [2, 3, 4]
    assert _kept() == _recounted() == {support.pk: 5}


def test_a_case_opened_and_answered_in_one_call_is_tallied_in_that_order(support, ada, kurt):
    start = _next_hour()
    with clock.frozen_at(start + timedelta(minutes=5)):
        _open(kurt, support)
        _open(kurt, support)

    @service
    def open_and_answer() -> None:
        case = _open(kurt, support)
        cases.reply(case=case, agent=ada, body="Hallo.")

    with clock.frozen_at(start + timedelta(hours=1, minutes=5)):
        open_and_answer()
    assert _kept() == _recounted() == {support.pk: 2}
    row = TeamQueue.objects.get(team=support)
    # 2 → 3 (opened), then 3 → 2 (answered): the hour never had fewer than 2 waiting.
    assert (row.hour, row.answered, row.low, row.last) == (start + timedelta(hours=1), 1, 2, 2)


def test_a_case_opened_and_handed_to_another_team_in_one_call_waits_there(
    support, technik, ada, kurt
):
    _open(kurt, technik)  # both teams have their rows: the new case is counted last
    _open(kurt, support)

    @service
    def open_and_hand_over():
        case = _open(kurt, support)
        cases.hand_over(case=case, agent=ada, note="for you", to_team=technik)
        return case

    case = open_and_hand_over()
    assert _kept() == _recounted() == {support.pk: 1, technik.pk: 2}
    assert Prediction.objects.get(case=case).ahead == 1  # predicted in support, at intake


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite locks the database, not the row"
)
def test_on_postgresql_the_team_s_row_is_written_after_everything_else(support, kurt):
    _open(kurt, support)  # the team's row exists (its first case makes it at once)
    with CaptureQueriesContext(connection) as queries:
        _open(kurt, support)
    statements = [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert statements[-1].startswith("UPDATE queues_teamqueue SET waiting")
    assert not any(_locks_the_row(statement) for statement in statements[:-1])


def _locks_the_row(statement: str) -> bool:
    updates = statement.replace('"', "").startswith("UPDATE queues_teamqueue")
    return updates or ("queues_teamqueue" in statement and "FOR UPDATE" in statement)
