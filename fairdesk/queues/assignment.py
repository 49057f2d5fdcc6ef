"""Who gets a case: filters (team, skills, on shift, under capacity) and then one chooser.

Pure: the service in `queues.services.assign` reads the agents into `Candidate`s and applies
the `Decision`. The filters are hard for shift and capacity (an agent who is away or full
never gets a case); skills narrow the choice only when someone has them, so a case in a
language nobody on shift speaks still reaches a person rather than waiting for nobody.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

LEAST_LOAD = "least_load"
ROUND_ROBIN = "round_robin"
# Hours within which a promise adds to an agent's load: a case due in an hour weighs
# twice what a case due next week does.
URGENT_HOURS = 24.0


class Why(StrEnum):
    LEAST_LOAD = "least_load"
    ROUND_ROBIN = "round_robin"
    PREVIOUS_OWNER = "previous_owner"
    NOBODY = "nobody"


@dataclass(frozen=True)
class Need:
    """What the case needs of its agent."""

    team_id: int
    language: str = ""
    category_id: int | None = None
    skills: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Candidate:
    agent_id: int
    team_ids: frozenset[int]
    on_shift: bool
    open_cases: int
    cap: int
    languages: frozenset[str] = frozenset()
    skills: frozenset[str] = frozenset()
    categories: frozenset[int] = frozenset()  # empty: any category
    load: float = 0.0  # the weighted load (see case_weight)
    idle_since: datetime | None = None  # last assignment; None: never assigned


@dataclass(frozen=True)
class Decision:
    agent_id: int | None
    why: Why
    among: int  # how many agents were eligible
    matched: tuple[str, ...] = field(default=())  # the skills that narrowed the choice


def case_weight(hours_left: float | None) -> float:
    """One open case's weight in an agent's load: 1, up to 2 as its promise comes due."""
    if hours_left is None:
        return 1.0
    urgency = (URGENT_HOURS - max(0.0, hours_left)) / URGENT_HOURS
    return 1.0 + max(0.0, min(1.0, urgency))


def load_of(open_cases: int, dues: list[float], now: float) -> float:
    """An agent's weighted load: each of their `open_cases` weighs 1, and those among `dues`
    (the dated ones' due dates in epoch seconds, in order) due within URGENT_HOURS of `now`
    up to 1 more (case_weight)."""
    horizon = now + URGENT_HOURS * 3600
    extra = 0.0
    for due in dues:
        if due >= horizon:
            break  # in order: the rest is due later still
        extra += case_weight((due - now) / 3600) - 1.0
    return open_cases + extra


def available(need: Need, candidates: Iterable[Candidate]) -> list[Candidate]:
    """The team's agents on shift and under their cap."""
    return [
        c for c in candidates if need.team_id in c.team_ids and c.on_shift and c.open_cases < c.cap
    ]


def others(need: Need, candidates: Iterable[Candidate], not_to: int | None) -> list[Candidate]:
    """The candidates without `not_to`, who handed the case to the queue, while anyone else
    of the team could take it, on shift now or not: the case waits for them rather than
    going straight back. In a team of one it is theirs again (nobody else ever would be)."""
    candidates = list(candidates)
    rest = [c for c in candidates if c.agent_id != not_to]
    return rest if any(need.team_id in c.team_ids for c in rest) else candidates


def _skill_tests(need: Need) -> list[tuple[str, Callable[[Candidate], bool]]]:
    """The skills the case needs, each with its test, in the order they narrow the choice."""
    tests: list[tuple[str, Callable[[Candidate], bool]]] = []
    if need.language:
        tests.append(("language", lambda c: need.language in c.languages))
    if need.category_id is not None:
        category = need.category_id
        tests.append(("category", lambda c: not c.categories or category in c.categories))
    for skill in sorted(need.skills):
        tests.append((skill, lambda c, s=skill: s in c.skills))  # type: ignore[misc]
    return tests


def skilled(need: Need, agents: list[Candidate]) -> tuple[list[Candidate], tuple[str, ...]]:
    """Narrow by each skill the case needs, in turn, while someone has it."""
    matched: list[str] = []
    for name, test in _skill_tests(need):
        narrowed = [c for c in agents if test(c)]
        if narrowed:
            agents = narrowed
            matched.append(name)
    return agents, tuple(matched)


def _idle_key(c: Candidate) -> tuple[int, float, int]:
    # Never assigned counts as idle longest; then the oldest last assignment; then the id.
    if c.idle_since is None:
        return (0, 0.0, c.agent_id)
    return (1, c.idle_since.timestamp(), c.agent_id)


def choose(
    need: Need,
    candidates: Iterable[Candidate],
    *,
    mode: str = LEAST_LOAD,
    previous_owner: int | None = None,
    not_to: int | None = None,
) -> Decision:
    """The agent who gets the case, or nobody (it waits in the team queue). `not_to`, the
    agent who handed the case to the queue, is left out (see `others`)."""
    agents, matched = skilled(need, available(need, others(need, candidates, not_to)))
    if not agents:
        return Decision(None, Why.NOBODY, 0)
    if previous_owner is not None and any(c.agent_id == previous_owner for c in agents):
        return Decision(previous_owner, Why.PREVIOUS_OWNER, len(agents), matched)
    if mode == ROUND_ROBIN:
        best = min(agents, key=_idle_key)
        return Decision(best.agent_id, Why.ROUND_ROBIN, len(agents), matched)
    best = min(agents, key=lambda c: (round(c.load, 6), _idle_key(c)))
    return Decision(best.agent_id, Why.LEAST_LOAD, len(agents), matched)
