"""Keeps each case's figures (contacts, handoffs, reopened, business times) in step.

A case reaction (settings.FAIRDESK_CASE_REACTIONS): every case event marks the case, and its
figures are recomputed once at the end of the outermost service, inside its transaction, so
a rolled-back change leaves the figures as they were. A merge also refreshes the source
(its entries moved to the target).
"""

from fairdesk.cases.events import Event
from fairdesk.cases.models import Case, Entry
from fairdesk.insights.services import opened_here, read_again, refresh_later

# The events after which a case opened in the call still shows its figures itself (none of
# them writes a contact, answers, resolves, hands over or moves entries): its figures are
# then written from the case in hand. Any other event has the case read again.
KEEPS_OPENED = frozenset(
    (
        Event.OPENED,
        Event.PROMISES_CHANGED,
        Event.ASSIGNED,
        Event.NOTICE,
        Event.MENTIONED,
        Event.PROMISE_AT_RISK,
    )
)


def on_case_event(*, case: Case, event: Event, entry: Entry | None = None, **facts: object) -> None:
    if event == Event.OPENED:
        opened_here(case, entry)
    elif event not in KEEPS_OPENED:
        read_again(case.pk)
    refresh_later(case.pk)
    for other in (facts.get("source"), facts.get("new_case")):
        if isinstance(other, Case):
            read_again(other.pk)
            refresh_later(other.pk)
