"""Moving a case ahead of others, in the open: an earlier promise with a reason.

There is no hidden priority: the queue order is the order of owed promises, so expediting
is making a promise due sooner than the case's next one. Each expedite is on the timeline
and in the audit log, and an agent has only so many per week (the team's rules).
"""

from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from fairdesk.cases import services as cases
from fairdesk.cases.models import Case
from fairdesk.lib import clock
from fairdesk.lib.errors import Conflict, DomainError
from fairdesk.lib.transactions import service
from fairdesk.promises import services as promises
from fairdesk.promises.models import EXPEDITED, Kind
from fairdesk.promises.selectors import next_due
from fairdesk.queues.models import Expedite
from fairdesk.queues.team import rules_of


def expedites_this_week(agent: User, now: datetime) -> int:
    """The agent's expedites in the seven days before `now`."""
    return Expedite.objects.filter(agent=agent, at__gt=now - timedelta(days=7)).count()


@service
def expedite(*, case: Case, agent: User, reason: str, due_at: datetime) -> Expedite:
    """Promise the customer an answer by `due_at`, sooner than the case's next due promise,
    which moves it ahead in the queue; `reason` is required and kept."""
    reason = " ".join((reason or "").split())
    if len(reason) < 10:
        raise DomainError(
            _("Say why this case goes ahead of others (at least 10 characters)."),
            field="reason",
        )
    case = Case.objects.select_related("team").get(pk=case.pk)
    now = clock.now()
    allowed = rules_of(case.team).expedites_per_week
    if expedites_this_week(agent, now) >= allowed:
        raise Conflict(
            _("You have used your %(n)s expedites for this week.") % {"n": allowed},
            field="reason",
        )
    before = next_due([case.pk]).get(case.pk)
    if before is not None and due_at >= before.due_at:
        raise DomainError(
            _("An expedite must promise an earlier time than the case's next due promise."),
            field="due_at",
        )
    promise = promises.make_promise(
        case=case,
        agent=agent,
        kind=Kind.CUSTOM,
        description=EXPEDITED,  # said in each reader's language (promise_what)
        due_at=due_at,
        reason=reason,
    )
    facts = {
        "expedite": reason,
        "due_before": before.due_at.isoformat() if before else None,
        "due_after": due_at.isoformat(),
    }
    cases.record_event(case=case, data=facts, agent=agent, audit="case.expedite")
    return Expedite.objects.create(
        case=case,
        agent=agent,
        team=case.team,
        at=now,
        reason=reason,
        promise_id=promise.pk,
        due_before=before.due_at if before else None,
        due_after=due_at,
    )
