"""Honest waiting times: when a new case will get its first response.

From the number of cases ahead of it in the queue order and the team's recent throughput
(cases answered per business hour, exponentially weighted, with its spread). Pure: the
service turns the business hours into a date on the team's calendar.

Why the spread shrinks with the wait: planning every hour as a slow one (the mean less 1.28
spreads) promised 2.5 times the actual wait in the surge simulation. Over H hours the team
answers rate·H cases give or take spread·√H (slow and fast hours even out), so the date is
the first H at which even the slow side of that has reached the case: it still holds about
nine times in ten, and is sharper the longer the queue.
"""

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

# Weight of the newest hour in the moving average: about the last two days of open hours.
ALPHA = 0.05
# How many spreads below the expected count of answers we plan with: ~90 % (one-sided).
Z = 1.28
# A team that answered nothing lately still answers something: never divide by zero.
FLOOR_RATE = 0.25


@dataclass(frozen=True)
class Throughput:
    rate: float  # cases per business hour, weighted mean
    spread: float  # its weighted standard deviation


def throughput(per_hour: Sequence[float], *, alpha: float = ALPHA) -> Throughput:
    """Exponentially weighted mean and spread of cases answered per business hour, oldest
    hour first: the newest hour weighs 1, each older one (1 − alpha) times the next. The
    weights are normalised, so a short history is its plain mean (seeding the average with
    the first hour gave that one hour most of the weight for days)."""
    if not per_hour:
        return Throughput(0.0, 0.0)
    weight, total, weighted, squares = 1.0, 0.0, 0.0, 0.0
    for value in reversed(per_hour):
        total += weight
        weighted += weight * value
        squares += weight * value * value
        weight *= 1 - alpha
    mean = weighted / total
    variance = squares / total - mean * mean
    return Throughput(mean, math.sqrt(max(0.0, variance)))


def planning_rate(flow: Throughput) -> float:
    """The rate the team surely answers at: the mean, never below the floor."""
    return max(FLOOR_RATE, flow.rate)


def hours_until_answer(ahead: int, flow: Throughput) -> float:
    """Business hours until a case with `ahead` cases before it is answered: the least H
    with rate·H − Z·spread·√H ≥ ahead + 1 (a quadratic in √H). Monotone: more ahead never
    means sooner."""
    cases = max(0, ahead) + 1
    rate, slack = planning_rate(flow), Z * flow.spread
    root = (slack + math.sqrt(slack * slack + 4 * rate * cases)) / (2 * rate)
    return root * root


def staff_needed(ahead: int, flow: Throughput, target_hours: float, per_agent: float) -> int:
    """More agents needed to answer `ahead` + 1 cases within `target_hours` (0 if none),
    each agent answering `per_agent` cases per business hour."""
    if target_hours <= 0 or per_agent <= 0:
        return 0
    cases = max(0, ahead) + 1
    wanted_rate = (cases + Z * flow.spread * math.sqrt(target_hours)) / target_hours
    return max(0, math.ceil((wanted_rate - planning_rate(flow)) / per_agent))


# --- The team's pace, measured where it says something about capacity -------------------
#
# Answers per hour say how fast a team works only in hours when work was waiting: in an
# idle hour the team answers what came in (demand), however many it could have answered.
# Planning with idle hours made the surge simulation promise 1.77 times the actual wait. So
# the pace is read from busy hours (the queue never ran dry), and only a team that has not
# had enough of those yet is planned with every open hour (a rate it surely reaches).

HISTORY = timedelta(days=14)
# Fewer busy hours than this say too little on their own: plan with every open hour.
MIN_BUSY_HOURS = 4


@dataclass(frozen=True)
class Hour:
    """One hour of a team's queue: first responses given, and the fewest and the last count
    of cases waiting for one (`low` 0: the queue ran dry, the hour measured demand)."""

    start: datetime  # the hour's first instant, UTC
    answered: int
    low: int
    last: int


