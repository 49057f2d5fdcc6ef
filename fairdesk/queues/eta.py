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
from dataclasses import dataclass

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


def throughput(per_hour: list[float], *, alpha: float = ALPHA) -> Throughput:
    """Exponentially weighted mean and spread of cases answered per business hour, oldest
    hour first."""
    if not per_hour:
        return Throughput(0.0, 0.0)
    mean, variance = per_hour[0], 0.0
    for value in per_hour[1:]:
        delta = value - mean
        mean += alpha * delta
        variance = (1 - alpha) * (variance + alpha * delta * delta)
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
