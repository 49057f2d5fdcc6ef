"""The agent's lists: my work and the team queue, ordered by the earliest pending promise.

A case with a promise due sooner comes first; cases without a pending promise follow, oldest
first (aging), so nothing waits forever behind newer work.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import F, OuterRef, QuerySet, Subquery

from fairdesk.cases.models import UNRESOLVED, Case
from fairdesk.promises.models import Promise, State


def with_next_due(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Annotate `next_due` (the earliest pending promise's due time) and `next_warn` (when
    that promise starts to warn). Paused promises have no due time and do not count."""
    earliest = Promise.objects.filter(
        case=OuterRef("pk"), state=State.PENDING, due_at__isnull=False
    ).order_by("due_at")
    return cases.annotate(
        next_due=Subquery(earliest.values("due_at")[:1]),
        next_warn=Subquery(earliest.values("warn_at")[:1]),
    )


def ordered(cases: QuerySet[Case]) -> QuerySet[Case]:
    return (
        with_next_due(cases)
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
