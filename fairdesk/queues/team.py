"""What the chooser needs to know about a team and its agents, read in one query."""

# The decision's statement is put together from the models' table names only; the team and
# the time go in as parameters.
# ruff: noqa: S608

import functools
import json
from datetime import UTC, datetime

from django.contrib.auth.models import User
from django.db import connection

from fairdesk.accounts.models import AgentProfile, Team
from fairdesk.lib import joined, sql
from fairdesk.lib.transactions import memo
from fairdesk.promises import businesstime
from fairdesk.promises.models import Calendar, Policy
from fairdesk.promises.selectors import default_policy
from fairdesk.queues.assignment import Candidate, load_of
from fairdesk.queues.models import Absence, Presence, Seat, TeamRules


def rules_of(team: Team) -> TeamRules:
    """The team's queue rules, or the defaults when it has none (read once per service call)."""
    return memo(("queues.rules", team.pk), lambda: _rules(team))


_RULES_FIELDS = joined.fields(TeamRules)
_RULES = f"SELECT {', '.join(_RULES_FIELDS)} FROM {TeamRules._meta.db_table} WHERE team_id = %s"


def _rules(team: Team) -> TeamRules:
    # A fixed statement: every new case reads them (the ORM's query cost ten times the read).
    found = sql.load(TeamRules, _RULES_FIELDS, _RULES, [team.pk])
    return found[0] if found else TeamRules(team=team)


def calendar_of(team: Team) -> businesstime.Calendar | None:
    """The team's working hours: the default policy's calendar (None: always open)."""
    policy = default_policy()
    return policy.calendar.business() if policy else None


def team_open(team: Team, now: datetime) -> bool:
    """Whether the team works at `now` (its calendar is open, or it has none)."""
    calendar = calendar_of(team)
    return calendar is None or businesstime.is_open(calendar, now)


# One statement per decision, put together once per database from the models' tables:
# each active agent of the team with their seat (cap, presence, skills, the kept load as
# text: decoded only for agents who could get the case), whether an absence covers now, the
# seat's categories as "3,7", and the default calendar's row and version (to pick its
# already built calendar). No ORM: building the query and converting 200 rows through the
# fields' converters was most of a decision's time.
_STATEMENTS: dict[str, str] = {}


def _statement() -> str:
    vendor = connection.vendor
    if vendor not in _STATEMENTS:
        postgres = vendor == "postgresql"
        text = "::text" if postgres else ""
        categories = (
            "string_agg(sc.category_id::text, ',')" if postgres else "group_concat(sc.category_id)"
        )
        profile, teams = AgentProfile._meta.db_table, AgentProfile.teams.through._meta.db_table
        seats, chosen = Seat._meta.db_table, Seat.categories.through._meta.db_table
        policy, calendar = Policy._meta.db_table, Calendar._meta.db_table
        default = f"SELECT p.calendar_id FROM {policy} p WHERE p.is_default ORDER BY p.id LIMIT 1"
        _STATEMENTS[vendor] = (
            f"SELECT ap.user_id, ap.languages{text}, s.id, s.presence, s.cap, s.skills{text},"
            f" s.last_assigned_at, s.open_cases, s.dues{text},"
            f" EXISTS (SELECT 1 FROM {Absence._meta.db_table} a WHERE a.user_id = ap.user_id"
            "  AND a.starts_at <= %s AND a.ends_at > %s),"
            f" (SELECT {categories} FROM {chosen} sc WHERE sc.seat_id = s.id),"
            f" ({default}),"
            f" (SELECT c.updated_at FROM {calendar} c WHERE c.id = ({default}))"
            f" FROM {profile} ap"
            f" JOIN {teams} t ON t.agentprofile_id = ap.id AND t.team_id = %s"
            f" JOIN {User._meta.db_table} u ON u.id = ap.user_id AND u.is_active"
            f" LEFT JOIN {seats} s ON s.user_id = ap.user_id"
        )
    return _STATEMENTS[vendor]


def _rows(team: Team, now: datetime) -> list[tuple]:
    at = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(_statement(), [at, at, team.pk])
        return cursor.fetchall()


@functools.lru_cache(maxsize=512)
def _words(text: str | None) -> frozenset[str]:
    """A JSON list of words as a set; agents share a handful of these, so each is read once."""
    return frozenset(json.loads(text)) if text else frozenset()


@functools.lru_cache(maxsize=512)
def _ids(text: str | None) -> frozenset[int]:
    return frozenset(int(i) for i in text.split(",")) if text else frozenset()


def _moment(value: datetime | str | None) -> datetime | None:
    """A datetime as the database gave it (SQLite: naive UTC, or its text) made aware."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


_CALENDARS: dict[tuple, businesstime.Calendar] = {}


def _calendar(row: tuple) -> businesstime.Calendar | None:
    """The default policy's built calendar, by the row and version the statement read (so a
    change to the calendar counts from the next decision); None: no default policy."""
    calendar_id, version = row[-2:]
    if calendar_id is None:
        return None
    key = (calendar_id, str(version))
    if key not in _CALENDARS:
        _CALENDARS[key] = Calendar.objects.get(pk=calendar_id).business()
    return _CALENDARS[key]


def _weighed(open_cases: int, dues: str | None, now: float) -> float:
    """The agent's load: each open case 1, up to 2 as its promise comes due (load_of)."""
    return load_of(open_cases, json.loads(dues) if dues else [], now)


def candidates(team: Team, now: datetime) -> list[Candidate]:
    """The team's active agents as the chooser sees them at `now`: one row per agent (their
    load is kept on the seat, see queues.services.load), no count of their cases. Only those
    who could get a case (on shift, under their cap) have their load weighed; the others
    carry their count, which the chooser never compares."""
    rows = _rows(team, now)
    if any(row[2] is None for row in rows):  # first use: seats with the defaults
        Seat.objects.bulk_create([Seat(user_id=r[0]) for r in rows], ignore_conflicts=True)
        rows = _rows(team, now)
    if not rows:
        return []
    calendar = _calendar(rows[0])
    is_open = calendar is None or businesstime.is_open(calendar, now)
    epoch, team_ids, available = now.timestamp(), frozenset({team.pk}), Presence.AVAILABLE
    found = []
    for user_id, languages, _seat, presence, cap, skills, idle, count, dues, absent, *more in rows:
        on_shift = is_open and presence == available and not absent
        found.append(
            Candidate(
                agent_id=user_id,
                team_ids=team_ids,
                on_shift=on_shift,
                open_cases=count,
                cap=cap,
                languages=_words(languages),
                skills=_words(skills),
                categories=_ids(more[0]),
                load=_weighed(count, dues, epoch) if on_shift and count < cap else float(count),
                idle_since=_moment(idle),
            )
        )
    return found
