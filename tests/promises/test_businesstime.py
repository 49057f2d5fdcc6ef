"""Business-time arithmetic: worked stories, tables of cases and algebraic properties."""

import functools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairdesk.promises.businesstime import (
    ALWAYS,
    STANDARD,
    Calendar,
    Interval,
    add,
    between,
    is_open,
    next_open,
)
from tests.properties import examples

BERLIN = ZoneInfo("Europe/Berlin")
VIENNA = ZoneInfo("Europe/Vienna")
ZURICH = ZoneInfo("Europe/Zurich")
H = timedelta(hours=1)
US = timedelta(microseconds=1)

OFFICE = {"mon-fri": ["08:00-18:00"]}
BAVARIA = Calendar.from_spec(OFFICE, tz="Europe/Berlin", country="DE", subdivision="BY")
BERLIN_STATE = Calendar.from_spec(OFFICE, tz="Europe/Berlin", country="DE", subdivision="BE")
ROUND_THE_CLOCK_BERLIN = Calendar.from_spec("24/7", tz="Europe/Berlin")
NIGHT_SHIFT = Calendar.from_spec(
    {"mon-fri": "22:00-06:00"}, tz="Europe/Berlin", country="DE", subdivision="BY"
)
SPLIT_VIENNA = Calendar.from_spec(
    {"mon-fri": ["08:00-12:00", "13:00-17:00"], "sat": "09:00-13:00"},
    tz="Europe/Vienna",
    country="AT",
    exceptions={"2027-12-24": "08:00-12:00", "2027-12-31": "closed", "2027-08-15": "10:00-14:00"},
)
# Opening hours across the DST switch hour on Sundays, to exercise gaps and folds.
ZURICH_ODD = Calendar.from_spec(
    {"mon-fri": "07:30-19:00", "sun": ["01:30-03:30", "20:00-23:00"]},
    tz="Europe/Zurich",
    country="CH",
    subdivision="ZH",
)
CALENDARS = [
    BAVARIA,
    ALWAYS,
    ROUND_THE_CLOCK_BERLIN,
    NIGHT_SHIFT,
    SPLIT_VIENNA,
    ZURICH_ODD,
    STANDARD,
]


