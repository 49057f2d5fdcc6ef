"""The value counts behind the response-times and contacts reports: how many cases opened in
a day, week and month (in TIME_ZONE), per team, category and channel, merged cases left out,
had each first-response and resolution time (in bands, `insights.bands`), each number of
contacts and each number of handoffs.

Each case's figures row contributes one count per measure to its opening day, week and
month, each four times: for its category and channel, for its category and every channel,
for every category and its channel, and for every category and channel (so a report reads
only the rows of its own filters, however many categories and channels there are). When the
reaction refreshes a row, the counts move by the difference between the row before and after
(an upsert that adds, so concurrent services never lose a count); the backfill and the
migration count them afresh from the rows. A report sums the counts of the spans that cover
its period (`insights.spans.cover`) and reads its percentiles from them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from django.db.models import Model, Q, Sum

from fairdesk.insights import bands, daycounts, spans, upserts

# The figures row's columns a contribution depends on, in this order.
ROW_FIELDS = (
    "created_at",
    "team_id",
    "category_id",
    "channel",
    "merged",
    "first_response_seconds",
    "resolution_seconds",
    "contacts",
    "handoffs",
)
KEYS = ("span", "day", "measure", "team_id", "category_key", "channel", "value")
# span, first day, measure, team id, category key (0: none), channel, value
Key = tuple[str, date, str, int, int, str, int]


def contribution(row: tuple) -> Counter:
    """What one figures row (ROW_FIELDS) adds: {key: 1} for each measure and span."""
    created, team_id, category_id, channel, merged, first, resolved, contacts, handoffs = row
    if merged:
        return Counter()
    values = [("contacts", contacts), ("handoffs", handoffs)]
    if first is not None:
        values.append(("first_response", bands.band(first)))
    if resolved is not None:
        values.append(("resolution", bands.band(resolved)))
    opened = created.astimezone(daycounts.zone()).date()
    return Counter(_keys(opened, team_id, category_id or 0, channel, tuple(values)))


@lru_cache(maxsize=4096)
def _keys(opened: date, team_id: int, category_key: int, channel: str, values: tuple) -> tuple:
    """The keys a case adds one to: the same for every case of a day, team, category,
    channel and values, so they are made once (the reaction runs this for each new case)."""
    return tuple(
        (span.value, first_day, measure, team_id, level, channel_key, value)
        for span, first_day in spans.spans_of(opened)
        for level, channel_key in _levels(category_key, channel)
        for measure, value in values
    )


def _levels(category_key: int, channel: str) -> tuple[tuple[int, str], ...]:
    """A case counts for its category and channel, and again for every category
    (EVERY_CATEGORY) and every channel (EVERY_CHANNEL): a report with fewer filters sums
    rows that already add up the rest, instead of a row per category and channel."""
    return (
        (category_key, channel),
        (category_key, EVERY_CHANNEL),
        (EVERY_CATEGORY, channel),
        (EVERY_CATEGORY, EVERY_CHANNEL),
    )


EVERY_CATEGORY = -1
EVERY_CHANNEL = ""


def lookups(*, team_id: int | None, category_id: int | None, channel: str) -> Q:
    """The rows that count exactly the cases of these filters (one level of each case's
    four: its own category or every one, its own channel or every one)."""
    found = Q(category_key=category_id or EVERY_CATEGORY, channel=channel or EVERY_CHANNEL)
    return found & Q(team_id=team_id) if team_id else found


def move(*, before: Iterable[tuple], after: Iterable[tuple]) -> None:
    """Move the counts from the rows as they were to the rows as they are now."""
    from fairdesk.insights.models import ValueCount

    change: Counter = Counter()
    for row in after:
        change.update(contribution(row))
    for row in before:
        change.subtract(contribution(row))
    changes = sorted(
        ((span, day.isoformat(), *rest), [n]) for (span, day, *rest), n in change.items() if n
    )
    upserts.add(ValueCount, KEYS, ("cases",), changes)


def rebuild(figures_model: type[Model], counts_model: type[Model], *, chunk: int = 20_000) -> int:
    """Count again from every figures row (the models are passed in so the migration can
    use its historical ones); returns how many value counts were written."""
    counts: Counter = Counter()
    rows = figures_model.objects.filter(merged=False).order_by()  # type: ignore[attr-defined]
    for row in rows.values_list(*ROW_FIELDS).iterator(chunk_size=chunk):
        counts.update(contribution(row))
    counts_model.objects.all().delete()  # type: ignore[attr-defined]
    counts_model.objects.bulk_create(  # type: ignore[attr-defined]
        (
            counts_model(
                span=span,
                day=day,
                measure=measure,
                team_id=team_id,
                category_key=category_key,
                channel=channel,
                value=value,
                cases=n,
            )
            for (span, day, measure, team_id, category_key, channel, value), n in counts.items()
        ),
        batch_size=5000,
    )
    return len(counts)


def summed(
    measures: tuple[str, ...], start: date, end: date, lookups: Q, *, group: str | None = None
) -> dict[str, dict]:
    """The counts per value of each measure over the cases opened from start to end
    (inclusive, days in TIME_ZONE) matching `lookups` (from `lookups()`):
    {measure: {group value (None without a group): {value: cases}}}."""
    from fairdesk.insights.models import ValueCount

    by_span: dict[str, list[date]] = defaultdict(list)
    for span, first_day in spans.cover(start, end):
        by_span[span.value].append(first_day)
    if not by_span:
        return {measure: {} for measure in measures}
    period = Q()
    for span_value, days in by_span.items():
        period |= Q(span=span_value, day__in=days)
    rows = (
        ValueCount.objects.filter(period, lookups, measure__in=measures)
        .values(*([group] if group else []), "measure", "value")
        .annotate(n=Sum("cases"))
        .order_by()
    )
    result: dict[str, dict] = {measure: defaultdict(Counter) for measure in measures}
    for row in rows:
        if row["n"]:
            result[row["measure"]][row[group] if group else None][row["value"]] += row["n"]
    return result
