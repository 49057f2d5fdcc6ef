"""The law's dates and amounts as tables: effective date, refund deadline, device charge."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fairdesk.processes import rules
from fairdesk.processes.numbers import BadNumber, format_return_number, parse_return_number
from fairdesk.processes.rules import CancellationKind as K
from fairdesk.processes.rules import Outcome as O
from fairdesk.processes.rules import Terms, Unit

D = date
TWO_YEARS = Terms(starts_on=D(2025, 3, 1), minimum_term_months=24)


@pytest.mark.parametrize(
    ("terms", "received", "kind", "wanted", "ends", "outcome"),
    [
        # Within the minimum term: it ends with the term (one month's notice fits).
        (TWO_YEARS, D(2026, 5, 10), K.ORDINARY, None, D(2027, 2, 28), O.EARLIEST),
        # Received less than a month before the term ends: the notice runs past it.
        (TWO_YEARS, D(2027, 2, 10), K.ORDINARY, None, D(2027, 3, 10), O.EARLIEST),
        # After the minimum term: one month's notice, day for day.
        (TWO_YEARS, D(2027, 6, 15), K.ORDINARY, None, D(2027, 7, 15), O.EARLIEST),
        # Month ends: 31 January plus one month is the last day of February.
        (TWO_YEARS, D(2029, 1, 31), K.ORDINARY, None, D(2029, 2, 28), O.EARLIEST),
        # ... and in a leap year the 29th.
        (TWO_YEARS, D(2028, 1, 31), K.ORDINARY, None, D(2028, 2, 29), O.EARLIEST),
        # A term starting on a leap day ends the day before its anniversary's February end.
        (Terms(D(2024, 2, 29), 12), D(2024, 3, 1), K.ORDINARY, None, D(2025, 2, 28), O.EARLIEST),
        # A wanted date after the earliest is kept.
        (TWO_YEARS, D(2027, 6, 15), K.ORDINARY, D(2027, 9, 30), D(2027, 9, 30), O.AS_WANTED),
        # A wanted date before the earliest gives the earliest.
        (TWO_YEARS, D(2026, 5, 10), K.ORDINARY, D(2026, 6, 1), D(2027, 2, 28), O.TOO_EARLY),
        # Contracts that end only at a month's end.
        (
            Terms(D(2025, 3, 1), 0, at_month_end=True),
            D(2027, 6, 15),
            K.ORDINARY,
            None,
            D(2027, 7, 31),
            O.EARLIEST,
        ),
        # Notice in weeks and days.
        (
            Terms(D(2025, 1, 1), 0, 4, Unit.WEEKS),
            D(2027, 6, 15),
            K.ORDINARY,
            None,
            D(2027, 7, 13),
            O.EARLIEST,
        ),
        (
            Terms(D(2025, 1, 1), 0, 30, Unit.DAYS),
            D(2027, 6, 15),
            K.ORDINARY,
            None,
            D(2027, 7, 15),
            O.EARLIEST,
        ),
        # For cause: at once, or on the later day asked for; the minimum term does not count.
        (TWO_YEARS, D(2026, 5, 10), K.EXTRAORDINARY, None, D(2026, 5, 10), O.EARLIEST),
        (TWO_YEARS, D(2026, 5, 10), K.EXTRAORDINARY, D(2026, 5, 31), D(2026, 5, 31), O.AS_WANTED),
        (TWO_YEARS, D(2025, 3, 5), K.WITHDRAWAL, None, D(2025, 3, 5), O.EARLIEST),
    ],
)
def test_effective_date(terms, received, kind, wanted, ends, outcome):
    result = rules.effective_date(terms, received_on=received, kind=kind, wanted=wanted)
    assert (result.ends_on, result.outcome) == (ends, outcome)


def test_a_wanted_date_before_receipt_is_refused():
    with pytest.raises(ValueError):
        rules.effective_date(
            TWO_YEARS, received_on=D(2026, 5, 10), kind=K.ORDINARY, wanted=D(2026, 5, 9)
        )


@pytest.mark.parametrize(
    ("start", "months", "last_day"),
    [
        (D(2025, 3, 1), 24, D(2027, 2, 28)),
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2025, 1, 15), 12, D(2026, 1, 14)),
        (D(2025, 1, 15), 0, D(2025, 1, 14)),
    ],
)
def test_minimum_term_end(start, months, last_day):
    assert rules.minimum_term_end(start, months) == last_day


@pytest.mark.parametrize(
    ("declared", "received", "deadline"),
    [
        (None, D(2027, 3, 1), D(2027, 3, 15)),
        (None, D(2027, 12, 25), D(2028, 1, 8)),
        (None, D(2028, 2, 20), D(2028, 3, 5)),  # leap year
        # After a withdrawal: 14 days from the declaration, or the day the goods arrive.
        (D(2027, 3, 1), D(2027, 3, 5), D(2027, 3, 15)),
        (D(2027, 3, 1), D(2027, 3, 20), D(2027, 3, 20)),
    ],
)
def test_refund_deadline(declared, received, deadline):
    assert rules.refund_deadline(goods_received_on=received, declared_on=declared) == deadline


@pytest.mark.parametrize(
    ("requested", "value", "charged", "in_transit", "allowed"),
    [
        (20000, 8000, 0, False, 8000),  # never more than its current value
        (5000, 8000, 0, False, 5000),
        (5000, 8000, 6000, False, 2000),  # what was charged before counts
        (5000, 8000, 9000, False, 0),
        (5000, 8000, 0, True, 0),  # never while it travels back
        (-100, 8000, 0, False, 0),
    ],
)
def test_device_charge_cap(requested, value, charged, in_transit, allowed):
    assert (
        rules.device_charge(
            requested_cents=requested,
            current_value_cents=value,
            charged_cents=charged,
            in_transit=in_transit,
        )
        == allowed
    )


@pytest.mark.parametrize(
    ("start", "deadline"),
    [
        (D(2027, 3, 1), D(2027, 3, 15)),  # a Monday: 14 days later is a Monday
        (D(2027, 3, 6), D(2027, 3, 22)),  # would be Saturday the 20th: Monday
    ],
)
def test_withdrawal_deadline(start, deadline):
    assert rules.withdrawal_deadline(start) == deadline


@given(
    st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 1, 1)),
    st.integers(0, 60),
    st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 1, 1)),
)
def test_ordinary_end_never_before_receipt_or_term(start, months, received):
    terms = Terms(starts_on=start, minimum_term_months=months)
    ends = rules.effective_date(terms, received_on=received, kind=K.ORDINARY).ends_on
    assert ends >= received
    assert ends >= rules.minimum_term_end(start, months)


@given(st.integers(0, 9_999_999), st.integers(0, 11), st.integers(0, 9))
def test_one_mistyped_digit_is_caught(sequence, position, digit):
    number = format_return_number(sequence)
    assert parse_return_number(number.lower()) == number
    typed = number[:position] + str(digit) + number[position + 1 :]
    if typed != number and number[position].isdigit():
        with pytest.raises(BadNumber):
            parse_return_number(typed)
