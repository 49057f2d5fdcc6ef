"""Honest waiting times: when a new case will get its first response.

From the number of cases ahead of it in the queue order and the team's recent throughput
(cases answered per business hour, exponentially weighted, with its spread). Pure: the
service turns the business hours into a date on the team's calendar.
"""

import math
from dataclasses import dataclass

# Weight of the newest hour in the moving average: about the last two days of open hours.
ALPHA = 0.05
# How many spreads below the mean rate we plan with: ~90 % of hours are faster (one-sided).
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
    """The rate to promise by: the mean less Z spreads, never below the floor."""
    return max(FLOOR_RATE, flow.rate - Z * flow.spread)


def hours_until_answer(ahead: int, flow: Throughput) -> float:
    """Business hours until a case with `ahead` cases before it is answered: they and it
    at the planning rate. Monotone: more ahead never means sooner."""
    return (max(0, ahead) + 1) / planning_rate(flow)


def staff_needed(ahead: int, flow: Throughput, target_hours: float, per_agent: float) -> int:
    """More agents needed to answer `ahead` + 1 cases within `target_hours` (0 if none),
    each agent answering `per_agent` cases per business hour."""
    if target_hours <= 0 or per_agent <= 0:
        return 0
    wanted_rate = (max(0, ahead) + 1) / target_hours
    return max(0, math.ceil((wanted_rate - planning_rate(flow)) / per_agent))
