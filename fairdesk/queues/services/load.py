"""The load kept on each agent's seat: the open cases they own and when each is next due.

An assignment decision reads one seat row per agent instead of counting each agent's cases
and reading their promises (seconds at 100,000 open cases). The queues' case reaction calls
`keep_load` on every event that can change a case's owner, status or promises, so the seat
always says what a recount (`selectors.recount_owned`) would; `recount_loads` rebuilds the
seats from the cases (after a bulk import, or to repair).
"""

from collections.abc import Iterable
from datetime import datetime

from fairdesk.cases.models import UNRESOLVED, Case
from fairdesk.lib import sql
from fairdesk.lib.transactions import forget, memo, service
from fairdesk.queues import selectors
from fairdesk.queues.models import Seat
from fairdesk.queues.services.seats import ASSIGNED_AT, SEAT, locked_seat

_OWNER = f"SELECT assignee_id, status, merged_into_id FROM {Case._meta.db_table} WHERE id = %s"  # noqa: S608


def _owner(case_id: int) -> int | None:
    """Who owns the case while it is open (read again: the caller's copy may be stale)."""
    row = sql.one(_OWNER, [case_id])
    if row is None or row[1] not in UNRESOLVED or row[2] is not None:
        return None
    return row[0]


def _store(seat: Seat, owned: dict[str, float | None], assigned_at: datetime | None = None) -> None:
    """Write the seat's cases and what the decision reads of them, in one UPDATE (with the
    time of the agent's last assignment when this call has just given them a case)."""
    dues = sorted(due for due in owned.values() if due is not None)
    fields: dict[str, object] = {"owned": owned, "open_cases": len(owned), "dues": dues}
    if assigned_at is not None:
        fields["last_assigned_at"] = assigned_at
    for name, value in fields.items():
        setattr(seat, name, value)
    sql.update(seat, list(fields))


def _off_other_seats(case_id: int, owner: int | None) -> None:
    """Take the case off every seat but its owner's."""
    key = str(case_id)
    holders = Seat.objects.select_for_update().filter(owned__has_key=key)
    for seat in holders.exclude(user_id=owner) if owner else holders:
        seat.owned.pop(key, None)
        _store(seat, seat.owned)
        forget((SEAT, seat.user_id))  # this call's copy of the row, if any, is stale now


@service
def keep_load(*, case_id: int, moved: bool = True, first_owner: int | None = None) -> None:
    """Bring the seats up to date with one case: off every seat but its owner's (`moved`:
    its owner or status may have changed), on its owner's with its next due date.

    `first_owner`: this call opened the case and has just given it to that agent, its first
    owner. Then no seat holds it yet and its owner is known: nothing is read back."""
    if first_owner is not None:
        owner: int | None = first_owner
    else:
        owner = _owner(case_id)
        if moved:
            _off_other_seats(case_id, owner)
    if owner is None:
        return
    key = str(case_id)
    due = selectors.next_due_of(case_id)
    value = due.timestamp() if due is not None else None
    seat = locked_seat(owner)
    if key in seat.owned and seat.owned[key] == value:
        return
    seat.owned[key] = value
    _store(seat, seat.owned, memo(ASSIGNED_AT, dict[int, datetime]).pop(owner, None))


@service
def recount_loads(*, agent_ids: Iterable[int] | None = None) -> int:
    """Rebuild the kept load of these agents' seats (all seats and owners: None) from their
    cases and promises. How many seats changed."""
    if agent_ids is None:
        owners = Case.objects.filter(assignee__isnull=False).values_list("assignee_id", flat=True)
        ids = set(owners.distinct()) | set(Seat.objects.values_list("user_id", flat=True))
    else:
        ids = set(agent_ids)
    counted = selectors.recount_owned(sorted(ids))
    changed = 0
    for agent_id in sorted(ids):
        seat = locked_seat(agent_id)
        owned = counted.get(agent_id, {})
        if seat.owned != owned:
            _store(seat, owned)
            changed += 1
    return changed
