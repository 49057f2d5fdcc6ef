"""Simulator scenarios, pure Python: arrivals, surge, staffing and handling, all seeded.

A scenario says how many cases arrive per working day (spread over the open hours), how
much more during a surge, how many agents work the queue and how long a case takes them.
`arrivals(scenario)` draws the arrival times; the simulator replays them through the real
services. Two ship: a normal month, and the cancellation backlog (three times the arrivals
for two weeks, staffing unchanged).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Scenario:
    name: str
    days: int  # calendar days, from a Monday
    per_day: float  # cases per working day (Mon–Fri)
    agents: int
    handling_minutes: float  # mean; each case's time is drawn exponentially around it
    open_hour: int = 8
    close_hour: int = 18
    surge_from: int | None = None  # first day of the surge (0-based)
    surge_days: int = 0
    surge_factor: float = 1.0
    segments: tuple[str, ...] = ("Rechnung", "Störung", "Kündigung")
    seed: int = 1

    def scaled(self, factor: float) -> Scenario:
        """The same story at `factor` times the cases and the agents (quick runs, benches)."""
        return replace(
            self,
            per_day=self.per_day * factor,
            agents=max(1, round(self.agents * factor)),
        )

    def rate_on(self, day: int) -> float:
        if day % 7 >= 5:
            return 0.0
        surging = (
            self.surge_from is not None
            and self.surge_from <= day < self.surge_from + self.surge_days
        )
        return self.per_day * (self.surge_factor if surging else 1.0)


SCENARIOS = {
    # About 30,000 cases in a month (1,360 per working day); 16 agents at 5 minutes a case
    # keep up with a little to spare (1,360 × 5 min = 113 agent hours of 160).
    "normal-month": Scenario("normal-month", days=30, per_day=1360, agents=16, handling_minutes=5),
    # The cancellation backlog: three times the arrivals for two weeks, the same agents.
    "cancellation-backlog": Scenario(
        "cancellation-backlog",
        days=30,
        per_day=1360,
        agents=16,
        handling_minutes=5,
        surge_from=7,
        surge_days=14,
        surge_factor=3.0,
    ),
}


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth for small means, a rounded normal for large ones)."""
    if mean <= 0:
        return 0
    if mean > 50:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


@dataclass(frozen=True)
class Arrival:
    day: int
    minute: int  # minutes after midnight
    segment: str
    handling_minutes: float


def arrivals(scenario: Scenario) -> list[Arrival]:
    """Every arrival of the scenario, in time order; the same seed gives the same list."""
    rng = random.Random(scenario.seed)
    found = []
    open_minutes = (scenario.close_hour - scenario.open_hour) * 60
    for day in range(scenario.days):
        for _n in range(_poisson(rng, scenario.rate_on(day))):
            minute = scenario.open_hour * 60 + rng.randrange(open_minutes)
            segment = rng.choice(scenario.segments)
            handling = rng.expovariate(1 / scenario.handling_minutes)
            found.append(Arrival(day, minute, segment, handling))
    found.sort(key=lambda a: (a.day, a.minute))
    return found
