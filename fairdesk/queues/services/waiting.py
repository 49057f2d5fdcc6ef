"""The cases waiting for a first response, counted per team as they come and go.

The ETA at intake needs the number of cases ahead of a new one; counting them took a third
of a second at 100,000 cases. The queues' case reaction calls `keep_waiting` on every event
that can start or end a case's wait (opened, answered, closed or reopened, handed to another
team, merged), so `TeamQueue.waiting` always says what a recount would: a `Waiting` row
marks each counted case, and the count moves only when the mark does (the case row is
locked by the case service, so one change of a case is counted once). Each move is also
tallied into the team's running hour (`queues.eta.tally`), which the ETA reads as its pace.

On PostgreSQL a case opened in the call is counted at the very end of the call
(`transactions.at_last`): the count's UPDATE locks the team's row until COMMIT, and every
other new case of the team waits for that lock, so it is taken after everything else the
create writes. Its mark is written at once (in one statement with the plain read of the
team's row the prediction needs): a later event of the same call finds the case marked, and
any other move of the call counts the call's new cases first, so the moves keep their
order. SQLite holds one lock for all of a transaction's writes whatever their order: there
the count moves at once and the row it returns serves the prediction (one statement fewer).
`recount_waiting` rebuilds marks and counts from the cases (after a bulk import, or to
repair).
"""

from datetime import datetime

from django.db import connection

from fairdesk.cases.models import UNRESOLVED, Case
from fairdesk.lib import clock, joined, sql, transactions
from fairdesk.lib.transactions import service
from fairdesk.queues import eta
from fairdesk.queues.models import TeamHour, TeamQueue, Waiting

# The case's state that decides where it waits, and the team it is marked in (NULL: none),
# in one fixed statement (every reply and status change asks).
_WAITS = (
    "SELECT c.team_id, c.status, c.first_response_at, c.merged_into_id, w.team_id"  # noqa: S608
    f" FROM {Case._meta.db_table} c LEFT JOIN {Waiting._meta.db_table} w ON w.case_id = c.id"
    " WHERE c.id = %s"
)


def _waits_where(case_id: int, opened: Case | None) -> tuple[int | None, bool, int | None]:
    """The team the case waits in (None: it waits nowhere), whether it was answered, and the
    team it is marked in. `opened`: the case as its opening wrote it a moment ago in this
    call (not read back, and not marked yet)."""
    row: tuple | None
    if opened is not None:
        row = (opened.team_id, opened.status, opened.first_response_at, opened.merged_into_id)
        row += (None,)
    else:
        row = sql.one(_WAITS, [case_id])
    if row is None:  # no such case (its mark went with it)
        return None, False, None
    team_id, status, answered, merged, marked = row
    waits = status in UNRESOLVED and answered is None and merged is None
    return (team_id if waits else None), answered is not None, marked


@service
def keep_waiting(*, case_id: int, new: bool = False, opened: Case | None = None) -> None:
    """Bring the waiting counts up to date with one case (`new`: just opened, not marked;
    `opened`: that case as this call opened it, so its row need not be read back)."""
    if not new:
        transactions.now_instead(_OPENED)  # this call's new cases are counted first
    should, answered, marked = _waits_where(case_id, opened if new else None)
    if new:
        marked = None
    if marked == should:
        return
    if marked is not None:
        sql.execute(f"DELETE FROM {_WAITING} WHERE case_id = %s", [case_id])  # noqa: S608
        _move(marked, -1, answered=answered and should is None)
    if should is None:
        return
    if not (new and _counted_last()):
        sql.execute(_MARK, [case_id, should])
    elif _marked_and_read(case_id, should):  # counted at the end of the call
        transactions.memo(_UNCOUNTED, dict[int, list[int]]).setdefault(should, []).append(case_id)
        # After the other last work (the day counts): every new case of the team waits for
        # this row, so it is the last one locked before the COMMIT.
        transactions.at_last(_OPENED, _count_opened, should, rank=1)
        return
    _move(should, +1, answered=False)


_WAITING = Waiting._meta.db_table
_MARK = f"INSERT INTO {_WAITING} (case_id, team_id) VALUES (%s, %s)"  # noqa: S608
# The collected work that counts this call's new cases (its items: their teams, in order),
# and the memo of those cases not counted yet, by team (in the order they were opened).
_OPENED = "queues.count_opened"
_UNCOUNTED = "queues.uncounted"


