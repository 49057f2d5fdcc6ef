"""Compensation rules as data: the TKG §58 preset worked by hand, day counting, own rules."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairdesk.promises.compensation import (
    TKG_58,
    Line,
    Rule,
    compute,
    outage_days,
    rules_from_data,
)
from tests.properties import examples

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_REPORT = datetime(2027, 5, 3, 10, tzinfo=BERLIN)  # Monday 3 May 2027, 10:00


def berlin(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


def outage(until: datetime, fee_cents: int = 4000, reported_at: datetime = MONDAY_REPORT) -> int:
    return compute(
        TKG_58,
        kind="resolution",
        reported_at=reported_at,
        until=until,
        monthly_fee_cents=fee_cents,
    ).total_cents


def test_five_week_outage_with_a_40_euro_fee() -> None:
    # Reported Mon 3 May 10:00, removed Mon 7 Jun 10:00 (5 weeks = 35 days later).
    # Day 0 = Mon 3 May (report day, not counted), day 1 = Tue 4, day 2 = Wed 5 (the provider's
    # two calendar days), day 3 = Thu 6 May ... day 35 = Mon 7 Jun (reached at midnight).
    # Days 3-4: max(5.00, 10% of 40 = 4.00) = 5.00 each -> 2 x 500 = 1000 cents.
    # Days 5-35: 31 days x max(10.00, 20% of 40 = 8.00) = 31 x 1000 = 31000 cents.
    result = compute(
        TKG_58,
        kind="resolution",
        reported_at=MONDAY_REPORT,
        until=MONDAY_REPORT + timedelta(weeks=5),
        monthly_fee_cents=4000,
    )
    assert result.total_cents == 1000 + 31000
    assert len(result.lines) == 2 + 31
    assert result.lines[0] == Line(3, date(2027, 5, 6), 500, "TKG §58(3) days 3-4")
    assert result.lines[1] == Line(4, date(2027, 5, 7), 500, "TKG §58(3) days 3-4")
    assert result.lines[2] == Line(5, date(2027, 5, 8), 1000, "TKG §58(3) from day 5")
    assert result.lines[-1] == Line(35, date(2027, 6, 7), 1000, "TKG §58(3) from day 5")


def test_five_week_outage_with_an_80_euro_fee_pays_the_percentage() -> None:
    # Days 3-4: max(5.00, 10% of 80 = 8.00) = 800 each; days 5-35: max(10.00, 16.00) = 1600.
    # 2 x 800 + 31 x 1600 = 1600 + 49600 = 51200 cents.
    assert outage(MONDAY_REPORT + timedelta(weeks=5), fee_cents=8000) == 51200


@pytest.mark.parametrize(
    ("until", "cents", "why"),
    [
        (berlin(2027, 5, 3, 18), 0, "removed on the report day"),
        (berlin(2027, 5, 5, 23, 59), 0, "removed within the two calendar days (Tue, Wed)"),
        (berlin(2027, 5, 6, 0, 0), 0, "removed exactly at the end of Wednesday"),
        (berlin(2027, 5, 6, 0, 1), 500, "still out on Thursday, day 3"),
        (berlin(2027, 5, 7, 9), 500 + 500, "days 3 and 4"),
        (berlin(2027, 5, 8, 9), 500 + 500 + 1000, "day 5 pays the higher rate"),
        (berlin(2027, 5, 10, 9), 500 + 500 + 3 * 1000, "days 5, 6, 7"),
    ],
)
def test_day_counting_for_a_monday_report(until: datetime, cents: int, why: str) -> None:
    assert outage(until) == cents, why


def test_late_evening_report_does_not_count_its_own_day() -> None:
    # Reported Mon 23:30; Tuesday is still day 1, so Thursday 00:00 starts day 3.
    late = berlin(2027, 5, 3, 23, 30)
    assert outage(berlin(2027, 5, 5, 23, 59), reported_at=late) == 0
    assert outage(berlin(2027, 5, 6, 12), reported_at=late) == 500


def test_days_follow_the_calendar_zone_not_utc() -> None:
    # 22:30 UTC on Mon 3 May is 00:30 on Tue 4 May in Berlin: the report day is Tuesday.
    reported = datetime(2027, 5, 3, 22, 30, tzinfo=UTC)
    assert outage_days(reported, berlin(2027, 5, 6, 12)) == 2
    assert outage_days(reported, berlin(2027, 5, 6, 12), tz="UTC") == 3


def test_calendar_days_across_the_dst_switch() -> None:
    # Reported Sat 27 Mar 2027 12:00; the 23-hour Sunday is still one calendar day:
    # day 1 Sun 28, day 2 Mon 29, day 3 Tue 30 Mar.
    reported = berlin(2027, 3, 27, 12)
    assert outage_days(reported, berlin(2027, 3, 30, 0, 30)) == 3
    assert outage(berlin(2027, 3, 30, 0, 30), reported_at=reported) == 500


@pytest.mark.parametrize(
    ("fee_cents", "cents"),
    [
        (4000, 1000),  # max(10.00, 20% of 40 = 8.00) = 10.00
        (6000, 1200),  # max(10.00, 20% of 60 = 12.00) = 12.00
        (0, 1000),  # no fee: the fixed amount
    ],
)
def test_missed_appointment_pays_once(fee_cents: int, cents: int) -> None:
    appointment = berlin(2027, 5, 4, 9)
    result = compute(
        TKG_58,
        kind="appointment",
        reported_at=appointment,
        until=appointment,
        monthly_fee_cents=fee_cents,
    )
    assert result.lines == (Line(0, date(2027, 5, 4), cents, "TKG §58(4) missed appointment"),)
    assert result.total_cents == cents


@pytest.mark.parametrize(
    ("fee_cents", "percent", "cents"),
    [
        (7777, "10", 778),  # 777.7 rounds up
        (7772, "20", 1554),  # 1554.4 rounds down
        (5005, "10", 501),  # 500.5 rounds half up
        (3, "50", 2),  # 1.5 rounds half up
    ],
)
def test_percentage_rounds_half_up_to_a_cent(fee_cents: int, percent: str, cents: int) -> None:
    rule = Rule("r", "resolution", "once", percent_of_fee=Decimal(percent))
    assert rule.amount_cents(fee_cents) == cents


def test_company_goodwill_rows_add_to_the_law() -> None:
    goodwill = rules_from_data(
        [
            {
                "name": "Goodwill: sorry voucher",
                "kind": "resolution",
                "basis": "once",
                "from_day": 1,
                "fixed_cents": 200,
            },
            {
                "name": "Goodwill: days 1-2",
                "kind": "resolution",
                "basis": "per_day",
                "from_day": 1,
                "to_day": 2,
                "percent_of_fee": "5",
            },
        ]
    )
    # Out until Fri 7 May 09:00 (day 4): voucher 200 on day 1; days 1-2 at 5% of 40 = 200 each;
    # law days 3-4 at 500 each. 200 + 2 x 200 + 2 x 500 = 1600.
    result = compute(
        TKG_58 + goodwill,
        kind="resolution",
        reported_at=MONDAY_REPORT,
        until=berlin(2027, 5, 7, 9),
        monthly_fee_cents=4000,
    )
    assert [(line.day, line.amount_cents) for line in result.lines] == [
        (1, 200),
        (1, 200),
        (2, 200),
        (3, 500),
        (4, 500),
    ]
    assert result.total_cents == 1600


def test_rules_of_other_kinds_do_not_pay() -> None:
    result = compute(
        TKG_58,
        kind="first_response",
        reported_at=MONDAY_REPORT,
        until=MONDAY_REPORT + timedelta(days=30),
        monthly_fee_cents=4000,
    )
    assert result.lines == ()
    assert result.total_cents == 0


@pytest.mark.parametrize(
    "row",
    [
        {"name": "x", "kind": "resolution", "basis": "weekly"},
        {"name": "x", "kind": "resolution", "basis": "per_day", "from_day": 5, "to_day": 3},
        {"name": "x", "kind": "resolution", "basis": "per_day", "from_day": -1},
        {"name": "x", "kind": "resolution", "basis": "once", "fixed_cents": -5},
    ],
)
def test_bad_rule_rows_are_refused(row: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Rule.from_dict(row)


def test_impossible_inputs_are_refused() -> None:
    with pytest.raises(ValueError):
        outage(MONDAY_REPORT - timedelta(hours=1))  # removed before it was reported
    with pytest.raises(ValueError):
        outage_days(datetime(2027, 5, 3, 10), MONDAY_REPORT)  # naive
    with pytest.raises(ValueError):
        outage(MONDAY_REPORT + timedelta(days=9), fee_cents=-1)


@settings(max_examples=examples(100), deadline=None)
@given(
    st.integers(min_value=0, max_value=60 * 24 * 60),
    st.integers(min_value=0, max_value=60 * 24 * 60),
    st.integers(min_value=0, max_value=20_000),
)
def test_paying_longer_never_pays_less(minutes_a: int, minutes_b: int, fee_cents: int) -> None:
    shorter, longer = sorted((minutes_a, minutes_b))
    short = outage(MONDAY_REPORT + timedelta(minutes=shorter), fee_cents=fee_cents)
    long = outage(MONDAY_REPORT + timedelta(minutes=longer), fee_cents=fee_cents)
    assert 0 <= short <= long
    assert long <= outage(MONDAY_REPORT + timedelta(minutes=longer), fee_cents=fee_cents + 100)
