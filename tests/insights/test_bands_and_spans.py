"""The time bands the summary tables count in, percentiles read back from the counts, and
the day/week/month spans that cover a report's period."""

from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fairdesk.insights import bands, spans, stats
from fairdesk.insights.spans import Span

HOUR = 3600


@pytest.mark.parametrize(
    ("seconds", "low", "high"),
    [
        (0, 0, 60),
        (59.9, 0, 60),
        (60, 60, 120),
        (2 * HOUR - 1, 2 * HOUR - 60, 2 * HOUR),
        (2 * HOUR, 2 * HOUR, 2 * HOUR + 300),
        (8 * HOUR + 1, 8 * HOUR, 8 * HOUR + 900),
        (25 * HOUR, 25 * HOUR, 26 * HOUR),
        (80 * HOUR, 80 * HOUR, 82 * HOUR),
        (300 * HOUR, 300 * HOUR, 312 * HOUR),
        (1500 * HOUR, 1488 * HOUR, 1512 * HOUR),
        (-5, 0, 60),
    ],
)
def test_a_time_falls_into_the_band_the_docs_describe(seconds, low, high):
    assert bands.edges(bands.band(seconds)) == (low, high)


@given(st.floats(0, 400 * 86_400))
def test_bands_are_exact_to_the_minute_below_two_hours_then_within_five_percent(seconds):
    low, high = bands.edges(bands.band(seconds))
    assert low <= seconds < high
    assert low % 60 == 0 and high % 60 == 0
    if seconds < 2 * HOUR:
        assert high - low == 60
    else:
        assert high - low <= 0.05 * low


def test_bands_follow_each_other_without_gaps():
    previous = 0
    for number in range(600):
        low, high = bands.edges(number)
        assert low == previous and high > low
        previous = high


@given(
    st.lists(st.floats(0, 90 * 86_400), min_size=1, max_size=300),
    st.sampled_from([0.0, 0.1, 0.5, 0.9, 1.0]),
)
def test_a_percentile_from_band_counts_is_within_one_band_of_the_exact_one(values, share):
    counts = Counter(bands.band(value) for value in values)
    read = bands.percentile(counts, share)
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    below, above = ordered[int(position)], ordered[min(int(position) + 1, len(ordered) - 1)]
    lowest = bands.edges(bands.band(below))[0]
    highest = bands.edges(bands.band(above))[1]
    assert lowest <= read <= highest
    assert lowest <= stats.percentile(values, share) <= highest


def test_percentile_of_band_counts_by_hand():
    assert bands.percentile({}, 0.5) is None
    # Two values in the first minute: placed at 15 s and 45 s, the median between them.
    assert bands.percentile({0: 2}, 0.5) == pytest.approx(30)
    assert bands.percentile({0: 1, 10: 1, 20: 1}, 0.5) == pytest.approx(630)
    assert bands.percentile({0: 0, 5: 1}, 0.9) == pytest.approx(330)


def test_spans_of_a_day():
    assert spans.spans_of(date(2026, 11, 26)) == (
        (Span.DAY, date(2026, 11, 26)),
        (Span.WEEK, date(2026, 11, 23)),
        (Span.MONTH, date(2026, 11, 1)),
    )


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 11, 3), date(2026, 11, 3), [(Span.DAY, date(2026, 11, 3))]),
        (
            date(2026, 11, 8),
            date(2026, 11, 16),
            [
                (Span.DAY, date(2026, 11, 8)),
                (Span.WEEK, date(2026, 11, 9)),
                (Span.DAY, date(2026, 11, 16)),
            ],
        ),
        (
            date(2026, 10, 31),
            date(2026, 12, 1),
            [
                (Span.DAY, date(2026, 10, 31)),
                (Span.MONTH, date(2026, 11, 1)),
                (Span.DAY, date(2026, 12, 1)),
            ],
        ),
        (date(2026, 2, 1), date(2026, 2, 28), [(Span.MONTH, date(2026, 2, 1))]),
    ],
)
def test_a_period_is_covered_by_months_then_weeks_then_days(start, end, expected):
    assert spans.cover(start, end) == expected


def test_a_year_is_covered_by_about_thirty_spans():
    assert len(spans.cover(date(2025, 11, 30), date(2026, 11, 30))) <= 30
    assert len(spans.cover(date(2026, 6, 3), date(2026, 11, 30))) <= 25


@given(st.dates(date(2020, 1, 1), date(2030, 1, 1)), st.integers(-3, 1200))
def test_the_spans_hold_each_day_of_the_period_exactly_once(start, length):
    end = start + timedelta(days=length)
    days = Counter()
    for span, first in spans.cover(start, end):
        assert (span, first) in {(s, f) for s, f in spans.spans_of(first)}  # a span's own start
        for n in range(spans.days_in(span, first)):
            days[first + timedelta(days=n)] += 1
    expected = {start + timedelta(days=n): 1 for n in range(length + 1)}
    assert days == Counter(expected)