def berlin(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


# --- stories -------------------------------------------------------------------------------


def test_one_working_day_from_friday_evening_before_whit_monday_in_bavaria() -> None:
    # Fri 14 May 2027 17:30: 30 min until 18:00; Sat 15 and Sun 16 closed; Mon 17 May is Whit
    # Monday (holiday); Tue 18 May 08:00 + the remaining 9h30 = 17:30.
    due = add(BAVARIA, berlin(2027, 5, 14, 17, 30), 10 * H)
    assert due == berlin(2027, 5, 18, 17, 30)
    assert due.tzinfo is UTC
    assert between(BAVARIA, berlin(2027, 5, 14, 17, 30), due) == 10 * H


def test_corpus_christi_closes_bavaria_but_not_berlin() -> None:
    # Thu 27 May 2027 is Corpus Christi, a holiday in BY only. From Wed 26 May 17:00, 2h:
    # 1h on Wednesday, then BY skips Thursday to Fri 08:00 + 1h, BE opens Thu 08:00 + 1h.
    start = berlin(2027, 5, 26, 17)
    assert add(BAVARIA, start, 2 * H) == berlin(2027, 5, 28, 9)
    assert add(BERLIN_STATE, start, 2 * H) == berlin(2027, 5, 27, 9)


def test_christmas_on_a_weekend_and_new_year() -> None:
    # Fri 24 Dec 2027 17:00 + 10h: 1h Friday; Christmas falls on Sat/Sun (closed anyway);
    # Mon 27 Dec 08:00 + 9h = 17:00.
    assert add(BAVARIA, berlin(2027, 12, 24, 17), 10 * H) == berlin(2027, 12, 27, 17)
    # Thu 30 Dec 2027 17:00 + 12h: 1h Thu; Fri 31 Dec 10h (18:00); Sat 1 Jan 2028 is New Year
    # and a Saturday; Mon 3 Jan 08:00 + 1h = 09:00, across the year end.
    assert add(BAVARIA, berlin(2027, 12, 30, 17), 12 * H) == berlin(2028, 1, 3, 9)


def test_new_year_is_closed_all_day_even_on_a_24_7_calendar_with_holidays() -> None:
    # Thu 31 Dec 2026 23:00 + 2h: 1h until midnight, Fri 1 Jan 2027 closed, Sat 2 Jan 01:00.
    cal = Calendar.from_spec("24/7", tz="Europe/Berlin", country="DE")
    assert add(cal, berlin(2026, 12, 31, 23), 2 * H) == berlin(2027, 1, 2, 1)
    assert not is_open(cal, berlin(2027, 1, 1, 12))
    assert next_open(cal, berlin(2027, 1, 1, 12)) == berlin(2027, 1, 2)


def test_spring_forward_day_has_23_hours_and_fall_back_day_25() -> None:
    # Europe/Berlin 2027: clocks jump 02:00 -> 03:00 on Sun 28 Mar, 03:00 -> 02:00 on Sun 31 Oct.
    cal = ROUND_THE_CLOCK_BERLIN
    assert between(cal, berlin(2027, 3, 28), berlin(2027, 3, 29)) == 23 * H
    assert between(cal, berlin(2027, 10, 31), berlin(2027, 11, 1)) == 25 * H
    # 24 hours of real time from Saturday noon read 13:00 (spring) and 11:00 (autumn) on Sunday.
    assert add(cal, berlin(2027, 3, 27, 12), 24 * H) == berlin(2027, 3, 28, 13)
    assert add(cal, berlin(2027, 10, 30, 12), 24 * H) == berlin(2027, 10, 31, 11)


def test_wall_clock_interval_inside_the_dst_switch_hour() -> None:
    cal = Calendar.from_spec({"sun": "02:00-03:00", "mon": "08:00-09:00"}, tz="Europe/Berlin")
    # 02:00-03:00 never shows on the clock on 28 Mar 2027: no open time that Sunday.
    assert between(cal, berlin(2027, 3, 28), berlin(2027, 3, 29)) == timedelta(0)
    assert next_open(cal, berlin(2027, 3, 28)) == berlin(2027, 3, 29, 8)
    # It shows twice on 31 Oct 2027: 02:00 CEST (00:00 UTC) to 03:00 CET (02:00 UTC) = 2h.
    assert between(cal, berlin(2027, 10, 31), berlin(2027, 11, 1)) == 2 * H
    assert next_open(cal, berlin(2027, 10, 31)) == datetime(2027, 10, 31, 0, tzinfo=UTC)
    # Opening at 02:30 on the spring day means the jump itself: 03:00 CEST (01:00 UTC).
    half = Calendar.from_spec({"sun": "02:30-04:00"}, tz="Europe/Berlin")
    assert next_open(half, berlin(2027, 3, 28)) == datetime(2027, 3, 28, 1, tzinfo=UTC)
    assert between(half, berlin(2027, 3, 28), berlin(2027, 3, 29)) == H


def test_night_shift_over_dst_and_a_holiday_start_day() -> None:
    # Fri 26 Mar 2027 is Good Friday, so its night is closed; Sat/Sun have no shifts.
    # Mon 29 Mar is Easter Monday: closed too. Tue 30 Mar 22:00 is the next opening.
    assert next_open(NIGHT_SHIFT, berlin(2027, 3, 26, 7)) == berlin(2027, 3, 30, 22)
    # Fri 29 Oct 22:00 CEST -> Sat 30 Oct 06:00 CEST: 8h, no switch that night.
    assert between(NIGHT_SHIFT, berlin(2027, 10, 29, 12), berlin(2027, 10, 30, 12)) == 8 * H
    # A Saturday night shift spans the switch: 22:00 CET -> 06:00 CEST is 7h of real time in
    # spring (27/28 Mar 2027), 22:00 CEST -> 06:00 CET is 9h in autumn (30/31 Oct 2027).
    saturday_nights = Calendar.from_spec({"sat": "22:00-06:00"}, tz="Europe/Berlin")
    assert between(saturday_nights, berlin(2027, 3, 27), berlin(2027, 3, 29)) == 7 * H
    assert between(saturday_nights, berlin(2027, 10, 30), berlin(2027, 11, 1)) == 9 * H
    assert add(saturday_nights, berlin(2027, 3, 27, 22), 7 * H) == berlin(2027, 3, 28, 6)
    # A shift belongs to the day it starts: Fri 14 May 23:00 + 8h = 7h until Sat 06:00, Mon 17
    # (Whit Monday) has no shift, Tue 18 May 22:00 + 1h = 23:00.
    assert add(NIGHT_SHIFT, berlin(2027, 5, 14, 23), 8 * H) == berlin(2027, 5, 18, 23)
    # The Sunday 16 May holiday? No: Whit Sunday is not a DE holiday; Sunday just has no shift.
    assert is_open(NIGHT_SHIFT, berlin(2027, 5, 15, 5, 59))
    assert not is_open(NIGHT_SHIFT, berlin(2027, 5, 15, 6))


def test_austrian_and_swiss_holidays() -> None:
    # Tue 26 Oct 2027 is the Austrian National Day; from Mon 25 Oct 16:00, 2h of split hours:
    # 1h Monday (until 17:00), Tuesday closed, Wed 27 Oct 08:00 + 1h = 09:00 Vienna.
    assert add(SPLIT_VIENNA, datetime(2027, 10, 25, 16, tzinfo=VIENNA), 2 * H) == datetime(
        2027, 10, 27, 9, tzinfo=VIENNA
    )
    # Lunch break: Wed 11:30 + 1h = 30 min before lunch, 30 min after = 13:30.
    assert add(SPLIT_VIENNA, datetime(2027, 10, 27, 11, 30, tzinfo=VIENNA), H) == datetime(
        2027, 10, 27, 13, 30, tzinfo=VIENNA
    )
    # Whit Monday 17 May 2027 is a holiday in Zurich: from Sun 16 May 22:00, 2h = 1h Sunday
    # evening (until 23:00), Monday closed, Tue 18 May 07:30 + 1h = 08:30.
    assert add(ZURICH_ODD, datetime(2027, 5, 16, 22, tzinfo=ZURICH), 2 * H) == datetime(
        2027, 5, 18, 8, 30, tzinfo=ZURICH
    )
    # Swiss National Day, Mon 1 Aug 2022, is closed even without a canton.
    swiss = Calendar.from_spec(OFFICE, tz="Europe/Zurich", country="CH")
    assert not is_open(swiss, datetime(2022, 8, 1, 10, tzinfo=ZURICH))
    assert is_open(swiss, datetime(2022, 8, 2, 10, tzinfo=ZURICH))


def test_dated_exceptions_replace_weekly_hours_and_holidays() -> None:
    # Fri 24 Dec 2027 open 08:00-12:00 only; Fri 31 Dec closed; Sun 15 Aug (Assumption, an AT
    # holiday, and a Sunday) opened 10:00-14:00 by exception.
    assert add(SPLIT_VIENNA, datetime(2027, 12, 24, 11, tzinfo=VIENNA), 2 * H) == datetime(
        2027,
        12,
        27,
        9,
        tzinfo=VIENNA,  # 1h Fri, Sat 25 & Sun 26 holidays, Mon 27 08:00 + 1h
    )
    assert not is_open(SPLIT_VIENNA, datetime(2027, 12, 31, 10, tzinfo=VIENNA))
    assert is_open(SPLIT_VIENNA, datetime(2027, 8, 15, 10, tzinfo=VIENNA))


def test_a_whole_bavarian_year_of_office_hours() -> None:
    # 2027 has 365 days starting on a Friday: 52 weeks (260 weekdays) + one Friday = 261.
    # Bavarian holidays on weekdays: 1 Jan, 6 Jan, 26 Mar, 29 Mar, 6 May, 17 May, 27 May,
    # 1 Nov = 8 (1 May, 3 Oct, 25/26 Dec fall on weekends). 253 days x 10h = 2530h.
    assert between(BAVARIA, berlin(2027, 1, 1), berlin(2028, 1, 1)) == 2530 * H


# --- tables --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "duration", "due"),
    [
        (berlin(2027, 6, 2, 9), 2 * H, berlin(2027, 6, 2, 11)),  # inside one day
        (berlin(2027, 6, 2, 17), 2 * H, berlin(2027, 6, 3, 9)),  # overnight
        (berlin(2027, 6, 2, 7), H, berlin(2027, 6, 2, 9)),  # before opening
        (berlin(2027, 6, 2, 8), 10 * H, berlin(2027, 6, 2, 18)),  # lands on closing time
        (berlin(2027, 6, 4, 18), H, berlin(2027, 6, 7, 9)),  # Friday closing -> Monday
        (berlin(2027, 6, 5, 12), 40 * H, berlin(2027, 6, 10, 18)),  # Sat + 4 days x 10h
        (berlin(2027, 6, 5, 12), timedelta(0), berlin(2027, 6, 5, 12)),  # zero in closed time
        (
            berlin(2027, 6, 2, 9),
            timedelta(seconds=1, microseconds=5),
            berlin(2027, 6, 2, 9, 0, 1, 5),
        ),
    ],
)
def test_add_on_bavarian_office_hours(start: datetime, duration: timedelta, due: datetime) -> None:
    assert add(BAVARIA, start, duration) == due


