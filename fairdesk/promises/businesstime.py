"""Business-time arithmetic on opening-hours calendars (pure Python, no Django).

A `Calendar` is plain data: a time zone, weekly opening intervals, public holidays from the
`holidays` package and dated exceptions. The four operations work on aware datetimes and return
aware UTC datetimes:

- `add(cal, start, duration)`: the instant when `duration` of open time has elapsed after
  `start`. `add(cal, t, 0) == t` even in closed time, so `add(add(t, a), b) == add(t, a + b)`
  holds for all non-negative a, b. For a positive duration the result lies in open time or
  exactly at the end of an open interval (a promise due "at closing time" stays on that day).
- `between(cal, start, end)`: open time in [start, end); antisymmetric, so it is negative when
  end < start (handy for "overdue by").
- `next_open(cal, instant)`: `instant` itself when open, else the start of the next opening.
- `is_open(cal, instant)`: intervals are half-open, [opening, closing).

Opening hours are wall-clock times in the calendar's zone. An interval lasts as long as real
time passes between its wall-clock ends: 02:00-03:00 is empty on the spring-forward day and two
hours long on the fall-back day in Europe/Berlin. A wall time skipped by a DST gap means the
instant of the jump; an ambiguous wall time means its first occurrence.

Internally every date is turned once into its open spans as UTC epoch microseconds and cached
per calendar, so `add` is a few integer comparisons per day crossed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# A calendar that stays closed this long is treated as never opening again, so no loop is endless.
SEARCH_LIMIT_DAYS = 3 * 366

_US = 1_000_000
_DAY_US = 86_400 * _US
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_MAX_CACHED_DAYS = 100_000  # about 270 years of dates per calendar; then start afresh
_INTERVAL_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")

Span = tuple[int, int]  # [start, end) in UTC epoch microseconds


@dataclass(frozen=True, order=True)
class Interval:
    """Opening hours of one day, in minutes after local midnight of the day they start on.

    `end` may pass midnight: 22:00-06:00 is Interval(1320, 1800) and belongs to its start day
    (a holiday on the next day does not cut it short).
    """

    start: int
    end: int

    def __post_init__(self) -> None:
        if not (0 <= self.start < 1440 and self.start < self.end <= self.start + 1440):
            raise ValueError(f"invalid opening interval {self.start}-{self.end} (minutes)")

    @classmethod
    def parse(cls, text: str) -> Interval:
        """Parse "08:00-18:00", "00:00-24:00" or "22:00-06:00" (ends on the next day)."""
        match = _INTERVAL_RE.match(text)
        if not match:
            raise ValueError(f"opening interval {text!r} is not like '08:00-18:00'")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 23 or m1 > 59 or m2 > 59 or h2 > 24 or (h2 == 24 and m2):
            raise ValueError(f"opening interval {text!r} has an impossible time")
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if end <= start:  # crosses midnight ("00:00-00:00" is the whole day)
            end += 1440
        return cls(start, end)

    def __str__(self) -> str:
        end = self.end if self.end == 1440 else self.end % 1440
        return f"{self.start // 60:02d}:{self.start % 60:02d}-{end // 60:02d}:{end % 60:02d}"


Hours = tuple[Interval, ...]
HoursSpec = str | Iterable[str | Interval]


@dataclass(frozen=True)
class Calendar:
    """Opening hours in a time zone; holidays are closed all day.

    `weekly` has seven entries, Monday first. `exceptions` replace the weekly hours (and any
    holiday) on their date; empty hours close that date.
    """

    tz: str
    weekly: tuple[Hours, ...]
    country: str | None = None
    subdivision: str | None = None
    exceptions: tuple[tuple[date, Hours], ...] = ()
    _state: _State = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Normalise to sorted tuples so equal calendars compare and hash equal.
        weekly = tuple(tuple(sorted(hours)) for hours in self.weekly)
        if len(weekly) != 7:
            raise ValueError("weekly hours need 7 entries, Monday first")
        exceptions = tuple(sorted((day, tuple(sorted(hours))) for day, hours in self.exceptions))
        object.__setattr__(self, "weekly", weekly)
        object.__setattr__(self, "exceptions", exceptions)
        if not any(weekly) and not any(hours for _, hours in exceptions):
            raise ValueError("calendar has no open time at all")
        try:
            zone = ZoneInfo(self.tz)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {self.tz!r}") from exc
        if self.country is None and self.subdivision is not None:
            raise ValueError("a holiday subdivision needs a country")
        if self.country is not None:
            _holidays(self.country, self.subdivision, 2000)  # fail now on a bad country code
        object.__setattr__(self, "_state", _State(self, zone))

    @classmethod
    def from_spec(
        cls,
        hours: str | Mapping[str, HoursSpec],
        *,
        tz: str = "Europe/Berlin",
        country: str | None = None,
        subdivision: str | None = None,
        exceptions: Mapping[date | str, HoursSpec] | None = None,
    ) -> Calendar:
        """Build from plain values (e.g. JSON).

        hours: "24/7", or {"mon": ["08:00-12:00", "13:00-17:00"], "sat": "09:00-13:00", ...};
        a key may be a weekday range like "mon-fri"; days not named are closed.
        exceptions: {"2027-12-24": ["08:00-12:00"], "2027-12-31": "closed"}.
        """
        weekly: list[list[Interval]] = [[] for _ in WEEKDAYS]
        if isinstance(hours, str):
            if hours.strip().lower() != "24/7":
                raise ValueError(f"hours {hours!r}: give '24/7' or a mapping of weekdays")
            hours = {"mon-sun": ["00:00-24:00"]}
        for key, spec in hours.items():
            for weekday in _weekday_range(key):
                weekly[weekday].extend(_parse_hours(spec))
        dated = tuple(
            (day if isinstance(day, date) else date.fromisoformat(day), _parse_hours(spec))
            for day, spec in (exceptions or {}).items()
        )
        return cls(tz, tuple(tuple(h) for h in weekly), country, subdivision, dated)

    def to_spec(self) -> dict[str, Any]:
        """Plain values such that `Calendar.from_spec(**cal.to_spec()) == cal`."""
        return {
            "hours": {WEEKDAYS[i]: [str(iv) for iv in h] for i, h in enumerate(self.weekly) if h},
            "tz": self.tz,
            "country": self.country,
            "subdivision": self.subdivision,
            "exceptions": {d.isoformat(): [str(iv) for iv in h] for d, h in self.exceptions},
        }


def _weekday_range(key: str) -> range:
    first, _, last = key.strip().lower().partition("-")
    try:
        lo, hi = WEEKDAYS.index(first), WEEKDAYS.index(last or first)
    except ValueError:
        raise ValueError(f"unknown weekday {key!r}; use mon..sun or a range like mon-fri") from None
    if hi < lo:
        raise ValueError(f"weekday range {key!r} runs backwards")
    return range(lo, hi + 1)


def _parse_hours(spec: HoursSpec) -> Hours:
    if isinstance(spec, str):
        if spec.strip().lower() in ("", "closed"):
            return ()
        spec = spec.split(",")
    return tuple(iv if isinstance(iv, Interval) else Interval.parse(iv) for iv in spec)


@functools.lru_cache(maxsize=1024)
def _holidays(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    # Building a holidays object costs milliseconds; each (place, year) is asked once.
    try:
        return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=year))
    except NotImplementedError as exc:
        raise ValueError(f"no public holidays known for {country}/{subdivision}: {exc}") from exc


class _State:
    """Per-calendar cache of each local date's open spans, keyed by proleptic ordinal."""

    __slots__ = ("calendar", "zone", "exceptions", "days")

    def __init__(self, calendar: Calendar, zone: ZoneInfo) -> None:
        self.calendar = calendar
        self.zone = zone
        self.exceptions = dict(calendar.exceptions)
        # ordinal -> (local midnight, next local midnight, spans clipped to that day)
        self.days: dict[int, tuple[int, int, tuple[Span, ...]]] = {}

    def day(self, ordinal: int) -> tuple[int, int, tuple[Span, ...]]:
        cached = self.days.get(ordinal)
        if cached is None:
            if len(self.days) >= _MAX_CACHED_DAYS:
                self.days.clear()
            cached = self.days[ordinal] = self._compute_day(ordinal)
        return cached

    def ordinal_of(self, instant_us: int) -> int:
        # Start from the UTC date; the local date is at most one day away.
        ordinal = instant_us // _DAY_US + _EPOCH_ORDINAL
        while instant_us < self.day(ordinal)[0]:
            ordinal -= 1
        while instant_us >= self.day(ordinal)[1]:
            ordinal += 1
        return ordinal

    def _compute_day(self, ordinal: int) -> tuple[int, int, tuple[Span, ...]]:
        day = date.fromordinal(ordinal)
        day_start, day_end = self._wall_us(day, 0), self._wall_us(day, 1440)
        # Yesterday's intervals may run past midnight into today.
        pieces = sorted(
            (max(s, day_start), min(e, day_end))
            for s, e in self._starting_on(day - timedelta(days=1)) + self._starting_on(day)
            if s < day_end and e > day_start
        )
        merged: list[list[int]] = []
        for s, e in pieces:
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        return day_start, day_end, tuple((s, e) for s, e in merged)

    def _starting_on(self, day: date) -> list[Span]:
        cal = self.calendar
        hours = self.exceptions.get(day)
        if hours is None:
            closed = cal.country is not None and day in _holidays(
                cal.country, cal.subdivision, day.year
            )
            hours = () if closed else cal.weekly[day.weekday()]
        spans = [(self._wall_us(day, iv.start), self._wall_us(day, iv.end)) for iv in hours]
        return [(s, e) for s, e in spans if s < e]  # a wall interval inside a DST gap is empty

    def _wall_us(self, day: date, minute: int) -> int:
        """UTC microseconds of wall-clock `minute` after local midnight of `day`."""
        naive = datetime(day.year, day.month, day.day) + timedelta(minutes=minute)
        later = naive.replace(tzinfo=self.zone)  # fold=0: first occurrence if ambiguous
        seconds = int(later.timestamp())
        back = datetime.fromtimestamp(seconds, self.zone)
        if back.replace(tzinfo=None) == naive:
            return seconds * _US
        # Skipped by a DST gap: fold=0 maps it past the jump, fold=1 before it; the jump (the
        # first instant whose wall clock is past `naive`) lies between, so bisect for it.
        lo = int(naive.replace(tzinfo=self.zone, fold=1).timestamp())
        hi, after = seconds, back.utcoffset()
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if datetime.fromtimestamp(mid, self.zone).utcoffset() == after:
                hi = mid
            else:
                lo = mid
        return hi * _US


