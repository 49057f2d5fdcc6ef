"""Erlang B, C and A staffing maths, pure Python, computed in log space.

Terms like A**n / n! overflow a float from about n = 170; their logarithms do not, so every
sum here is a log-sum-exp and hundreds of agents stay exact. Rates are per second and times in
seconds throughout (any one unit works if it is used everywhere).
"""

from __future__ import annotations

import math
from dataclasses import dataclass


def _logsumexp(values: list[float]) -> float:
    top = max(values)
    if top == -math.inf:
        return -math.inf
    return top + math.log(sum(math.exp(v - top) for v in values))


def _log_poisson_terms(traffic: float, agents: int) -> list[float]:
    """log(A**k / k!) for k = 0 … agents."""
    log_a = math.log(traffic)
    return [k * log_a - math.lgamma(k + 1) for k in range(agents + 1)]


def erlang_b(traffic: float, agents: int) -> float:
    """Blocking probability of `agents` servers offered `traffic` Erlangs (no queue)."""
    if agents < 0 or traffic < 0:
        raise ValueError("traffic and agents must not be negative")
    if traffic == 0:
        return 0.0 if agents > 0 else 1.0
    terms = _log_poisson_terms(traffic, agents)
    return math.exp(terms[-1] - _logsumexp(terms))


def erlang_c(traffic: float, agents: int) -> float:
    """Probability that an arrival waits (M/M/n); 1.0 when the load is at or over capacity."""
    if traffic <= 0:
        return 0.0
    if agents <= traffic:
        return 1.0
    terms = _log_poisson_terms(traffic, agents)
    log_waiting = terms[-1] + math.log(agents) - math.log(agents - traffic)
    return math.exp(log_waiting - _logsumexp([*terms[:-1], log_waiting]))


@dataclass(frozen=True)
class Service:
    """What a number of agents achieves for one interval's load."""

    agents: int
    p_wait: float
    service_level: float  # share answered within the target time
    average_wait: float  # seconds, over all arrivals
    occupancy: float
    p_abandon: float = 0.0


def erlang_c_service(
    *, arrival_rate: float, handling_time: float, agents: int, target_time: float
) -> Service:
    """Erlang C figures for `agents` (arrival_rate per second, handling_time in seconds)."""
    traffic = arrival_rate * handling_time
    p_wait = erlang_c(traffic, agents)
    if agents <= traffic:
        return Service(agents, 1.0, 0.0, math.inf, 1.0 if agents else 0.0)
    spare = agents - traffic
    level = 1.0 - p_wait * math.exp(-spare * target_time / handling_time)
    average_wait = p_wait * handling_time / spare
    return Service(agents, p_wait, level, average_wait, traffic / agents)


def erlang_a_service(
    *,
    arrival_rate: float,
    handling_time: float,
    patience: float,
    agents: int,
    tail: float = 1e-15,
) -> Service:
    """Erlang A (M/M/n+M, Palm): callers give up after an exponential `patience` (seconds).

    The birth-death chain's stationary weights are summed in log space until the tail beyond
    the agents adds less than `tail` of the total. As patience grows it tends to Erlang C.
    """
    if arrival_rate <= 0:
        return Service(agents, 0.0, 1.0, 0.0, 0.0)
    service_rate, abandon_rate = 1.0 / handling_time, 1.0 / patience
    log_lambda = math.log(arrival_rate)
    logs, running = [0.0], 0.0  # running: log of the sum so far
    k = 0
    while True:
        k += 1
        death = min(k, agents) * service_rate + max(k - agents, 0) * abandon_rate
        logs.append(logs[-1] + log_lambda - math.log(death))
        running = _logsumexp([running, logs[-1]])
        if k > agents and logs[-1] - running < math.log(tail):
            break
        if k > agents + 10_000_000:
            raise ValueError("the queue does not settle: too little patience data")
    total = _logsumexp(logs)
    probs = [math.exp(v - total) for v in logs]
    p_wait = sum(probs[agents:])
    queue = sum((n - agents) * p for n, p in enumerate(probs) if n > agents)
    served_busy = sum(min(n, agents) * p for n, p in enumerate(probs))
    return Service(
        agents=agents,
        p_wait=p_wait,
        service_level=1.0 - p_wait,  # answered at once; a timed level needs the wait law
        average_wait=queue / arrival_rate,
        occupancy=served_busy / agents if agents else 0.0,
        p_abandon=abandon_rate * queue / arrival_rate,
    )


@dataclass(frozen=True)
class Target:
    """What an interval must achieve: e.g. 80 % answered within 20 s, agents at most 85 % busy."""

    service_level: float = 0.8
    target_time: float = 20.0
    max_occupancy: float = 0.85
    shrinkage: float = 0.3  # share of paid time not on the queue (breaks, training, absence)


def agents_needed(*, arrival_rate: float, handling_time: float, target: Target) -> int:
    """The fewest agents on the queue meeting the service level and the occupancy cap."""
    traffic = arrival_rate * handling_time
    if traffic <= 0:
        return 0
    agents = max(1, math.ceil(traffic / target.max_occupancy))
    while True:
        figures = erlang_c_service(
            arrival_rate=arrival_rate,
            handling_time=handling_time,
            agents=agents,
            target_time=target.target_time,
        )
        if figures.service_level >= target.service_level:
            return agents
        agents += 1


def agents_to_schedule(on_queue: int, *, shrinkage: float) -> int:
    """Agents to put on shift so that `on_queue` are there after shrinkage."""
    if not 0 <= shrinkage < 1:
        raise ValueError("shrinkage must be in [0, 1)")
    return math.ceil(on_queue / (1 - shrinkage) - 1e-9)


def callback_agents_needed(
    *,
    arrival_rate: float,
    handling_time: float,
    patience: float,
    max_abandon: float = 0.05,
    max_occupancy: float = 0.85,
) -> int:
    """The fewest agents keeping abandonment (Erlang A) at or under `max_abandon`."""
    traffic = arrival_rate * handling_time
    if traffic <= 0:
        return 0
    agents = max(1, math.ceil(traffic / max_occupancy))
    while True:
        figures = erlang_a_service(
            arrival_rate=arrival_rate, handling_time=handling_time, patience=patience, agents=agents
        )
        if figures.p_abandon <= max_abandon:
            return agents
        agents += 1
