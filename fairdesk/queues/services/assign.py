"""Giving cases to agents: automatically (a new or returned case), by "Take next", and in
the periodic pass over each team's waiting cases.

Safe with several workers: a case is claimed with a conditional UPDATE (cases.assign) and
the chosen agent's seat row is locked while their kept load is read again, so two workers
never both fill an agent's last place (SQLite's IMMEDIATE transactions serialise writers
anyway).
"""

from datetime import datetime

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from fairdesk.accounts.models import Team
from fairdesk.cases import selectors as case_selectors
from fairdesk.cases import services as cases
from fairdesk.cases.models import Case
from fairdesk.lib import clock
from fairdesk.lib.errors import Conflict
from fairdesk.lib.transactions import memo, service
from fairdesk.queues import assignment, selectors
from fairdesk.queues.assignment import Decision, Need, Why
from fairdesk.queues.models import Seat
from fairdesk.queues.services.seats import ASSIGNED_AT, locked_seat, seat_of
from fairdesk.queues.team import candidates, rules_of, team_open

# How far down the queue "Take next" looks for a case in the agent's language.
TAKE_NEXT_LOOKAHEAD = 20


def _need(case: Case) -> Need:
    return Need(team_id=case.team_id, language=case.customer.language, category_id=case.category_id)


def _why(decision: Decision, need: Need) -> dict:
    """The facts the timeline shows: "least load among 4 agents with German on shift"."""
    return {
        "why": decision.why.value,
        "among": decision.among,
        "matched": list(decision.matched),
        "language": need.language if "language" in decision.matched else "",
    }


@service
def assign_case(
    *, case: Case, previous_owner: User | None = None, not_to: int | None = None
) -> Decision:
    """Give an unowned case (or a reopened one, from `previous_owner`) to the agent the
    chooser picks among the team's, leaving out the agent `not_to` (who handed it to the
    queue; assignment.others); nobody when no one fits (it waits in the queue)."""
    if not cases.created_here(case):  # else nobody can have changed it since
        case = Case.objects.select_related("team", "customer", "assignee").get(pk=case.pk)
    if case.assignee_id and previous_owner is None:
        return Decision(None, Why.NOBODY, 0)
    now = clock.now()
    if not team_open(case.team, now):
        return Decision(None, Why.NOBODY, 0)  # nobody is on shift: the case waits
    need = _need(case)
    decision = assignment.choose(
        need,
        candidates(case.team, now),
        mode=rules_of(case.team).mode,
        previous_owner=previous_owner.pk if previous_owner else None,
        not_to=not_to,
    )
    if decision.agent_id is None or decision.agent_id == case.assignee_id:
        return decision
    if not _has_room(decision.agent_id):
        return Decision(None, Why.NOBODY, decision.among)
    agent = locked_seat(decision.agent_id).user  # read with the seat
    why = _why(decision, need)
    if not _claim(case, agent, why, only_if_unowned=previous_owner is None, now=now):
        return Decision(None, Why.NOBODY, decision.among)
    return decision


def _has_room(agent_id: int) -> bool:
    """Lock the agent's seat and read its kept load again: the cap holds with concurrent
    workers (the load is kept in the same transactions that change it)."""
    seat = locked_seat(agent_id)
    return seat.open_cases < seat.cap


def _claim(case: Case, agent: User, why: dict, *, only_if_unowned: bool, now: datetime) -> bool:
    """cases.assign, and `now` on the agent's seat as their last assignment: written with
    the load by the UPDATE that puts the case on their seat (load.keep_load, in the claim's
    reaction), or on its own when that did not run."""
    stamps = memo(ASSIGNED_AT, dict[int, datetime])
    stamps[agent.pk] = now
    claimed = cases.assign(case=case, to_agent=agent, why=why, only_if_unowned=only_if_unowned)
    if stamps.pop(agent.pk, None) is not None and claimed:
        seat = locked_seat(agent.pk)
        Seat.objects.filter(pk=seat.pk).update(last_assigned_at=now)
        seat.last_assigned_at = now
    return claimed


@service
def take_next(*, agent: User) -> Case | None:
    """The right next case for the agent from their teams' queues, in queue order (the
    first few looked through for one in a language they speak, and for one they did not
    hand over to the queue themselves); None when all are taken."""
    seat = seat_of(agent=agent)
    if not _has_room(agent.pk):
        raise Conflict(
            _("You already have %(n)s open cases, your cap. Finish one first.") % {"n": seat.cap}
        )
    team_ids = list(agent.agent.teams.values_list("pk", flat=True))
    ids = selectors.next_case_ids(selectors.waiting_in(team_ids), TAKE_NEXT_LOOKAHEAD)
    by_id = Case.objects.select_related("team", "customer").in_bulk(ids)
    ordered = [by_id[i] for i in ids if i in by_id]
    languages = set(agent.agent.languages or [])
    theirs = {pk for pk, by in case_selectors.handed_to_queue_by(ids).items() if by == agent.pk}
    # Stable: the queue order stands within each kind.
    ordered.sort(key=lambda c: (c.pk in theirs, c.customer.language not in languages))
    for case in ordered:
        if _claim(case, agent, {"why": "take_next"}, only_if_unowned=True, now=clock.now()):
            return case
    return None


def assign_waiting(*, team: Team, limit: int = 200) -> int:
    """One pass over the team's waiting cases in queue order, each assigned in its own
    transaction; stops when nobody is free. A case whose latest owner change is an agent's
    hand-over to the queue goes to someone else, as right after the hand-over
    (reactions.on_case_event). How many were assigned."""
    if not rules_of(team).auto_assign:
        return 0
    done = 0
    ids = selectors.next_case_ids(selectors.waiting_in([team.pk]), limit)
    handed_over_by = case_selectors.handed_to_queue_by(ids)
    for case_id in ids:
        not_to = handed_over_by.get(case_id)
        decision = assign_case(case=Case(pk=case_id), not_to=not_to)
        if decision.agent_id is None and decision.among == 0 and not_to is None:
            break  # nobody on shift with room: the rest waits for the next pass
        done += decision.agent_id is not None
    return done
