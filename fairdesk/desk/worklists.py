"""The agent's lists: my work and the team queue, ordered by the earliest pending promise.

A case with a promise due sooner comes first; cases without a pending promise follow, oldest
first (aging), so nothing waits forever behind newer work.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import DateTimeField, F, QuerySet, Value

from fairdesk.cases.models import UNRESOLVED, Case


def _with_next_due(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Annotate `next_due` (earliest pending promise due time) and `next_due_from`."""
    none = Value(None, output_field=DateTimeField())
    return cases.annotate(next_due=none, next_due_from=none)


def ordered(cases: QuerySet[Case]) -> QuerySet[Case]:
    return (
        _with_next_due(cases)
        .select_related("customer", "team", "assignee")
        .order_by(F("next_due").asc(nulls_last=True), "created_at", "id")
    )


def my_work(agent: AbstractBaseUser) -> QuerySet[Case]:
    """Unresolved cases the agent owns."""
    return ordered(
        Case.objects.filter(assignee=agent, status__in=UNRESOLVED, merged_into__isnull=True)
    )


def team_queue(agent: AbstractBaseUser) -> QuerySet[Case]:
    """Unresolved cases waiting in the queues of the agent's teams (no owner yet)."""
    return ordered(
        Case.objects.filter(
            team__agents__user=agent,
            assignee__isnull=True,
            status__in=UNRESOLVED,
            merged_into__isnull=True,
        )
    )
