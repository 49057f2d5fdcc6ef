"""Full-text search over cases: the one function the desk, the portal and the API call."""

import re

from django.db.models import Case as When_, IntegerField, Q, QuerySet, Value, When

from fairdesk.cases.models import Case
from fairdesk.lib.references import PREFIX

_REFERENCE = re.compile(rf"^(?:{PREFIX}-?)?(\d{{1,12}})$", re.IGNORECASE)


def search_cases(text: str, *, within: QuerySet[Case], public_only: bool = False) -> QuerySet[Case]:
    """`within` narrowed to the cases matching `text`, best match first.

    An exact reference ("FD-000123" or "000123") comes first.  `public_only` keeps internal
    notes out of the match (a customer's search).
    """
    words = text.split()
    if not words:
        return within.none()
    matches = Q()
    for word in words:
        word_match = Q(subject__icontains=word) | Q(reference__icontains=word)
        word_match |= Q(customer__name__icontains=word)
        word_match |= Q(customer__emails__address__icontains=word)
        bodies = Q(entries__body__icontains=word)
        if public_only:
            bodies &= Q(entries__public=True)
        matches &= word_match | bodies
    ids = Case.objects.filter(matches).values("pk")
    reference = _reference(text)
    return (
        within.filter(pk__in=ids)
        .annotate(
            exact_reference=When_(
                When(reference=reference, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-exact_reference", "-updated_at", "-id")
    )


def _reference(text: str) -> str | None:
    match = _REFERENCE.match(text.strip())
    return f"{PREFIX}-{int(match.group(1)):06d}" if match else None
