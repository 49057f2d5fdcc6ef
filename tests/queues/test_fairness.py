"""The fairness numbers: segments, the worst-to-best ratio, overtaken counts; and the page."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from fairdesk.queues.fairness import MIN_CASES, Served, overtaken, ratio, segments

T0 = datetime(2026, 3, 2, 8, tzinfo=UTC)


def served(arrive_h, due_h, first_h, *, team=1, language="de", resolved_h=None, finished_h=None):
    at = lambda h: None if h is None else T0 + timedelta(hours=h)  # noqa: E731
    return Served(
        team_id=team,
        segments={"channel": "email", "language": language},
        arrived=at(arrive_h),
        first_due=at(due_h),
        first_response=at(first_h),
        resolved=at(resolved_h),
        finished=at(finished_h),
    )


def test_overtaken_counts_an_answer_while_an_earlier_due_case_waited():
    early = served(0, 4, 6)  # due at 4, answered at 6
    late = served(1, 8, 2)  # due at 8, answered at 2: ahead of `early`
    assert overtaken([early, late]) == 1
    assert overtaken([served(0, 4, 1), served(1, 8, 2)]) == 0
    assert overtaken([early, served(1, 8, 2, team=2)]) == 0  # another team's queue


def test_a_case_closed_without_an_answer_stops_waiting():
    spam = served(0, 4, None, finished_h=1)  # due at 4, closed unanswered at 1
    assert overtaken([spam, served(0.5, 8, 2)]) == 0
    assert overtaken([served(0, 4, None), served(0.5, 8, 2)]) == 1  # still open: overtaken


def test_ratio_of_worst_to_best_segment_ignores_tiny_segments():
    rows = [served(0, 8, 2, language="de") for _ in range(MIN_CASES)]
    rows += [served(0, 8, 3, language="en") for _ in range(MIN_CASES)]
    rows += [served(0, 8, 30, language="tr")]  # one case says nothing
    found = segments(rows)
    by_language = {s.value: s for s in found if s.dimension == "language"}
    assert by_language["de"].first_median == 2 and by_language["en"].first_p90 == 3
    assert ratio(found) == 1.5


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50), st.integers(0, 50)), max_size=40))
def test_queue_order_service_is_never_overtaken(raw):
    """Served strictly in due order, one at a time, nothing is ever overtaken."""
    rows, clock_h = [], 100
    for n, (arrive, due, _x) in enumerate(sorted(raw, key=lambda r: (r[1], r[0]))):
        clock_h += 1
        rows.append(served(arrive, due + n / 1000, clock_h))
    assert overtaken(rows) == 0


def _overtaken_by_definition(rows) -> int:
    """Each answer checked against every case: was one of its team with an earlier due date
    there (arrived at or before the answer) and not yet answered?"""
    return sum(
        any(
            other is not row
            and other.team_id == row.team_id
            and other.first_due < row.first_due
            and other.arrived <= row.first_response
            and (other.first_response is None or other.first_response > row.first_response)
            and (other.finished is None or other.finished > row.first_response)
            for other in rows
        )
        for row in rows
        if row.first_response is not None
    )


@given(
    st.lists(
        st.tuples(
            st.integers(0, 30),
            st.integers(0, 40),
            st.one_of(st.none(), st.integers(0, 40)),
            st.integers(1, 2),
            st.one_of(st.none(), st.integers(0, 40)),
        ),
        max_size=30,
    )
)
def test_the_sweep_counts_what_the_definition_counts(raw):
    # Distinct answer times (a thousandth of an hour apart): at the same instant the order
    # of two answers is arbitrary.
    rows = [
        Served(
            team_id=team,
            segments={},
            arrived=T0 + timedelta(hours=arrive),
            first_due=T0 + timedelta(hours=due, seconds=n),
            first_response=None
            if answer is None
            else T0 + timedelta(hours=arrive + answer, seconds=n * 3.6),
            resolved=None,
            finished=None if done is None else T0 + timedelta(hours=arrive + done, seconds=n),
        )
        for n, (arrive, due, answer, team, done) in enumerate(raw)
    ]
    assert overtaken(rows) == _overtaken_by_definition(rows)
