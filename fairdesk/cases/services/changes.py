"""Several changes asked for at once (the API's PATCH): all of them in one transaction, or none."""

import enum
from dataclasses import dataclass, field

from django.contrib.auth.models import User

from fairdesk.accounts.models import Team
from fairdesk.cases.models import Case, Category
from fairdesk.cases.services.ownership import hand_over
from fairdesk.cases.services.status import change_priority, change_status
from fairdesk.cases.services.structure import change_category, rename_case, set_tags
from fairdesk.lib.transactions import service


class Unchanged(enum.Enum):
    """Marks a field the caller left alone (None is a value: "no category")."""

    UNCHANGED = "unchanged"


UNCHANGED = Unchanged.UNCHANGED


@dataclass(frozen=True)
class Handover:
    note: str
    to_team: Team | None = None
    to_agent: User | None = None


@dataclass(frozen=True)
class CaseChanges:
    """What to change on a case; a field left at its default stays as it is."""

    handover: Handover | None = None
    subject: str | None = None
    category: Category | None | Unchanged = UNCHANGED
    priority: str | None = None
    tags: list[str] | None = field(default=None)
    status: str | None = None
    reason: str = ""


@service
def change_case(*, case: Case, agent: User, changes: CaseChanges) -> None:
    """Apply `changes` one intent at a time, each with its own timeline entry; the status last,
    so a case handed over and resolved in one request is resolved by its new owner's rules."""
    if changes.handover is not None:
        hand_over(
            case=case,
            agent=agent,
            note=changes.handover.note,
            to_team=changes.handover.to_team,
            to_agent=changes.handover.to_agent,
        )
    if changes.subject is not None:
        rename_case(case=case, agent=agent, subject=changes.subject)
    if changes.category is not UNCHANGED:
        change_category(case=case, agent=agent, category=changes.category)
    if changes.priority:
        change_priority(case=case, agent=agent, priority=changes.priority, reason=changes.reason)
    if changes.tags is not None:
        set_tags(case=case, agent=agent, names=changes.tags)
    if changes.status and changes.status != case.status:
        change_status(case=case, agent=agent, status=changes.status, reason=changes.reason)
