"""What the chooser needs to know about a team and its agents, read in a few queries."""

import json
from datetime import datetime

from django.db.models import Exists, OuterRef, TextField
from django.db.models.functions import Cast

from fairdesk.accounts.models import AgentProfile, Team
from fairdesk.lib.transactions import memo
from fairdesk.promises import businesstime
from fairdesk.promises.selectors import default_policy
from fairdesk.queues.assignment import Candidate, load_of
from fairdesk.queues.models import Absence, Presence, Seat, TeamRules


def rules_of(team: Team) -> TeamRules:
    """The team's queue rules, or the defaults when it has none (read once per service call)."""
    return memo(
        ("queues.rules", team.pk),
        lambda: TeamRules.objects.filter(team=team).first() or TeamRules(team=team),
    )


def calendar_of(team: Team) -> businesstime.Calendar | None:
    """The team's working hours: the default policy's calendar (None: always open)."""
    policy = default_policy()
    return policy.calendar.business() if policy else None


def team_open(team: Team, now: datetime) -> bool:
    """Whether the team works at `now` (its calendar is open, or it has none)."""
    calendar = calendar_of(team)
    return calendar is None or businesstime.is_open(calendar, now)


FIELDS = ("user_id", "languages", "seat", "presence", "cap", "skills", "idle_since", "open", "dues")


def _rows(team: Team, now: datetime) -> list[dict]:
    """Each of the team's active agents with their seat and whether they are absent, as
    plain rows in one query (no model instances: this runs for every decision)."""
    absent = Absence.objects.filter(user=OuterRef("user_id"), starts_at__lte=now, ends_at__gt=now)
    rows = (
        AgentProfile.objects.filter(teams=team, user__is_active=True)
        # The due dates as text: decoded only for agents under their cap (_weighed).
        .annotate(absent=Exists(absent), dues_text=Cast("user__seat__dues", TextField()))
        .values_list(
            "user_id",
            "languages",
            "user__seat__id",
            "user__seat__presence",
            "user__seat__cap",
            "user__seat__skills",
            "user__seat__last_assigned_at",
            "user__seat__open_cases",
            "dues_text",
            "absent",
        )
    )
    return [dict(zip(FIELDS + ("absent",), row, strict=True)) for row in rows]


def _categories(team: Team) -> dict[int, set[int]]:
    """The categories each of the team's agents' seats names (none: any category)."""
    through = Seat.categories.through.objects.filter(seat__user__agent__teams=team)
    categories: dict[int, set[int]] = {}
    for user_id, category_id in through.values_list("seat__user_id", "category_id"):
        categories.setdefault(user_id, set()).add(category_id)
    return categories


def _weighed(row: dict, now: float) -> float:
    """The agent's load; one at their cap gets no case whatever it is, so it is not
    weighed (decoding the dates of every full seat was most of a decision's time)."""
    if row["open"] >= row["cap"]:
        return float(row["open"])
    return load_of(row["open"], json.loads(row["dues"] or "[]"), now)


def candidates(team: Team, now: datetime) -> list[Candidate]:
    """The team's active agents as the chooser sees them at `now`: one row per agent (their
    load is kept on the seat, see queues.services.load), no count of their cases."""
    rows = _rows(team, now)
    if any(row["seat"] is None for row in rows):  # first use: seats with the defaults
        Seat.objects.bulk_create([Seat(user_id=r["user_id"]) for r in rows], ignore_conflicts=True)
        rows = _rows(team, now)
    categories = _categories(team)
    is_open = team_open(team, now)
    epoch = now.timestamp()
    return [
        Candidate(
            agent_id=row["user_id"],
            team_ids=frozenset({team.pk}),
            on_shift=is_open and row["presence"] == Presence.AVAILABLE and not row["absent"],
            open_cases=row["open"],
            cap=row["cap"],
            languages=frozenset(row["languages"] or []),
            skills=frozenset(row["skills"] or []),
            categories=frozenset(categories.get(row["user_id"], ())),
            load=_weighed(row, epoch),
            idle_since=row["idle_since"],
        )
        for row in rows
    ]
