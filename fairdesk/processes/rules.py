"""The dates and amounts the law sets for processes (pure Python, no Django).

- `effective_date`: when a cancelled contract ends (BGB §§ 187, 188, 309 Nr. 9, 314).
- `withdrawal_deadline`: the last day a withdrawal may be declared (BGB § 355, § 193).
- `refund_deadline`: by when a refund is owed (BGB § 357).
- `device_charge`: what may be charged for a device that was not returned.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Unit(StrEnum):
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"


class CancellationKind(StrEnum):
    ORDINARY = "ordinary"  # with notice, at the end of the term
    EXTRAORDINARY = "extraordinary"  # for cause (§ 314 BGB): at once
    WITHDRAWAL = "withdrawal"  # § 355 BGB: within the withdrawal period, at once


class Outcome(StrEnum):
    AS_WANTED = "as_wanted"  # the date asked for
    EARLIEST = "earliest"  # no date asked for: the earliest possible
    TOO_EARLY = "too_early"  # the date asked for is before the earliest: the earliest


@dataclass(frozen=True)
class Terms:
    """What a contract says about its end."""

    starts_on: date
    minimum_term_months: int = 0
    notice: int = 1
    notice_unit: Unit = Unit.MONTHS
    # Some contracts only end on the last day of a month.
    at_month_end: bool = False


@dataclass(frozen=True)
class Effective:
    ends_on: date
    outcome: Outcome


def last_day_of_month(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date | None:
    """The same day number `months` later; None when that month is too short for it."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if day.day > calendar.monthrange(year, month + 1)[1]:
        return None
    return day.replace(year=year, month=month + 1)


def _month_end_of(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return last_day_of_month(date(year, month + 1, 1))


def minimum_term_end(starts_on: date, months: int) -> date:
    """The last day of a term that begins on `starts_on` (§ 187(2), § 188(2), (3) BGB): the day
    before the same day number `months` later, or the month's last day when it has none."""
    if months <= 0:
        return starts_on - timedelta(days=1)
    same_day = add_months(starts_on, months)
    if same_day is None:
        return _month_end_of(starts_on, months)
    return same_day - timedelta(days=1)


def notice_end(received_on: date, notice: int, unit: Unit) -> date:
    """The last day of a notice period that starts with a declaration received on
    `received_on` (§ 187(1), § 188(2), (3) BGB: the day of receipt does not count)."""
    if unit == Unit.DAYS:
        return received_on + timedelta(days=notice)
    if unit == Unit.WEEKS:
        return received_on + timedelta(weeks=notice)
    same_day = add_months(received_on, notice)
    return same_day if same_day is not None else _month_end_of(received_on, notice)


def earliest_end(terms: Terms, received_on: date, kind: CancellationKind) -> date:
    """The earliest day the contract can end. An ordinary cancellation ends at the end of
    the minimum term, or later when the notice runs past it: after the minimum term a
    consumer contract runs on indefinitely with the notice period (§ 309 Nr. 9 BGB)."""
    if kind != CancellationKind.ORDINARY:
        return received_on
    earliest = max(
        notice_end(received_on, terms.notice, terms.notice_unit),
        minimum_term_end(terms.starts_on, terms.minimum_term_months),
        received_on,
    )
    return last_day_of_month(earliest) if terms.at_month_end else earliest


def effective_date(
    terms: Terms, *, received_on: date, kind: CancellationKind, wanted: date | None = None
) -> Effective:
    """When the contract ends: the wanted day if the terms allow it, else the earliest.

    A wanted day before the day of receipt is the caller's to refuse (a date in the past).
    """
    if wanted is not None and wanted < received_on:
        raise ValueError("the wanted date lies before the declaration was received")
    earliest = earliest_end(terms, received_on, kind)
    if wanted is None:
        return Effective(earliest, Outcome.EARLIEST)
    if wanted < earliest:
        return Effective(earliest, Outcome.TOO_EARLY)
    if terms.at_month_end and kind == CancellationKind.ORDINARY:
        return Effective(last_day_of_month(wanted), Outcome.AS_WANTED)
    return Effective(wanted, Outcome.AS_WANTED)


WITHDRAWAL_DAYS = 14
REFUND_DAYS = 14


def next_working_day(day: date, holidays: Collection[date] = ()) -> date:
    """`day`, or the next day that is not a Saturday, Sunday or holiday (§ 193 BGB)."""
    while day.weekday() >= 5 or day in holidays:
        day += timedelta(days=1)
    return day


def withdrawal_deadline(starts_on: date, holidays: Collection[date] = ()) -> date:
    """The last day to withdraw: 14 days after the contract was made or the goods arrived,
    moved past a weekend or holiday."""
    return next_working_day(starts_on + timedelta(days=WITHDRAWAL_DAYS), holidays)


def refund_deadline(*, goods_received_on: date, declared_on: date | None = None) -> date:
    """By when a refund is paid. After a withdrawal the law gives 14 days from the
    declaration, but the seller may wait for the goods (§ 357(1), (4) BGB); any other return
    is refunded within 14 days of the parcel's receipt."""
    if declared_on is not None:
        return max(declared_on + timedelta(days=REFUND_DAYS), goods_received_on)
    return goods_received_on + timedelta(days=REFUND_DAYS)


def device_charge(
    *, requested_cents: int, current_value_cents: int, charged_cents: int = 0, in_transit: bool
) -> int:
    """What may be charged for a device not returned: nothing while it travels back to us,
    and never more in all than its current value."""
    if in_transit:
        return 0
    room = max(0, current_value_cents - max(0, charged_cents))
    return max(0, min(requested_cents, room))
