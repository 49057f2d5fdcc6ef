"""Compensation for broken promises as rows of data (pure Python, no Django).

A company's policy is a list of `Rule` rows; the German telecom law preset `TKG_58` is just such
a list, and a company adds its own goodwill rows beside it. `compute` turns the rows into
itemised lines: every row whose day range covers a day of the outage pays on that day, so
overlapping rows add up.

How days are counted (the reading of TKG §58(3) "nicht innerhalb von zwei Kalendertagen nach
Eingang der Störungsmeldung beseitigt ... ab dem Folgetag"): a period that starts with an event
during a day does not count that day (BGB §187(1)), so the report day is day 0, the next
calendar day in the calendar's zone is day 1, and so on; days 1 and 2 are the provider's two
calendar days, and day 3 is the "Folgetag" from which compensation is owed. Consumer advice
reads it the same way ("ab dem dritten vollen Ausfalltag, wobei der Tag der Meldung nicht
mitzählt", Verbraucherzentrale Berlin). Example: reported Monday 10:00, still out on Thursday
00:00 -> Thursday is day 3 and pays. A day counts once the outage has reached its first instant
(local midnight): removed Thursday 09:00 still pays Thursday, removed at Wednesday 23:59 pays
nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal
from zoneinfo import ZoneInfo

Basis = Literal["per_day", "once"]


@dataclass(frozen=True)
class Rule:
    """One row of a compensation policy.

    Pays on each outage day from `from_day` to `to_day` inclusive (no end when None) for
    basis "per_day", or once on `from_day` if the outage reaches it for basis "once". The
    amount is the higher of `fixed_cents` and `percent_of_fee` % of the monthly fee.
    """

    name: str
    kind: str
    basis: Basis
    from_day: int = 0
    to_day: int | None = None
    fixed_cents: int = 0
    percent_of_fee: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        if self.basis not in ("per_day", "once"):
            raise ValueError(f"rule {self.name!r}: basis must be 'per_day' or 'once'")
        if self.from_day < 0 or (self.to_day is not None and self.to_day < self.from_day):
            raise ValueError(f"rule {self.name!r}: day range {self.from_day}-{self.to_day}")
        if self.fixed_cents < 0 or Decimal(self.percent_of_fee) < 0:
            raise ValueError(f"rule {self.name!r}: amounts must not be negative")
        object.__setattr__(self, "percent_of_fee", Decimal(self.percent_of_fee))

    @classmethod
    def from_dict(cls, row: Mapping[str, Any]) -> Rule:
        """Build from plain values, e.g. a JSON row; the percentage may be a string "10"."""
        to_day = row.get("to_day")
        return cls(
            name=str(row["name"]),
            kind=str(row["kind"]),
            basis=row["basis"],
            from_day=int(row.get("from_day", 0)),
            to_day=None if to_day is None else int(to_day),
            fixed_cents=int(row.get("fixed_cents", 0)),
            percent_of_fee=Decimal(str(row.get("percent_of_fee", 0))),
        )

    def amount_cents(self, monthly_fee_cents: int) -> int:
        """Whichever is higher: the fixed amount or the percentage (rounded half up to a cent)."""
        share = (Decimal(monthly_fee_cents) * self.percent_of_fee / 100).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        )
        return max(self.fixed_cents, int(share))


@dataclass(frozen=True)
class Line:
    """What one rule pays for one day (day 0 is the report day, see the module docstring)."""

    day: int
    date: date
    amount_cents: int
    rule: str


@dataclass(frozen=True)
class Compensation:
    lines: tuple[Line, ...]

    @property
    def total_cents(self) -> int:
        return sum(line.amount_cents for line in self.lines)


def rules_from_data(rows: Iterable[Mapping[str, Any]]) -> tuple[Rule, ...]:
    return tuple(Rule.from_dict(row) for row in rows)


def outage_days(reported_at: datetime, until: datetime, tz: str = "Europe/Berlin") -> int:
    """The last day number the outage reached: 0 on the report day, 3 once Folgetag began."""
    if reported_at.tzinfo is None or until.tzinfo is None:
        raise ValueError("compensation needs aware datetimes")
    if until < reported_at:
        raise ValueError(f"outage ends ({until}) before it was reported ({reported_at})")
    zone = ZoneInfo(tz)
    report_date = reported_at.astimezone(zone).date()
    end_local = until.astimezone(zone)
    last_date = end_local.date()
    # Ending exactly at midnight means the new day was never reached.
    if last_date > report_date and end_local.replace(tzinfo=None) == datetime.combine(
        last_date, time()
    ):
        last_date -= timedelta(days=1)
    return (last_date - report_date).days


def compute(
    rules: Iterable[Rule],
    *,
    kind: str,
    reported_at: datetime,
    until: datetime,
    monthly_fee_cents: int,
    tz: str = "Europe/Berlin",
) -> Compensation:
    """Itemise what `rules` owe for a broken promise of `kind`.

    reported_at: the fault report (or, for a missed appointment, the appointment);
    until: when the promise was finally kept, or now while it is still broken.
    """
    if monthly_fee_cents < 0:
        raise ValueError("monthly fee must not be negative")
    last_day = outage_days(reported_at, until, tz)
    report_date = reported_at.astimezone(ZoneInfo(tz)).date()
    lines: list[Line] = []
    for rule in rules:
        if rule.kind != kind or rule.from_day > last_day:
            continue
        amount = rule.amount_cents(monthly_fee_cents)
        if rule.basis == "once":
            days = range(rule.from_day, rule.from_day + 1)
        else:
            stop = last_day if rule.to_day is None else min(rule.to_day, last_day)
            days = range(rule.from_day, stop + 1)
        for day in days:
            lines.append(Line(day, report_date + timedelta(days=day), amount, rule.name))
    lines.sort(key=lambda line: line.day)  # stable: rows of one day keep the policy's order
    return Compensation(tuple(lines))


# Telekommunikationsgesetz §58(3) and (4), amounts as in force since 1 December 2021.
TKG_58: tuple[Rule, ...] = (
    Rule("TKG §58(3) days 3-4", "resolution", "per_day", 3, 4, 500, Decimal(10)),
    Rule("TKG §58(3) from day 5", "resolution", "per_day", 5, None, 1000, Decimal(20)),
    Rule("TKG §58(4) missed appointment", "appointment", "once", 0, None, 1000, Decimal(20)),
)
