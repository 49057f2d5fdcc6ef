"""The shape of a process definition, and the planning of its dates (no Django).

A definition is a list of steps. Each says who acts, what ends it, and when it is due:
on a date given when the process starts (`date`), or a number of working days (or plain
days) after the start, after another step's due date, or after another step is done.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any


class Actor(StrEnum):
    CUSTOMER = "customer"
    TEAM = "team"
    CARRIER = "carrier"
    SYSTEM = "system"


class EndsBy(StrEnum):
    AGENT = "agent"  # an agent's action in the desk
    API = "api"  # a call from the company's own systems (or a carrier's scan file)
    CUSTOMER = "customer"  # the customer does something
    DATE = "date"  # the date arrives


@dataclass(frozen=True)
class StepDef:
    key: str
    label: Any  # a lazy translation: rendered in the reader's language
    actor: Actor
    ends_by: tuple[EndsBy, ...]
    # The promise kind (fairdesk.promises.models.Kind); "" for a step we do not promise
    # (the customer's own part, shown with the date we expect it).
    promise_kind: str = "process_step"
    days: int = 0
    working_days: bool = True
    after: str = ""  # "" = the process start; else another step's key
    after_done: bool = False  # count from when `after` is done, not from its due date
    date: str = ""  # a date given at the start, e.g. "effective_on"


@dataclass(frozen=True)
class Definition:
    key: str
    label: Any
    steps: tuple[StepDef, ...]

    def step(self, key: str) -> StepDef:
        for step in self.steps:
            if step.key == key:
                return step
        raise KeyError(key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(step.key for step in self.steps)


def add_working_days(day: date, count: int, holidays: Collection[date] = ()) -> date:
    """`count` working days (Monday to Friday, no holiday) after `day`; 0 gives `day`."""
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            count -= 1
    return day


def plan(
    definition: Definition,
    *,
    started_on: date,
    dates: Mapping[str, date],
    done_on: Mapping[str, date],
    holidays: Collection[date] = (),
) -> dict[str, date | None]:
    """Each step's due day, or None while it cannot be known yet (it counts from a step
    that is not done, or from a date not given)."""
    due: dict[str, date | None] = {}
    for step in definition.steps:
        due[step.key] = _due(step, started_on, dates, done_on, due, holidays)
    return due


def _due(
    step: StepDef,
    started_on: date,
    dates: Mapping[str, date],
    done_on: Mapping[str, date],
    due: Mapping[str, date | None],
    holidays: Collection[date],
) -> date | None:
    if step.date:
        return dates.get(step.date)
    if not step.after:
        base: date | None = started_on
    elif step.after_done:
        base = done_on.get(step.after)
    else:
        base = due.get(step.after)
    if base is None:
        return None
    return plan_step(step, base, holidays)


def plan_step(step: StepDef, base: date, holidays: Collection[date] = ()) -> date:
    """The due day of `step` counted from `base` (the start, or the day it comes after)."""
    if step.working_days:
        return add_working_days(base, step.days, holidays)
    return base + timedelta(days=step.days)