def hour_of(at: datetime) -> datetime:
    return at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def tally(
    running: Hour | None, *, at: datetime, before: int, after: int, answered: bool
) -> tuple[Hour | None, Hour]:
    """The team's waiting count went from `before` to `after` at `at` (`answered`: because a
    case got its first response): the finished hour (None: none) and the running one. A
    moment earlier than the running hour (a clock set back) counts in the running hour."""
    start = hour_of(at)
    if running is None or start > running.start:
        return running, Hour(start, int(answered), min(before, after), after)
    low = min(running.low, before, after)
    return None, Hour(running.start, running.answered + int(answered), low, after)


def pace(
    hours: Sequence[Hour], *, now: datetime, is_open: Callable[[datetime], bool]
) -> list[float]:
    """First responses per open hour to plan with, oldest first: the busy hours of the last
    two weeks before the current one, or every open hour when there are too few busy ones.
    An hour without a record kept the count the hour before ended with; the series starts
    at the first hour with an answer (the hours before say nothing of the team's pace: a
    new team, a fresh install; with no answer yet there is no pace)."""
    until, since = hour_of(now), hour_of(now - HISTORY)
    known = {h.start: h for h in hours if since <= h.start < until}
    answered_in = [start for start, h in known.items() if h.answered]
    if not answered_in:
        return []
    busy: list[float] = []
    every: list[float] = []
    moment, waiting = min(answered_in), 0
    while moment < until:
        record = known.get(moment)
        if record is not None:
            answered, low, waiting = record.answered, record.low, record.last
        else:
            answered, low = 0, waiting
        if is_open(moment):
            every.append(float(answered))
            if low > 0:
                busy.append(float(answered))
        moment += timedelta(hours=1)
    return busy if len(busy) >= MIN_BUSY_HOURS else every


def pace_of(
    hours: Sequence[Hour], *, now: datetime, is_open: Callable[[datetime], bool]
) -> Throughput | None:
    """The team's pace for this hour (None: no history, the policy's target stands). It
    depends only on the finished hours before this one, so it is found once an hour."""
    series = pace(hours, now=now, is_open=is_open)
    return throughput(series) if series else None


def estimate(
    ahead: int, hours: Sequence[Hour], *, now: datetime, is_open: Callable[[datetime], bool]
) -> tuple[float, Throughput] | None:
    """Business hours until a new case with `ahead` cases waiting before it is answered, and
    the pace it rests on; None without any history."""
    flow = pace_of(hours, now=now, is_open=is_open)
    return None if flow is None else (hours_until_answer(ahead, flow), flow)


def later_dues(dues: Sequence[datetime], predicted: datetime) -> list[datetime]:
    """The honest promise: each running due date before the predicted answer moves to it
    (`promises.services.promise_later`), the others stay."""
    return [max(due, predicted) for due in dues]


@dataclass(frozen=True)
class Calibration:
    predicted: int  # predictions made
    answered: int  # of those, answered
    kept: float | None  # share answered by the predicted date (coverage; target >= 0.9)
    sharpness: float | None  # median predicted wait / median actual wait (target <= 1.5)


def calibration_of(rows: Iterable[tuple[datetime, datetime, datetime | None]]) -> Calibration:
    """Coverage and sharpness of predictions given as (made at, predicted, answered at)."""
    predicted: list[float] = []
    actual: list[float] = []
    total = kept = 0
    for made, promised, first in rows:
        total += 1
        if first is None:
            continue
        kept += first <= promised
        predicted.append((promised - made).total_seconds())
        actual.append((first - made).total_seconds())
    if not actual:
        return Calibration(total, 0, None, None)
    middle = len(actual) // 2
    median_actual = sorted(actual)[middle]
    sharp = sorted(predicted)[middle] / median_actual if median_actual > 0 else None
    return Calibration(total, len(actual), kept / len(actual), sharp)
