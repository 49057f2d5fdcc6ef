"""The processes fairdesk runs, one module each, as data reviewed like code."""

from fairdesk.processes.definitions import activation, cancellation, shop_return
from fairdesk.processes.definitions.base import (
    Actor,
    Definition,
    EndsBy,
    StepDef,
    plan,
    plan_step,
)

DEFINITIONS: dict[str, Definition] = {
    module.PROCESS.key: module.PROCESS for module in (cancellation, activation, shop_return)
}


def definition(key: str) -> Definition:
    return DEFINITIONS[key]


__all__ = [
    "DEFINITIONS",
    "Actor",
    "Definition",
    "EndsBy",
    "StepDef",
    "definition",
    "plan",
    "plan_step",
]