@pytest.mark.parametrize(
    ("instant", "open_", "next_opening"),
    [
        (berlin(2027, 6, 2, 8), True, berlin(2027, 6, 2, 8)),
        (berlin(2027, 6, 2, 18), False, berlin(2027, 6, 3, 8)),  # closing instant is closed
        (berlin(2027, 6, 2, 17, 59, 59), True, berlin(2027, 6, 2, 17, 59, 59)),
        (berlin(2027, 6, 5, 10), False, berlin(2027, 6, 7, 8)),  # Saturday
        (berlin(2027, 5, 27, 10), False, berlin(2027, 5, 28, 8)),  # Corpus Christi
    ],
)
def test_is_open_and_next_open(instant: datetime, open_: bool, next_opening: datetime) -> None:
    assert is_open(BAVARIA, instant) is open_
    assert next_open(BAVARIA, instant) == next_opening


def test_between_is_negative_when_end_is_before_start() -> None:
    a, b = berlin(2027, 6, 2, 9), berlin(2027, 6, 3, 9)
    assert between(BAVARIA, a, b) == 10 * H
    assert between(BAVARIA, b, a) == -10 * H
    assert between(BAVARIA, a, a) == timedelta(0)


def test_results_are_utc_and_inputs_may_use_any_zone() -> None:
    start = datetime(2027, 6, 2, 7, tzinfo=UTC)  # 09:00 Berlin
    assert add(BAVARIA, start, H) == datetime(2027, 6, 2, 8, tzinfo=UTC)
    assert add(BAVARIA, start, H).tzinfo is UTC
    assert add(ALWAYS, start, timedelta(0)).tzinfo is UTC


