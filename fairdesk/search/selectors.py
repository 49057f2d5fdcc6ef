"""Full-text search over cases: the one function the desk, the portal and the API call."""

import re

from django.db.models import Case as Choose
from django.db.models import ExpressionWrapper, IntegerField, QuerySet, Value, When

from fairdesk.cases.models import Case
from fairdesk.lib.references import PREFIX
from fairdesk.search import backends

_REFERENCE = re.compile(rf"^(?:{PREFIX}-?)?(\d{{1,12}})$", re.IGNORECASE)


def search_cases(text: str, *, within: QuerySet[Case], public_only: bool = False) -> QuerySet[Case]:
    """`within` narrowed to the cases matching `text`, best match first.

    Every word must match (subject, reference, customer name or email, timeline text), by
    its German or English stem. An exact reference ("FD-000123", "000123") comes first.
    `public_only` leaves internal notes out of the match: set it for a customer's search.
    The caller slices the result to paginate.
    """
    matches = backends.matching(text or "", within=within, public_only=public_only)
    if matches is None:
        return within.none()
    reference = _reference(text or "")
    exact = (
        Choose(When(reference=reference, then=Value(1)), default=Value(0))
        if reference
        else Value(0)
    )
    return matches.annotate(
        exact_reference=ExpressionWrapper(exact, output_field=IntegerField())
    ).order_by("-exact_reference", "search_rank", "-updated_at", "-id")


def _reference(text: str) -> str | None:
    match = _REFERENCE.match(text.strip())
    return f"{PREFIX}-{int(match.group(1)):06d}" if match else None
