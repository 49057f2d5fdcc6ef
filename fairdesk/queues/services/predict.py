"""The honest waiting time at intake: when a new case will get its first response.

Reads the cases ahead of it and the team's first responses per open hour over the last two
weeks, asks the pure `queues.eta`, and stores the answer on the case (`Prediction`), which
the acknowledgment and the portal read. When the prediction misses the policy's target the
team lead is told on the case's timeline how many more agents it would take.
"""

from datetime import datetime, timedelta

from fairdesk.accounts.models import AgentProfile, Team
from fairdesk.cases import services as cases
from fairdesk.cases.models import UNRESOLVED, Case
from fairdesk.lib import clock
from fairdesk.lib.transactions import service
from fairdesk.promises import businesstime
from fairdesk.promises.selectors import next_due
from fairdesk.queues import eta
from fairdesk.queues.models import Prediction
from fairdesk.queues.team import calendar_of

HISTORY = timedelta(days=14)


def cases_ahead(case: Case) -> int:
    """Unanswered open cases of the team that came in before this one."""
    return Case.objects.filter(
        team_id=case.team_id,
        status__in=UNRESOLVED,
        first_response_at__isnull=True,
        merged_into__isnull=True,
        pk__lt=case.pk,
    ).count()


def answers_per_open_hour(team: Team, now: datetime) -> list[float]:
    """First responses in each open hour of the last two weeks, oldest first."""
    calendar = calendar_of(team)
    start = (now - HISTORY).replace(minute=0, second=0, microsecond=0)
    answered = Case.objects.filter(
        team=team, first_response_at__gte=start, first_response_at__lt=now
    ).values_list("first_response_at", flat=True)
    counts: dict[int, int] = {}
    for moment in answered:
        if moment is None:
            continue
        hour = int((moment - start).total_seconds() // 3600)
        counts[hour] = counts.get(hour, 0) + 1
    if not counts:
        return []
    hours = int((now - start).total_seconds() // 3600)
    return [
        float(counts.get(h, 0))
        for h in range(hours)
        if calendar is None or businesstime.is_open(calendar, start + timedelta(hours=h))
    ]


def _after_open_hours(team: Team, now: datetime, hours: float) -> datetime:
    calendar = calendar_of(team)
    if calendar is None:
        return now + timedelta(hours=hours)
    return businesstime.add(calendar, now, timedelta(hours=hours))


@service
def predict_first_response(*, case: Case) -> Prediction:
    """Predict and store when `case` will get its first response (again: replaced)."""
    now = clock.now()
    ahead = cases_ahead(case)
    history = answers_per_open_hour(case.team, now)
    flow = eta.throughput(history)
    due = next_due([case.pk]).get(case.pk)
    target = due.due_at if due else None
    if history:
        predicted = _after_open_hours(case.team, now, eta.hours_until_answer(ahead, flow))
    else:  # no history yet: nothing to predict from, the policy's target stands
        predicted = target or now
    staff = 0
    if target is not None and predicted > target:
        agents = AgentProfile.objects.filter(teams=case.team, user__is_active=True).count()
        per_agent = eta.planning_rate(flow) / max(1, agents)
        hours = max(0.0, (target - now).total_seconds() / 3600)
        staff = eta.staff_needed(ahead, flow, hours, per_agent)
        cases.record_event(
            case=case,
            data={"eta_late": predicted.isoformat(), "ahead": ahead, "staff_needed": staff},
            audit="queues.eta_late",
        )
    fields = {
        "made_at": now,
        "predicted_at": predicted,
        "target_at": target,
        "ahead": ahead,
        "rate": flow.rate,
        "spread": flow.spread,
        "staff_needed": staff,
    }
    # One statement whether or not there is one yet (an upsert on the case), no savepoint.
    [prediction] = Prediction.objects.bulk_create(
        [Prediction(case=case, **fields)],
        update_conflicts=True,
        unique_fields=["case"],
        update_fields=list(fields),
    )
    return prediction
