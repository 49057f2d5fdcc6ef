"""The retention job: personal data of closed cases goes `months` after they closed.

Each category may have its own rule; cases of a category without one follow the default
rule (category empty), and with no default rule they are kept. Held cases are skipped and
counted. Every run that erases something leaves a PrivacyRecord of kind retention.
"""

import logging

from django.db.models import Q

from fairdesk.cases.models import Case, Status
from fairdesk.lib import clock
from fairdesk.privacy.models import RetentionRule
from fairdesk.privacy.periods import months_back
from fairdesk.privacy.scrub import ERASED

log = logging.getLogger(__name__)
BATCH = 200


def due_cases() -> Q:
    """The closed, not yet erased cases some rule says are due."""
    now = clock.now()
    rules = list(RetentionRule.objects.all())
    specific = [rule.category_id for rule in rules if rule.category_id]
    due = Q(pk__in=[])
    for rule in rules:
        scope = (
            Q(category_id=rule.category_id) if rule.category_id else ~Q(category_id__in=specific)
        )
        due |= scope & _closed_before(months_back(now, rule.months))
    closed = Q(status__in=(Status.RESOLVED, Status.CLOSED))
    return due & closed & ~Q(subject=ERASED)


def _closed_before(cutoff) -> Q:
    """Resolved before `cutoff`; or closed without a resolution (cancelled, spam, closed
    unresolved: no resolution time) and last changed before it, which is when it closed or
    later, so such a case is never erased early."""
    unresolved = Q(resolved_at__isnull=True, status=Status.CLOSED, updated_at__lt=cutoff)
    return Q(resolved_at__lt=cutoff) | unresolved


def run() -> dict[str, int]:
    """Erase what is due, in batches of one transaction each; the totals."""
    from fairdesk.privacy import services

    ids = list(Case.objects.filter(due_cases()).order_by("pk").values_list("pk", flat=True))
    totals: dict[str, int] = {}
    for start in range(0, len(ids), BATCH):
        counts = services.apply_retention(case_ids=tuple(ids[start : start + BATCH]))
        for key, value in counts.items():
            totals[key] = totals.get(key, 0) + value
    if ids:
        log.info("retention erased personal data of %d cases: %s", len(ids), totals)
    return totals
