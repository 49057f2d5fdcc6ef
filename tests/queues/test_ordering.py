"""The queue order: a total order, earliest due first, never starving the oldest case."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from fairdesk.queues.ordering import Waiting, in_queue_order, overtaken, queue_key

T0 = datetime(2026, 3, 2, 8, tzinfo=UTC)
minutes = st.integers(min_value=0, max_value=60 * 24 * 30)


@st.composite
def waiting(draw):
    created = T0 + timedelta(minutes=draw(minutes))
    due = draw(st.none() | minutes.map(lambda m: created + timedelta(minutes=m - 600)))
    return Waiting(case_id=draw(st.integers(1, 10**6)), created_at=created, due_at=due)


unique_cases = st.lists(waiting(), max_size=40, unique_by=lambda w: w.case_id)


def test_table():
    broken = Waiting(3, T0, T0 - timedelta(hours=1))
    soon = Waiting(2, T0 + timedelta(hours=1), T0 + timedelta(hours=2))
    old_unpromised = Waiting(1, T0 - timedelta(days=400), None)
    new_unpromised = Waiting(4, T0, None)
    assert in_queue_order([new_unpromised, soon, old_unpromised, broken]) == [
        broken,
        soon,
        old_unpromised,
        new_unpromised,
    ]


@given(unique_cases)
def test_total_order_no_ties_and_nothing_dropped(cases):
    keys = [queue_key(c) for c in cases]
    assert len(set(keys)) == len(keys)
    ordered = in_queue_order(cases)
    assert sorted(c.case_id for c in ordered) == sorted(c.case_id for c in cases)
    assert in_queue_order(list(reversed(cases))) == ordered


@given(unique_cases)
def test_due_promises_first_earliest_first(cases):
    dues = [c.due_at for c in in_queue_order(cases) if c.due_at is not None]
    assert dues == sorted(dues)
    flags = [c.due_at is None for c in in_queue_order(cases)]
    assert flags == sorted(flags)


@given(unique_cases, st.lists(st.tuples(minutes, minutes), max_size=40))
def test_later_arrivals_never_overtake_the_oldest_promised_case(first, arrivals):
    """However many cases arrive after the oldest promised case is due (each promised no
    sooner than it arrives), none goes ahead of it: it is served."""
    promised = [c for c in first if c.due_at is not None]
    if not promised:
        return
    oldest = min(promised, key=lambda c: (c.created_at, c.case_id))
    newcomers = [
        Waiting(
            case_id=10**7 + n,
            created_at=oldest.due_at + timedelta(minutes=arrive + 1),
            due_at=oldest.due_at + timedelta(minutes=arrive + 1 + wait),
        )
        for n, (arrive, wait) in enumerate(arrivals)
    ]
    before = in_queue_order(first).index(oldest)
    assert in_queue_order(first + newcomers).index(oldest) == before


@given(unique_cases, waiting())
def test_a_case_is_only_overtaken_by_one_due_sooner(cases, newcomer):
    """Adding a case moves another back only when the newcomer is due before it (or, for a
    case without a dated promise, when the newcomer has one): never for being old."""
    if any(c.case_id == newcomer.case_id for c in cases):
        return
    for case in cases:
        if in_queue_order(cases + [newcomer]).index(case) > in_queue_order(cases).index(case):
            assert queue_key(newcomer) < queue_key(case)
            assert newcomer.due_at is not None or case.due_at is None


def test_overtaken_counts_older_due_promises():
    a = Waiting(1, T0, T0 + timedelta(hours=1))
    b = Waiting(2, T0, T0 + timedelta(hours=3))
    c = Waiting(3, T0, None)
    assert overtaken(b, [a, c]) == 1
    assert overtaken(a, [b, c]) == 0
