"""Keeps each case's figures (contacts, handoffs, reopened, business times) in step.

A case reaction (settings.FAIRDESK_CASE_REACTIONS): every case event marks the case, and its
figures are recomputed once at the end of the outermost service, inside its transaction, so
a rolled-back change leaves the figures as they were. A merge also refreshes the source
(its entries moved to the target).
"""

from fairdesk.cases import services as cases
from fairdesk.cases.events import Event
from fairdesk.cases.models import Case, Entry
from fairdesk.insights.services import opened_later, refresh_later

# Events after which a case opened in the same service call still has a new case's figures.
_LEAVE_NEW = (Event.OPENED, Event.ASSIGNED, Event.NOTICE)


def on_case_event(*, case: Case, event: Event, entry: Entry | None = None, **facts: object) -> None:
    if event in _LEAVE_NEW and cases.created_here(case):
        opened_later(case)
    else:
        refresh_later(case.pk)
    for other in (facts.get("source"), facts.get("new_case")):
        if isinstance(other, Case):
            refresh_later(other.pk)
