"""An agent's seat in the queues: presence (away/available), cap, skills, absences."""

import functools
from datetime import datetime

from django.contrib.auth.models import User
from django.db import connection
from django.utils.translation import gettext as _

from fairdesk.accounts.models import AccountEvent
from fairdesk.lib import clock, joined, sql
from fairdesk.lib.errors import DomainError
from fairdesk.lib.transactions import forget, memo, service
from fairdesk.queues.models import Absence, Presence, Seat


def _record(action: str, *, actor: User | None, **data: object) -> None:
    AccountEvent.objects.create(at=clock.now(), actor=actor, action=action, data=data)


# Per service call: agent id → their locked seat (locked_seat), and agent id → the time to
# stamp as their last assignment with the UPDATE that puts the claimed case on their seat.
SEAT = "queues.seat"
ASSIGNED_AT = "queues.assigned_at"


def locked_seat(agent_id: int) -> Seat:
    """The agent's seat (made if missing) locked, with its user, read once per service call:
    an assignment checks its room, names its agent and puts the case on it. The call's
    writes to the row keep this copy true (load._store) or forget it."""
    return memo((SEAT, agent_id), lambda: _lock(agent_id))


def _lock(agent_id: int) -> Seat:
    seat = _locked_with_user(agent_id)
    if seat is None:  # the agent's first: made with the defaults (two makers: one wins)
        Seat.objects.bulk_create([Seat(user_id=agent_id)], ignore_conflicts=True)
        seat = _locked_with_user(agent_id)
    assert seat is not None
    return seat


@functools.cache
def _seat_statement() -> str:
    # A fixed statement (an assignment reads it every time): the ORM spent half a
    # millisecond building it and its instances.
    columns = joined.columns_of((Seat, User), ("s", "u"))
    lock = " FOR UPDATE OF s" if connection.features.has_select_for_update_of else ""
    return (
        f"SELECT {columns} FROM {Seat._meta.db_table} s"  # noqa: S608
        f" JOIN {User._meta.db_table} u ON u.id = s.user_id WHERE s.user_id = %s{lock}"
    )


def _locked_with_user(agent_id: int) -> Seat | None:
    row = sql.one(_seat_statement(), [agent_id])
    if row is None:
        return None
    seat, user = joined.instances((Seat, User), row)
    joined.keep_related(seat, "user", user)
    return seat


@service
def seat_of(*, agent: User) -> Seat:
    """The agent's seat, made with the defaults the first time it is needed."""
    seat, _created = Seat.objects.get_or_create(user=agent)
    return seat


@service
def set_presence(*, agent: User, presence: str) -> Seat:
    """The agent says they are away (no new cases) or available again."""
    if presence not in Presence.values:
        raise DomainError(_("Choose available or away."), field="presence")
    seat = seat_of(agent=agent)
    Seat.objects.filter(pk=seat.pk).update(presence=presence)
    forget((SEAT, agent.pk))
    seat.presence = presence
    _record("queues.presence", actor=agent, agent=agent.get_username(), presence=presence)
    return seat


@service
def set_seat(
    *, agent: User, by: User | None, cap: int, skills: list[str] | tuple[str, ...] = ()
) -> Seat:
    """A lead sets how many open cases the agent takes at most, and their named skills."""
    if cap < 1 or cap > 1000:
        raise DomainError(_("The cap must be between 1 and 1000."), field="cap")
    names = sorted({s.strip().lower() for s in skills if s.strip()})
    seat = seat_of(agent=agent)
    Seat.objects.filter(pk=seat.pk).update(cap=cap, skills=names)
    forget((SEAT, agent.pk))
    seat.cap, seat.skills = cap, names
    _record("queues.seat", actor=by, agent=agent.get_username(), cap=cap, skills=names)
    return seat


@service
def add_absence(
    *, agent: User, by: User | None, starts_at: datetime, ends_at: datetime, note: str = ""
) -> Absence:
    """The agent is off from `starts_at` until `ends_at`: no cases are assigned to them."""
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise DomainError(_("Give the time with its time zone."), field="starts_at")
    if ends_at <= starts_at:
        raise DomainError(_("An absence must end after it starts."), field="ends_at")
    absence = Absence.objects.create(
        user=agent, starts_at=starts_at, ends_at=ends_at, note=(note or "").strip()[:200]
    )
    _record(
        "queues.absence",
        actor=by,
        agent=agent.get_username(),
        starts_at=starts_at.isoformat(),
        ends_at=ends_at.isoformat(),
    )
    return absence