@pytest.mark.parametrize(
    ("text", "interval", "shown"),
    [
        ("08:00-18:00", Interval(480, 1080), "08:00-18:00"),
        ("22:00-06:00", Interval(1320, 1800), "22:00-06:00"),
        ("00:00-24:00", Interval(0, 1440), "00:00-24:00"),
        (" 9:15 - 12:45 ", Interval(555, 765), "09:15-12:45"),
    ],
)
def test_interval_parse(text: str, interval: Interval, shown: str) -> None:
    assert Interval.parse(text) == interval
    assert str(interval) == shown


@pytest.mark.parametrize("text", ["8-18", "25:00-26:00", "08:60-09:00", "10:00-24:30", ""])
def test_interval_parse_rejects_nonsense(text: str) -> None:
    with pytest.raises(ValueError):
        Interval.parse(text)


def test_spec_round_trip_and_equality() -> None:
    assert Calendar.from_spec(**SPLIT_VIENNA.to_spec()) == SPLIT_VIENNA
    assert Calendar.from_spec(**STANDARD.to_spec()) == STANDARD
    same = Calendar.from_spec({"fri": "08:00-18:00", "mon-thu": ["08:00-18:00"]}, country="DE")
    assert same == STANDARD
    assert hash(same) == hash(STANDARD)
    assert ALWAYS.weekly == ((Interval(0, 1440),),) * 7


@pytest.mark.parametrize(
    "build",
    [
        lambda: Calendar.from_spec({}),  # no open time at all
        lambda: Calendar.from_spec({"mon": "closed"}),
        lambda: Calendar.from_spec(OFFICE, tz="Mars/Olympus"),
        lambda: Calendar.from_spec(OFFICE, country="XX"),
        lambda: Calendar.from_spec(OFFICE, country="DE", subdivision="ZZ"),
        lambda: Calendar.from_spec(OFFICE, subdivision="BY"),
        lambda: Calendar.from_spec({"someday": "08:00-18:00"}),
        lambda: Calendar.from_spec({"fri-mon": "08:00-18:00"}),
        lambda: Calendar.from_spec("always"),
    ],
)
def test_bad_calendars_are_refused(build: object) -> None:
    with pytest.raises(ValueError):
        build()  # type: ignore[operator]


def test_calendar_that_never_opens_again_raises_instead_of_looping() -> None:
    once = Calendar.from_spec({}, exceptions={date(2027, 1, 4): "08:00-09:00"})
    assert add(once, berlin(2027, 1, 4, 8), H) == berlin(2027, 1, 4, 9)
    with pytest.raises(ValueError, match="no open time"):
        add(once, berlin(2027, 1, 4, 8), 2 * H)
    with pytest.raises(ValueError, match="no open time"):
        next_open(once, berlin(2027, 2, 1))