def _counted_last() -> bool:
    """Whether a new case is counted at the end of the call: where a row lock is held by
    the one transaction until its COMMIT while the others go on (PostgreSQL)."""
    return connection.vendor == "postgresql"


def _marked_and_read(case_id: int, team_id: int) -> bool:
    """Mark the new case and read its team's row for the prediction; False when the team
    has no row yet (its first case: counted at once, which makes the row; nobody waits
    on a row that is not there)."""
    found = sql.load(TeamQueue, _QUEUE_FIELDS, _MARK_AND_READ, [case_id, team_id, team_id])
    if found:
        transactions.remember((QUEUE_ROW, team_id), found[0])
    return bool(found)


def _count_opened(teams: list[int]) -> None:
    """Count this call's new cases, each team's in one move; the teams' rows locked in the
    order of their ids (two calls that open cases for the same two teams never wait for
    each other crosswise)."""
    transactions.forget(_UNCOUNTED)
    for team_id in sorted(set(teams)):
        _move(team_id, teams.count(team_id), answered=False)


def uncounted_before(case_id: int, team_id: int) -> int | None:
    """How many of this call's new cases of the team, not counted yet, were opened before
    `case_id`; None when `case_id` is counted (or waits nowhere)."""
    uncounted = transactions.memo(_UNCOUNTED, dict[int, list[int]]).get(team_id, [])
    return uncounted.index(case_id) if case_id in uncounted else None


def _locked(team_id: int) -> TeamQueue:
    """The team's row, locked; made on first use (two makers at once: one insert wins)."""
    row = TeamQueue.objects.select_for_update().filter(team_id=team_id).first()
    if row is not None:
        return row
    TeamQueue.objects.bulk_create([TeamQueue(team_id=team_id)], ignore_conflicts=True)
    return TeamQueue.objects.select_for_update().get(team_id=team_id)


def running_hour(row: TeamQueue) -> eta.Hour | None:
    if row.hour is None:
        return None
    return eta.Hour(row.hour, row.answered, row.low, row.last)


def _move(team_id: int, delta: int, *, answered: bool) -> None:
    """Count one case more or fewer for the team and tally it into its running hour."""
    row = _moved_within_hour(team_id, delta, answered=answered)
    if row is None:  # the hour's first move (or the team's): the hour before is finished
        row = _moved_to_new_hour(team_id, delta, answered=answered)
    transactions.remember((QUEUE_ROW, team_id), row)  # as written: the ETA reads it next


# `eta.tally` within the running hour, as one UPDATE of the team's row (which locks it): the
# count moves by %s but not below 0; `low` is the least of the hour's low, the count before
# and after; `last` the count after; `answered` grows by %s. It changes no row when the row
# is missing or its running hour is older than the move's (then `eta.tally` finishes it).
_AFTER = "(CASE WHEN waiting + %s < 0 THEN 0 ELSE waiting + %s END)"
_LEAST = f"(CASE WHEN {_AFTER} < waiting THEN {_AFTER} ELSE waiting END)"
_QUEUE_FIELDS = joined.fields(TeamQueue)
_TALLY = (
    f"UPDATE {TeamQueue._meta.db_table} SET waiting = {_AFTER},"  # noqa: S608
    f" low = CASE WHEN low < {_LEAST} THEN low ELSE {_LEAST} END,"
    f" last = {_AFTER}, answered = answered + %s"
    f" WHERE team_id = %s AND hour >= %s RETURNING {', '.join(_QUEUE_FIELDS)}"
)
# A new case's mark and its team's row as it is (a plain read: no lock), in one statement
# (PostgreSQL: a data-changing WITH runs whether or not the query reads it).
_MARK_AND_READ = (
    f"WITH mark AS ({_MARK})"  # noqa: S608
    f" SELECT {', '.join(_QUEUE_FIELDS)} FROM {TeamQueue._meta.db_table} WHERE team_id = %s"
)


def _moved_within_hour(team_id: int, delta: int, *, answered: bool) -> TeamQueue | None:
    """The team's row moved by `delta` in its running hour, as written; None when the
    move starts a new hour (or the team has no row yet): nothing was written."""
    hour = connection.ops.adapt_datetimefield_value(eta.hour_of(clock.now()))
    params = [delta] * 12 + [int(answered), team_id, hour]
    found = sql.load(TeamQueue, _QUEUE_FIELDS, _TALLY, params)
    return found[0] if found else None


