"""A team's open hours as the ETA counts them: which hours say something of its pace, and
the date a number of open hours from now. The intake prediction and the simulator's replay
both read them here, so the two agree."""

from collections.abc import Callable
from datetime import datetime, timedelta

from fairdesk.accounts.models import Team
from fairdesk.promises import businesstime
from fairdesk.queues.team import calendar_of

OpenHours = tuple[Callable[[datetime], bool], Callable[[datetime, float], datetime]]


def open_hours_for(team: Team) -> OpenHours:
    """Whether an hour is open, and the date a number of open hours after a moment (the
    calendar read once)."""
    calendar = calendar_of(team)
    if calendar is None:
        return (lambda moment: True), (lambda now, hours: now + timedelta(hours=hours))
    return (
        lambda moment: businesstime.is_open(calendar, moment),
        lambda now, hours: businesstime.add(calendar, now, timedelta(hours=hours)),
    )
