"""Days, weeks and months: the spans the summary tables count per, and how a report's period
is covered by as few of them as possible.

Each value is counted three times, for its day, its week (from Monday) and its month, so a
year's report sums about 30 spans instead of 365 days.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from enum import StrEnum


class Span(StrEnum):
    DAY = "d"
    WEEK = "w"
    MONTH = "m"


ONE_DAY = timedelta(days=1)


def spans_of(day: date) -> tuple[tuple[Span, date], ...]:
    """The spans a day belongs to, each named by its first day."""
    return (
        (Span.DAY, day),
        (Span.WEEK, day - timedelta(days=day.weekday())),
        (Span.MONTH, day.replace(day=1)),
    )


def cover(start: date, end: date) -> list[tuple[Span, date]]:
    """Spans that together hold exactly the days from start to end (inclusive), each day
    once: the whole months inside, then whole weeks, then single days at the edges."""
    if start > end:
        return []
    months = list(_whole_months(start, end))
    if not months:
        return _weeks_and_days(start, end)
    first, last = months[0], _next_month(months[-1]) - ONE_DAY
    return (
        _weeks_and_days(start, first - ONE_DAY)
        + [(Span.MONTH, month) for month in months]
        + _weeks_and_days(last + ONE_DAY, end)
    )


def days_in(span: Span, first: date) -> int:
    if span == Span.DAY:
        return 1
    if span == Span.WEEK:
        return 7
    return (_next_month(first) - first).days


def _whole_months(start: date, end: date) -> Iterator[date]:
    month = start if start.day == 1 else _next_month(start)
    while _next_month(month) - ONE_DAY <= end:
        yield month
        month = _next_month(month)


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _weeks_and_days(start: date, end: date) -> list[tuple[Span, date]]:
    if start > end:
        return []
    monday = start + timedelta(days=(7 - start.weekday()) % 7)
    if monday + timedelta(days=6) > end:
        return _days(start, end)
    spans = _days(start, monday - ONE_DAY)
    while monday + timedelta(days=6) <= end:
        spans.append((Span.WEEK, monday))
        monday += timedelta(days=7)
    return spans + _days(monday, end)


def _days(start: date, end: date) -> list[tuple[Span, date]]:
    return [(Span.DAY, start + timedelta(days=n)) for n in range((end - start).days + 1)]
