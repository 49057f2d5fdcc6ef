"""What happens elsewhere when something happens to a case: one explicit list, no signals.

The case services call `case_event` inside their transaction. The reactions are the dotted
paths in `settings.FAIRDESK_CASE_REACTIONS`, called in that order: each either works in the
same transaction (the promise clocks) or schedules its work after commit (mail). `cases`
imports none of them, so an app or channel joins the list without editing `cases/`.
"""

from collections.abc import Callable
from enum import StrEnum

from django.conf import settings
from django.utils.module_loading import import_string

from fairdesk.cases.models import Case, Entry


class Event(StrEnum):
    OPENED = "opened"  # facts: acknowledged_by ("" or who acknowledges it, e.g. "process")
    JOINED = "joined"  # a new contact joined an open case
    CUSTOMER_MESSAGE = "customer_message"
    PUBLIC_REPLY = "public_reply"
    STATUS_CHANGED = "status_changed"  # facts: old, new
    HANDED_OVER = "handed_over"
    ASSIGNED = "assigned"  # fairdesk gave the case to an agent (queues)
    TAKEN = "taken"  # an agent took the case from their team's queue
    MERGED = "merged"  # facts: source
    # A public entry the customer is also sent (a confirmation, an invitation, a reminder),
    # written by `cases.services.tell_customer`; facts: notice (what kind of notice it is).
    NOTICE = "notice"
    SPLIT_OFF = "split_off"  # on the case the entry left; facts: new_case
    CALL_RECORDED = "call_recorded"  # an agent logged a call (a contact, for the reports)
    # A promise of the case was made, kept, broken, withdrawn, paused or resumed (sent by
    # the promises app, so the queues keep each agent's load without recounting it).
    PROMISES_CHANGED = "promises_changed"
    # An internal note named agents with `@username`; facts: agents (their user ids).
    MENTIONED = "mentioned"
    # The promise watch warns that a promise will break soon; facts: promise (its facts).
    PROMISE_AT_RISK = "promise_at_risk"
    # The case was filed under another category (the reports count by category); facts: old
    # and new category ids (None: none).
    CATEGORY_CHANGED = "category_changed"


Reaction = Callable[..., None]


def reactions() -> list[Reaction]:
    """The configured reactions, read at call time so tests can change the list."""
    return [import_string(path) for path in settings.FAIRDESK_CASE_REACTIONS]


def column_fillers() -> list[Callable[[Case], None]]:
    """What fills in a new case's columns before its row is written
    (`settings.FAIRDESK_NEW_CASE_COLUMNS`, each called with the unsaved case), read at call
    time as the reactions are."""
    return [import_string(path) for path in settings.FAIRDESK_NEW_CASE_COLUMNS]


def case_event(*, case: Case, event: Event, entry: Entry | None = None, **facts: object) -> None:
    """Tell the reactions that `event` happened to `case`; an unknown event is an error."""
    event = Event(event)
    for react in reactions():
        react(case=case, event=event, entry=entry, **facts)
