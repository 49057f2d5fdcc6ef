"""What the chooser needs to know about a team and its agents, read in a few queries."""

from datetime import datetime, timedelta

from fairdesk.accounts.models import AgentProfile, Team
from fairdesk.lib.transactions import memo
from fairdesk.promises import businesstime
from fairdesk.promises.selectors import default_policy
from fairdesk.queues import selectors
from fairdesk.queues.assignment import URGENT_HOURS, Candidate, case_weight
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


def _seats(ids: list[int]) -> dict[int, Seat]:
    """The agents' seats, the missing ones made first (an agent's first assignment)."""
    seats = {
        s.user_id: s for s in Seat.objects.filter(user_id__in=ids).prefetch_related("categories")
    }
    if len(seats) == len(ids):
        return seats
    Seat.objects.bulk_create([Seat(user_id=i) for i in ids], ignore_conflicts=True)
    return {
        s.user_id: s for s in Seat.objects.filter(user_id__in=ids).prefetch_related("categories")
    }


def candidates(team: Team, now: datetime) -> list[Candidate]:
    """The team's active agents as the chooser sees them at `now`."""
    profiles = list(
        AgentProfile.objects.filter(teams=team, user__is_active=True).select_related("user")
    )
    ids = [p.user_id for p in profiles]
    seats = _seats(ids)
    absent = set(
        Absence.objects.filter(user_id__in=ids, starts_at__lte=now, ends_at__gt=now).values_list(
            "user_id", flat=True
        )
    )
    is_open = team_open(team, now)
    counts = selectors.open_counts(ids)
    dues = selectors.owned_due_soon(ids, now + timedelta(hours=URGENT_HOURS))
    result = []
    for profile in profiles:
        seat = seats[profile.user_id]
        due = dues.get(profile.user_id, [])
        # Every open case weighs 1; those due within URGENT_HOURS up to 1 more.
        load = counts.get(profile.user_id, 0) + sum(
            case_weight((d - now).total_seconds() / 3600) - 1 for d in due
        )
        result.append(
            Candidate(
                agent_id=profile.user_id,
                team_ids=frozenset({team.pk}),
                on_shift=is_open
                and seat.presence == Presence.AVAILABLE
                and profile.user_id not in absent,
                open_cases=counts.get(profile.user_id, 0),
                cap=seat.cap,
                languages=frozenset(profile.languages or []),
                skills=frozenset(seat.skills or []),
                categories=frozenset(c.pk for c in seat.categories.all()),
                load=load,
                idle_since=seat.last_assigned_at,
            )
        )
    return result
