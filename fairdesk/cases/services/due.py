"""The case's kept next due time (Case.next_due_at), moved by whoever changes its promises."""

from datetime import datetime

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import BaseExpression

from fairdesk.cases.models import Case
from fairdesk.lib import sql
from fairdesk.lib.transactions import service


@service
def keep_next_due(*, case: Case, due: datetime | BaseExpression | None) -> None:
    """Store when the case's earliest owed promise falls due (None: nothing dated owed).

    `due` may be an expression over the case row (the promises app passes the minimum of
    its owed promises as a subquery), so the value is read and written in one UPDATE in the
    caller's transaction: what the queue walks is never older than the promises. No timeline
    entry or audit event: the promise's own entry says what changed."""
    if isinstance(due, BaseExpression):
        Case.objects.filter(pk=case.pk).update(next_due_at=due)
        # Computed in the database: the copy in memory is read again when next wanted.
        case.__dict__.pop("next_due_at", None)
    else:  # a value: one fixed statement
        sql.execute(_SET_DUE, [connection.ops.adapt_datetimefield_value(due), case.pk])
        case.next_due_at = due


_SET_DUE = "UPDATE cases_case SET next_due_at = %s WHERE id = %s"


@service
def recount_next_due(*, due: BaseExpression, should_have: QuerySet, case_ids=None) -> int:
    """Store `due` (an expression over the case row, see keep_next_due) on every case that
    has a next due time or `should_have` one (a queryset of case ids), or only on `case_ids`:
    after a bulk load that wrote promises past the services, or to repair. How many rows were
    written."""
    cases = Case.objects.filter(Q(next_due_at__isnull=False) | Q(pk__in=should_have))
    if case_ids is not None:
        cases = cases.filter(pk__in=list(case_ids))
    return cases.update(next_due_at=due)
