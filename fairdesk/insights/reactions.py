"""Keeps each case's figures (contacts, handoffs, reopened, business times) in step.

A case reaction (settings.FAIRDESK_CASE_REACTIONS): every case event marks the case, and its
figures are recomputed once at the end of the outermost service, inside its transaction, so
a rolled-back change leaves the figures as they were. A merge also refreshes the source
(its entries moved to the target).
"""

from fairdesk.cases.events import Event
from fairdesk.cases.models import Case, Entry
from fairdesk.insights.services import refresh_later


def on_case_event(*, case: Case, event: Event, entry: Entry | None = None, **facts: object) -> None:
    refresh_later(case.pk)
    for other in (facts.get("source"), facts.get("new_case")):
        if isinstance(other, Case):
            refresh_later(other.pk)
