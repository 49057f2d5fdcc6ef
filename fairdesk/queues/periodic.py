"""The periodic assignment pass, run by `fairdesk worker` (jobs.py): each team's waiting
cases, in queue order, to the agents free for them. Safe with several workers (see
services.assign); the slot claim in jobs.py keeps passes from overlapping needlessly."""

import logging

from django.conf import settings

from fairdesk.accounts.models import Team
from fairdesk.queues import services

log = logging.getLogger(__name__)


def run() -> dict[str, int]:
    if not settings.FAIRDESK_QUEUE_AUTO_ASSIGN:
        return {}
    done = {team.name: services.assign_waiting(team=team) for team in Team.objects.all()}
    done = {name: n for name, n in done.items() if n}
    if done:
        log.info("assignment pass: %s", done)
    return done
