"""The honest waiting time at intake: when a new case will get its first response.

Reads the team's count of cases waiting before it and its hours of the last two weeks (both
kept by `queues.services.waiting`), asks the pure `queues.eta` (the pace of the hours when
work was waiting, as a date on the team's open hours: `queues.hours`), and stores the answer
on the case (`Prediction`), which the acknowledgment and the portal read. When the
prediction misses the policy's target, the promises that would fall before it are made for
the predicted date instead (the customer is told that date and why, never a date we already
expect to miss), the team's timeline entry says how many more agents it would take, and the
team lead gets a mail saying so (at most one a team an hour, in the lead's language, after
commit). The simulator's replay (`insights.replay`) applies the same functions.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from fairdesk.accounts.models import AgentProfile, Team
from fairdesk.cases import services as cases
from fairdesk.cases.models import UNRESOLVED, Case
from fairdesk.lib import clock, sql
from fairdesk.lib.transactions import service
from fairdesk.promises import services as promises
from fairdesk.promises.models import CLOCK_KINDS, QUEUE_AHEAD, Promise, State
from fairdesk.queues import eta, selectors
from fairdesk.queues.hours import open_hours_for
from fairdesk.queues.models import Prediction
from fairdesk.queues.services.waiting import team_pace, uncounted_before

# The team lead hears of a queue too long for the targets at most this often.
ALERT_EVERY = timedelta(hours=1)


def _staff_needed(case: Case, ahead: int, flow: eta.Throughput, hours: float) -> int:
    agents = AgentProfile.objects.filter(teams=case.team, user__is_active=True).count()
    per_agent = eta.planning_rate(flow) / max(1, agents)
    return eta.staff_needed(ahead, flow, max(0.0, hours), per_agent)


def _promise_honestly(case: Case, predicted: datetime, ahead: int) -> None:
    """Make the case's running clock promises due before `predicted` for that date (the
    rule is `eta.later_dues`; the simulator's replay applies it too)."""
    running = [
        promise
        for promise in Promise.objects.filter(
            case=case, state=State.PENDING, kind__in=CLOCK_KINDS
        ).select_related("case")
        if promise.due_at is not None
    ]
    later = eta.later_dues([p.due_at for p in running if p.due_at is not None], predicted)
    for promise, due_at in zip(running, later, strict=True):
        if due_at != promise.due_at:
            promises.promise_later(
                promise=promise, due_at=due_at, reason_code=QUEUE_AHEAD, reason_ref=str(ahead)
            )


def _alert_lead(case: Case, now: datetime) -> datetime | None:
    """Mail the team lead after commit, unless they were mailed within ALERT_EVERY."""
    lead_id = Team.objects.filter(pk=case.team_id).values_list("lead_id", flat=True).first()
    recent = Prediction.objects.filter(
        case__team_id=case.team_id, lead_alerted_at__gt=now - ALERT_EVERY
    )
    if lead_id is None or recent.exists():
        return None
    from fairdesk.queues.tasks import alert_lead

    case_id = case.pk
    transaction.on_commit(lambda: alert_lead.enqueue(case_id=case_id, lead_id=lead_id))
    return now


def _late(case: Case, now: datetime, predicted: datetime, ahead: int, staff: int) -> None:
    """The prediction misses the target: promise the later date, tell the team."""
    _promise_honestly(case, predicted, ahead)
    cases.record_event(
        case=case,
        data={"eta_late": predicted.isoformat(), "ahead": ahead, "staff_needed": staff},
        audit="queues.eta_late",
    )


def _waits(case: Case) -> bool:
    """Whether the case is in its team's waiting count (as queues.services.waiting keeps
    it; at intake the caller's copy is fresh)."""
    return (
        case.team_id is not None
        and case.status in UNRESOLVED
        and case.first_response_at is None
        and case.merged_into_id is None
    )


def _ahead(case: Case, waiting: int) -> int:
    """Those waiting before the case: the count less the case itself once it is counted.
    A case opened in this call may not be counted yet (PostgreSQL counts it at the end of
    the call): then the count is without it, and without the call's new cases of the team
    before it too."""
    earlier = uncounted_before(case.pk, case.team_id)
    if earlier is not None:
        return waiting + earlier
    return max(0, waiting - 1) if _waits(case) else waiting


@dataclass(frozen=True)
class Estimate:
    ahead: int
    flow: eta.Throughput
    predicted: datetime
    target: datetime | None  # the case's first due date (None: nothing promised)

    @property
    def late(self) -> bool:
        return self.target is not None and self.predicted > self.target


def estimate_for(case: Case, now: datetime) -> Estimate:
    """When `case` will get its first response, from the team's kept count and pace (reads
    only: a few rows, whatever the number of cases)."""
    is_open, after_open_hours = open_hours_for(case.team)
    waiting, pace = team_pace(case.team_id, now, is_open)
    ahead = _ahead(case, waiting)
    target = selectors.next_due_of(case.pk)
    if pace is None:  # no history yet: nothing to predict from, the policy's target stands
        return Estimate(ahead, eta.Throughput(0.0, 0.0), target or now, target)
    hours_ahead = eta.hours_until_answer(ahead, pace)
    return Estimate(ahead, pace, after_open_hours(now, hours_ahead), target)


@service
def predict_first_response(*, case: Case) -> Prediction:
    """Predict and store when `case` will get its first response (again: replaced)."""
    now = clock.now()
    found = estimate_for(case, now)
    ahead, flow, predicted, target = found.ahead, found.flow, found.predicted, found.target
    staff, alerted = 0, None
    if target is not None and found.late:
        staff = _staff_needed(case, ahead, flow, (target - now).total_seconds() / 3600)
        _late(case, now, predicted, ahead, staff)
        alerted = _alert_lead(case, now)
    fields = {
        "made_at": now,
        "predicted_at": predicted,
        "target_at": target,
        "ahead": ahead,
        "rate": flow.rate,
        "spread": flow.spread,
        "staff_needed": staff,
        "lead_alerted_at": alerted,
    }
    # One statement whether or not there is one yet (an upsert on the case), no savepoint.
    return sql.upsert(Prediction(case=case, **fields), "case")