def _to_us(instant: datetime) -> int:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"naive datetime {instant!r}: business time needs aware datetimes")
    delta = instant - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * _US + delta.microseconds


def _from_us(instant_us: int) -> datetime:
    return _EPOCH + timedelta(microseconds=instant_us)


def _duration_us(duration: timedelta) -> int:
    return (duration.days * 86_400 + duration.seconds) * _US + duration.microseconds


def add(calendar: Calendar, start: datetime, duration: timedelta) -> datetime:
    """The UTC instant when `duration` of open time has passed since `start`.

    A zero duration returns `start` (in UTC) even in closed time; a negative one is an error.
    """
    state = calendar._state
    now = _to_us(start)
    remaining = _duration_us(duration)
    if remaining < 0:
        raise ValueError(f"negative business duration {duration}")
    if remaining == 0:
        return _from_us(now)
    ordinal = state.ordinal_of(now)
    last_open = ordinal
    while ordinal - last_open <= SEARCH_LIMIT_DAYS:
        for s, e in state.day(ordinal)[2]:
            if e <= now:
                continue
            last_open = ordinal
            s = max(s, now)
            if remaining <= e - s:
                return _from_us(s + remaining)
            remaining -= e - s
        ordinal += 1
    raise ValueError(f"calendar has no open time within {SEARCH_LIMIT_DAYS} days: {calendar}")


