"""Bulk actions on the cases ticked in a list: each case through its own service call (its
own transaction), so one refusal is reported for that case and the others stay done."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from fairdesk.cases import selectors, services
from fairdesk.cases.models import Case
from fairdesk.lib.errors import DomainError

MAX_CASES = 200


@dataclass(frozen=True)
class Outcome:
    reference: str
    error: str = ""


def _take(case: Case, agent: User, data: dict) -> None:
    services.take(case=case, agent=agent)


def _hand_over(case: Case, agent: User, data: dict) -> None:
    services.hand_over(
        case=case,
        agent=agent,
        note=data["note"],
        to_team=data["to_team"],
        to_agent=data["to_agent"],
    )


def _status(case: Case, agent: User, data: dict) -> None:
    if not data["status"]:
        raise DomainError(_("Choose a status."), field="status")
    services.change_status(case=case, agent=agent, status=data["status"], reason=data["reason"])


def _priority(case: Case, agent: User, data: dict) -> None:
    if not data["priority"]:
        raise DomainError(_("Choose a priority."), field="priority")
    services.change_priority(
        case=case, agent=agent, priority=data["priority"], reason=data["reason"]
    )


def _tags(case: Case, agent: User, data: dict) -> None:
    added = [name for name in data["tags"].split(",") if name.strip()]
    if not added:
        raise DomainError(_("Name the tags to add."), field="tags")
    names = list(case.tags.values_list("name", flat=True)) + added
    services.set_tags(case=case, agent=agent, names=names)


RUNS: dict[str, Callable[[Case, User, dict], None]] = {
    "take": _take,
    "hand_over": _hand_over,
    "status": _status,
    "priority": _priority,
    "tags": _tags,
}


def run(*, agent: User, references: list[str], data: dict) -> list[Outcome]:
    """Run `data["action"]` on each case; an outcome per reference, in the order given."""
    found = _cases(references, agent)
    if data["action"] == "merge":
        return _merge(agent, found)
    outcomes = []
    for reference, case in found:
        if case is None:
            outcomes.append(Outcome(reference, _("No such case.")))
            continue
        try:
            RUNS[data["action"]](case, agent, data)
        except DomainError as error:
            outcomes.append(Outcome(reference, str(error.message)))
        else:
            outcomes.append(Outcome(reference))
    return outcomes


def _cases(references: list[str], agent: User) -> list[tuple[str, Case | None]]:
    """Each reference with its case, None when there is none the agent may see."""
    unique = list(dict.fromkeys(r.strip().upper() for r in references if r.strip()))
    if len(unique) > MAX_CASES:
        raise DomainError(_("Choose at most %(n)s cases at once.") % {"n": MAX_CASES})
    found = [(reference, selectors.case_by_reference(reference)) for reference in unique]
    return [
        (reference, case if case and selectors.agent_sees(agent, case) else None)
        for reference, case in found
    ]


def _merge(agent: User, found: list[tuple[str, Case | None]]) -> list[Outcome]:
    """Merge every ticked case into the oldest of them (the one the customer wrote first)."""
    known = sorted((case for _, case in found if case is not None), key=lambda c: c.created_at)
    if len(known) < 2:
        raise DomainError(_("Tick at least two cases to merge."))
    # "Done for" names the cases merged in; the target itself is left as it was.
    target, outcomes = known[0], []
    for reference, case in found:
        if case is None:
            outcomes.append(Outcome(reference, _("No such case.")))
        elif case.pk != target.pk:
            try:
                services.merge_cases(source=case, target=target, agent=agent)
            except DomainError as error:
                outcomes.append(Outcome(reference, str(error.message)))
            else:
                outcomes.append(Outcome(reference))
    return outcomes