def test_naive_datetimes_and_negative_durations_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        add(BAVARIA, datetime(2027, 6, 2, 9), H)
    with pytest.raises(ValueError, match="negative"):
        add(BAVARIA, berlin(2027, 6, 2, 9), -H)


# --- properties ----------------------------------------------------------------------------

calendars = st.sampled_from(CALENDARS)
instants = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2029, 12, 31), timezones=st.just(UTC)
)
durations = st.integers(min_value=0, max_value=60 * 3600 * 10**6).map(
    lambda us: timedelta(microseconds=us)
)
PROPERTY_SETTINGS = settings(max_examples=examples(150), deadline=None)


@PROPERTY_SETTINGS
@given(calendars, instants, durations, durations)
def test_add_composes(cal: Calendar, t: datetime, a: timedelta, b: timedelta) -> None:
    assert add(cal, add(cal, t, a), b) == add(cal, t, a + b)


@PROPERTY_SETTINGS
@given(calendars, instants, durations)
def test_between_undoes_add(cal: Calendar, t: datetime, d: timedelta) -> None:
    assert between(cal, t, add(cal, t, d)) == d


@PROPERTY_SETTINGS
@given(calendars, instants, durations.filter(bool))
def test_positive_add_lands_in_open_time_or_at_a_closing(
    cal: Calendar, t: datetime, d: timedelta
) -> None:
    due = add(cal, t, d)
    assert due > t
    # The microsecond before the due instant is open, so due is open or a closing instant.
    assert is_open(cal, due - US)


@PROPERTY_SETTINGS
@given(calendars, instants, instants, durations, durations)
def test_add_is_monotonic(
    cal: Calendar, t1: datetime, t2: datetime, d1: timedelta, d2: timedelta
) -> None:
    t1, t2 = sorted((t1, t2))
    d1, d2 = sorted((d1, d2))
    assert add(cal, t1, d1) <= add(cal, t2, d1)
    assert add(cal, t1, d1) <= add(cal, t1, d2)


@PROPERTY_SETTINGS
@given(calendars, instants, instants, instants)
def test_between_adds_up_and_is_antisymmetric(
    cal: Calendar, t: datetime, u: datetime, v: datetime
) -> None:
    assert between(cal, t, u) + between(cal, u, v) == between(cal, t, v)
    assert between(cal, t, u) == -between(cal, u, t)


@PROPERTY_SETTINGS
@given(calendars, instants)
def test_next_open_is_open_and_skips_only_closed_time(cal: Calendar, t: datetime) -> None:
    opening = next_open(cal, t)
    assert is_open(cal, opening)
    assert between(cal, t, opening) == timedelta(0)
    assert (opening == t.astimezone(UTC)) is is_open(cal, t)


@PROPERTY_SETTINGS
@given(instants, durations)
def test_round_the_clock_time_is_real_time_even_across_dst(t: datetime, d: timedelta) -> None:
    assert add(ROUND_THE_CLOCK_BERLIN, t, d) == t + d
    assert add(ALWAYS, t, d) == t + d


@PROPERTY_SETTINGS
@given(instants)
def test_is_open_matches_the_wall_clock(t: datetime) -> None:
    # An independent reading for calendars whose hours avoid midnight and the DST hour.
    local = t.astimezone(BERLIN)
    minute = local.hour * 60 + local.minute
    holiday = local.date() in _bavarian_holidays()
    office = local.weekday() < 5 and 480 <= minute < 1080 and not holiday
    assert is_open(BAVARIA, t) is office
    local = t.astimezone(VIENNA)
    minute = local.hour * 60 + local.minute
    exception = {
        date(2027, 12, 24): [(480, 720)],
        date(2027, 12, 31): [],
        date(2027, 8, 15): [(600, 840)],
    }
    weekly = [[(480, 720), (780, 1020)]] * 5 + [[(540, 780)], []]
    if local.date() in exception:
        hours = exception[local.date()]
    elif local.date() in _austrian_holidays():
        hours = []
    else:
        hours = weekly[local.weekday()]
    assert is_open(SPLIT_VIENNA, t) is any(s <= minute < e for s, e in hours)


@functools.cache
def _bavarian_holidays() -> set[date]:
    return set(holidays.country_holidays("DE", subdiv="BY", years=range(2025, 2031)))


@functools.cache
def _austrian_holidays() -> set[date]:
    return set(holidays.country_holidays("AT", years=range(2025, 2031)))