def between(calendar: Calendar, start: datetime, end: datetime) -> timedelta:
    """Open time in [start, end); negative (-between(end, start)) when end is before start."""
    a, b = _to_us(start), _to_us(end)
    if b < a:
        return -between(calendar, end, start)
    state = calendar._state
    total = 0
    for ordinal in range(state.ordinal_of(a), state.ordinal_of(b) + 1):
        for s, e in state.day(ordinal)[2]:
            if e > a and s < b:
                total += min(e, b) - max(s, a)
    return timedelta(microseconds=total)


def is_open(calendar: Calendar, instant: datetime) -> bool:
    """Whether `instant` lies in open time; an interval's closing instant is not open."""
    state = calendar._state
    now = _to_us(instant)
    return any(s <= now < e for s, e in state.day(state.ordinal_of(now))[2])


def next_open(calendar: Calendar, instant: datetime) -> datetime:
    """`instant` (in UTC) when open, else the next opening instant."""
    state = calendar._state
    now = _to_us(instant)
    first = state.ordinal_of(now)
    for ordinal in range(first, first + SEARCH_LIMIT_DAYS + 1):
        for s, e in state.day(ordinal)[2]:
            if e > now:
                return _from_us(max(s, now))
    raise ValueError(f"calendar has no open time within {SEARCH_LIMIT_DAYS} days: {calendar}")


STANDARD = Calendar.from_spec({"mon-fri": ["08:00-18:00"]}, tz="Europe/Berlin", country="DE")
ALWAYS = Calendar.from_spec("24/7", tz="UTC")


def add_business_days(calendar: Calendar, start: datetime, days: int) -> datetime:
    """The same local time as `start`, `days` business days later: each following date with
    open hours counts one, weekends, holidays and closed dates none."""
    zone = ZoneInfo(calendar.tz)
    local = start.astimezone(zone)
    day = local.date()
    for _ in range(days):
        midnight = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=zone)
        day = next_open(calendar, midnight).astimezone(zone).date()
    wall = datetime.combine(day, local.time(), tzinfo=zone)
    return wall.astimezone(UTC)
