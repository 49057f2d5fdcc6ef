"""The queues' reaction to case events: keep the seats' loads and the teams' waiting
counts, assign new and returned cases, predict the wait.

Runs in the case service's transaction, after the promise clocks (settings), so a new
case's first-response promise exists when its waiting time is predicted.
"""

from django.conf import settings

from fairdesk.cases import services as cases
from fairdesk.cases.events import Event
from fairdesk.cases.models import UNRESOLVED, Case, Entry, Status
from fairdesk.lib import transactions
from fairdesk.queues import selectors, services
from fairdesk.queues.team import rules_of

CLOSED = (Status.RESOLVED, Status.CLOSED)


# Events after which a case may have another owner or status: its seat entry moves.
MOVES = (
    Event.ASSIGNED,
    Event.TAKEN,
    Event.HANDED_OVER,
    Event.STATUS_CHANGED,
)


# Events after which a case may start or stop waiting for a first response in a team.
WAITS = (Event.OPENED, Event.PUBLIC_REPLY, Event.STATUS_CHANGED, Event.HANDED_OVER)


def on_case_event(*, case: Case, event: Event, entry: Entry | None = None, **facts) -> None:
    if event != Event.ASSIGNED:  # the one event that changes no promise before this reaction
        transactions.forget(selectors.NEXT_DUE)
    _keep_load(case, event, facts)
    _keep_waiting(case, event, facts)
    if event == Event.OPENED:
        services.predict_first_response(case=case)
        if _auto(case):
            services.assign_case(case=case)
    elif event == Event.HANDED_OVER and case.assignee_id is None and _auto(case):
        # Returned to a team queue: to someone else than the agent who handed it over.
        services.assign_case(case=case, not_to=entry.author_user_id if entry else None)
    elif event == Event.STATUS_CHANGED and _reopened(facts) and _auto(case):
        # Back to the agent who knows it when they are on shift, else to the best free one.
        services.assign_case(case=case, previous_owner=case.assignee)


def _unowned_since_opened(case: Case) -> bool:
    """A case opened in this call is opened without an owner, and only an event in MOVES
    can give it one (the same rule that keeps the seats true): until then no seat holds it,
    so its owner need not be read again."""
    return cases.created_here(case) and case.pk not in transactions.memo(MOVED_HERE, set[int])


def _open(case: Case) -> bool:
    return case.status in UNRESOLVED and case.merged_into_id is None


def _reopened(facts: dict) -> bool:
    return facts.get("old") in CLOSED and facts.get("new") in UNRESOLVED


def _auto(case: Case) -> bool:
    return settings.FAIRDESK_QUEUE_AUTO_ASSIGN and rules_of(case.team).auto_assign


# Cases of this service call whose owner or status an event in MOVES may have changed.
MOVED_HERE = "queues.moved_here"


def _keep_load(case: Case, event: Event, facts: dict) -> None:
    """Keep the owner's load on their seat (queues.services.load) as the case changes."""
    if event in MOVES:
        # Its first owner, just claimed in this call: the case in hand says who owns it.
        first = event == Event.ASSIGNED and _unowned_since_opened(case) and _open(case)
        transactions.memo(MOVED_HERE, set[int]).add(case.pk)
        services.keep_load(case_id=case.pk, first_owner=case.assignee_id if first else None)
    elif event in (Event.OPENED, Event.PROMISES_CHANGED):  # a new case is on no seat yet
        if _unowned_since_opened(case):
            return  # nobody owns it: no seat to put it on, nothing to read
        services.keep_load(case_id=case.pk, moved=False)
    elif event == Event.MERGED and isinstance(facts.get("source"), Case):
        transactions.memo(MOVED_HERE, set[int]).add(facts["source"].pk)
        services.keep_load(case_id=facts["source"].pk)  # closed by the merge


def _keep_waiting(case: Case, event: Event, facts: dict) -> None:
    """Keep the team's count of cases waiting for an answer (queues.services.waiting)."""
    if event in WAITS:
        opened = event == Event.OPENED
        # A case opened in this call is as its opening wrote it: the reaction has it in hand.
        in_hand = case if opened and cases.created_here(case) else None
        services.keep_waiting(case_id=case.pk, new=opened, opened=in_hand)
    elif event == Event.MERGED and isinstance(facts.get("source"), Case):
        services.keep_waiting(case_id=facts["source"].pk)
