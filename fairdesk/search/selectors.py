"""Full-text search over cases: the one function the desk, the portal and the API call."""

from dataclasses import dataclass

from django.db.models import Case as Choose
from django.db.models import IntegerField, QuerySet, Value, When

from fairdesk.cases.models import Case
from fairdesk.lib.references import format_reference
from fairdesk.search import backends
from fairdesk.search import text as search_text


def search_cases(text: str, *, within: QuerySet[Case], public_only: bool = False) -> QuerySet[Case]:
    """`within` narrowed to the cases matching `text`, best match first.

    Every word must match (subject, reference, customer name or email, timeline text), by
    its German or English stem. An exact reference ("FD-000123", "000123") comes first.
    `public_only` leaves internal notes out of the match: set it for a customer's search.
    The caller slices the result to paginate. A word found in more than
    `backends.RANKED` of these cases gives the best of the newest RANKED (see backends).
    """
    matches = backends.matching(text or "", within=within, public_only=public_only)
    if matches is None:
        return within.none()
    return _best_first(matches, text)


def search_with_total(
    text: str, *, within: QuerySet[Case], public_only: bool = False
) -> tuple[QuerySet[Case], "Total"]:
    """`search_cases` and `count_matches` together: on PostgreSQL the newest matches, which
    both need, are then looked up once."""
    found = backends.matching_counted(
        text or "", within=within, public_only=public_only, limit=COUNTED
    )
    if found is None:
        return within.none(), Total(0, True)
    matches, counted = found
    return _best_first(matches, text), _total(counted)


def _best_first(matches: QuerySet[Case], text: str) -> QuerySet[Case]:
    number = search_text.reference_number(text or "")
    if number is None:
        return matches.order_by("search_rank", "-updated_at", "-id")
    exact = When(reference=format_reference(number), then=Value(1))
    return matches.annotate(
        exact_reference=Choose(exact, default=Value(0), output_field=IntegerField())
    ).order_by("-exact_reference", "search_rank", "-updated_at", "-id")


# Matches are counted exactly up to this many; above it a total says "more than" this. As
# many as are ranked: counting further reads every match's row (at a million cases, a
# word in a tenth of them took longer to count to 10,000 than the whole search).
COUNTED = backends.RANKED


@dataclass(frozen=True)
class Total:
    """How many cases match a search: exact, or more than `count` (`exact` False)."""

    count: int
    exact: bool


def count_matches(text: str, *, within: QuerySet[Case], public_only: bool = False) -> Total:
    """The number of cases `search_cases` matches, whatever part of them it ranks: exact up
    to COUNTED, else `Total(COUNTED, exact=False)` ("more than 1,000")."""
    found = backends.count(text or "", within=within, public_only=public_only, limit=COUNTED)
    return _total(found or 0)


def _total(found: int) -> Total:
    return Total(COUNTED, False) if found > COUNTED else Total(found, True)
