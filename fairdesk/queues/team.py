"""What the chooser needs to know about a team and its agents, read in a few queries."""

from datetime import datetime

from fairdesk.accounts.models import AgentProfile, Team
from fairdesk.promises import businesstime
from fairdesk.promises.models import Policy
from fairdesk.queues.assignment import Candidate, load_of
from fairdesk.queues.models import Absence, Presence, Seat, TeamRules


def rules_of(team: Team) -> TeamRules:
    """The team's queue rules, or the defaults when it has none."""
    return TeamRules.objects.filter(team=team).first() or TeamRules(team=team)


def calendar_of(team: Team) -> businesstime.Calendar | None:
    """The team's working hours: the default policy's calendar (None: always open)."""
    policy = Policy.objects.filter(is_default=True).select_related("calendar").first()
    return policy.calendar.business() if policy else None


def _seats(ids: list[int]) -> dict[int, Seat]:
    """The agents' seats, made with the defaults for those who have none yet."""
    seats = {
        s.user_id: s for s in Seat.objects.filter(user_id__in=ids).prefetch_related("categories")
    }
    missing = [i for i in ids if i not in seats]
    if missing:
        Seat.objects.bulk_create([Seat(user_id=i) for i in missing], ignore_conflicts=True)
        return _seats(ids)
    return seats


def candidates(team: Team, now: datetime) -> list[Candidate]:
    """The team's active agents as the chooser sees them at `now`: one row per agent (their
    load is kept on the seat, see queues.services.load), no count of their cases."""
    profiles = list(
        AgentProfile.objects.filter(teams=team, user__is_active=True).only("user_id", "languages")
    )
    ids = [p.user_id for p in profiles]
    seats = _seats(ids)
    absent = set(
        Absence.objects.filter(user_id__in=ids, starts_at__lte=now, ends_at__gt=now).values_list(
            "user_id", flat=True
        )
    )
    calendar = calendar_of(team)
    team_open = calendar is None or businesstime.is_open(calendar, now)
    epoch = now.timestamp()
    result = []
    for profile in profiles:
        seat = seats[profile.user_id]
        result.append(
            Candidate(
                agent_id=profile.user_id,
                team_ids=frozenset({team.pk}),
                on_shift=team_open
                and seat.presence == Presence.AVAILABLE
                and profile.user_id not in absent,
                open_cases=seat.open_cases,
                cap=seat.cap,
                languages=frozenset(profile.languages or []),
                skills=frozenset(seat.skills or []),
                categories=frozenset(c.pk for c in seat.categories.all()),
                load=load_of(seat.owned.values(), epoch),
                idle_since=seat.last_assigned_at,
            )
        )
    return result