def _moved_to_new_hour(team_id: int, delta: int, *, answered: bool) -> TeamQueue:
    row = _locked(team_id)
    before = row.waiting
    after = max(0, before + delta)
    finished, running = eta.tally(
        running_hour(row), at=clock.now(), before=before, after=after, answered=answered
    )
    if finished is not None:
        TeamHour.objects.bulk_create(
            [TeamHour(team_id=team_id, **_fields(finished))],
            update_conflicts=True,
            unique_fields=["team", "hour"],
            update_fields=["answered", "low", "last"],
        )
    TeamQueue.objects.filter(pk=row.pk).update(waiting=after, **_fields(running))
    row.waiting, row.hour, row.answered, row.low, row.last = after, *_fields(running).values()
    return row


# The team's TeamQueue row as this service call last wrote it (memo key with the team's id).
QUEUE_ROW = "queues.team_queue"


def _fields(hour: eta.Hour) -> dict:
    return {"hour": hour.start, "answered": hour.answered, "low": hour.low, "last": hour.last}


def team_hours(team_id: int, now: datetime) -> tuple[int, list[eta.Hour]]:
    """The team's waiting count and its hours of the last two weeks (the running one last),
    in two queries."""
    row = TeamQueue.objects.filter(team_id=team_id).first()
    since = eta.hour_of(now - eta.HISTORY)
    finished = TeamHour.objects.filter(team_id=team_id, hour__gte=since, hour__lt=now)
    hours = [
        eta.Hour(start, answered, low, last)
        for start, answered, low, last in finished.order_by("hour").values_list(
            "hour", "answered", "low", "last"
        )
    ]
    if row is None:
        return 0, hours
    running = running_hour(row)
    return row.waiting, hours + ([running] if running is not None else [])


def team_pace(team_id: int, now: datetime, is_open) -> tuple[int, eta.Throughput | None]:
    """The team's waiting count and its pace for this hour: found from its hours once an hour
    and kept on its row (the first case of an hour reads two weeks of hours, the others one
    row)."""
    hour = eta.hour_of(now)
    row = transactions.memo(
        (QUEUE_ROW, team_id), lambda: TeamQueue.objects.filter(team_id=team_id).first()
    )
    if row is not None and row.pace_hour == hour:
        kept = None if row.rate is None else eta.Throughput(row.rate, row.spread)
        return row.waiting, kept
    waiting, hours = team_hours(team_id, now)
    flow = eta.pace_of(hours, now=now, is_open=is_open)
    if row is not None:
        row.pace_hour = hour
        row.rate = None if flow is None else flow.rate
        row.spread = 0.0 if flow is None else flow.spread
        TeamQueue.objects.filter(pk=row.pk).update(
            pace_hour=row.pace_hour, rate=row.rate, spread=row.spread
        )
    return waiting, flow


@service
def recount_waiting() -> int:
    """Rebuild every mark and count from the cases (hours already tallied stay). How many
    teams' counts changed."""
    transactions.now_instead(_OPENED)
    waiting = Case.objects.filter(
        status__in=UNRESOLVED,
        first_response_at__isnull=True,
        merged_into__isnull=True,
        team__isnull=False,
    )
    Waiting.objects.all().delete()
    counts: dict[int, int] = {}
    batch: list[Waiting] = []
    for case_id, team_id in waiting.values_list("pk", "team_id").iterator(chunk_size=5000):
        counts[team_id] = counts.get(team_id, 0) + 1
        batch.append(Waiting(case_id=case_id, team_id=team_id))
        if len(batch) >= 5000:
            Waiting.objects.bulk_create(batch)
            batch = []
    Waiting.objects.bulk_create(batch)
    changed = 0
    for row in TeamQueue.objects.select_for_update().exclude(team_id__in=counts):
        changed += row.waiting != 0
        TeamQueue.objects.filter(pk=row.pk).update(waiting=0)
    for team_id, count in counts.items():
        row = _locked(team_id)
        changed += row.waiting != count
        TeamQueue.objects.filter(pk=row.pk).update(waiting=count)
    return changed
