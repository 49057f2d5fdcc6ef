"""Assignment, Take next, expediting and the prediction, through the real services."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from fairdesk.accounts import services as accounts
from fairdesk.cases import services as cases
from fairdesk.cases.models import AuditEvent, Entry, EntryKind, Status
from fairdesk.lib import clock
from fairdesk.lib.errors import Conflict, DomainError
from fairdesk.queues import periodic
from fairdesk.queues import services as queues
from fairdesk.queues.models import Expedite, Prediction, Presence, TeamRules
from tests import people


def _open(customer, team, subject="Kein Internet"):
    """A new case (open_new_case: one customer's contacts would join one case)."""
    return cases.open_new_case(
        customer=customer, subject=subject, body="Seit gestern.", channel="email", team=team
    ).case


def _owner_entry(case):
    return Entry.objects.filter(case=case, kind=EntryKind.OWNER).latest("id")


def test_a_new_case_goes_to_the_least_loaded_german_speaker_and_says_why(
    auto, support, lena, ada, emre, kurt
):
    queues.set_presence(agent=lena, presence=Presence.AWAY)
    first = _open(kurt, support)
    first.refresh_from_db()
    assert first.assignee == ada  # Emre has no German; Lena is away
    assert _owner_entry(first).data["auto"] == {
        "why": "least_load",
        "among": 1,
        "matched": ["language"],
        "language": "de",
    }
    assert AuditEvent.objects.filter(case=first, action="case.assign").exists()


def test_ties_go_to_the_agent_idle_longest(auto, support, lena, ada, olga):
    one = _open(olga, support, "one")
    cases.change_status(case=one, agent=lena, status=Status.RESOLVED)
    two = _open(olga, support, "two")
    one.refresh_from_db(), two.refresh_from_db()
    assert {one.assignee, two.assignee} == {lena, ada}


def test_away_absent_and_full_agents_get_nothing(auto, support, lena, ada, kurt):
    queues.set_presence(agent=lena, presence=Presence.AWAY)
    now = clock.now()
    queues.add_absence(
        agent=ada, by=lena, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1)
    )
    case = _open(kurt, support)
    case.refresh_from_db()
    assert case.assignee is None  # waits in the team queue
    with clock.frozen_at(now + timedelta(hours=2)):
        queues.set_seat(agent=ada, by=lena, cap=1)
        assert periodic.run() == {"Support": 1}
        case.refresh_from_db()
        assert case.assignee == ada
        second = _open(kurt, support, "Rechnung falsch")
        second.refresh_from_db()
        assert second.assignee is None  # Ada is at her cap
        assert periodic.run() == {}


def test_a_reopened_case_goes_back_to_its_previous_owner_on_shift(auto, support, lena, ada, kurt):
    case = _open(kurt, support)
    case.refresh_from_db()
    owner = case.assignee
    other = lena if owner == ada else ada
    cases.change_status(case=case, agent=owner, status=Status.CLOSED)
    cases.reopen(case=case, agent=other, reason="kam wieder")
    case.refresh_from_db()
    assert case.assignee == owner
    cases.change_status(case=case, agent=owner, status=Status.CLOSED)
    queues.set_presence(agent=owner, presence=Presence.AWAY)
    cases.reopen(case=case, agent=other, reason="kam wieder")
    case.refresh_from_db()
    assert case.assignee == other


def test_a_case_handed_to_the_team_queue_never_goes_back_to_who_handed_it_over(
    auto, support, lena, ada, kurt, olga
):
    queues.set_presence(agent=ada, presence=Presence.AWAY)
    for subject in ("eins", "zwei"):
        _open(olga, support, subject)  # Lena carries two cases, Ada none
    queues.set_presence(agent=ada, presence=Presence.AVAILABLE)
    case = _open(kurt, support)
    case.refresh_from_db()
    assert case.assignee == ada  # the least load
    cases.hand_over(case=case, agent=ada, to_team=support, note="Bitte jemand anderes.")
    case.refresh_from_db()
    assert case.assignee == lena and _owner_entry(case).data["auto"]["among"] == 1
    cases.hand_over(case=case, agent=lena, to_team=support, note="Ich bin gleich weg.")
    case.refresh_from_db()
    assert case.assignee == ada


def test_the_periodic_pass_leaves_out_who_handed_a_case_over_too(auto, support, lena, ada, kurt):
    queues.set_presence(agent=lena, presence=Presence.AWAY)
    case = _open(kurt, support)
    case.refresh_from_db()
    assert case.assignee == ada  # the one on shift
    cases.hand_over(case=case, agent=ada, to_team=support, note="Bitte jemand anderes.")
    case.refresh_from_db()
    assert case.assignee is None  # Lena is away: it waits
    second = _open(kurt, support, "Rechnung falsch")
    assert periodic.run() == {}  # Ada already has the second; the first is not hers again
    case.refresh_from_db(), second.refresh_from_db()
    assert case.assignee is None and second.assignee == ada
    queues.set_presence(agent=lena, presence=Presence.AVAILABLE)
    assert periodic.run() == {"Support": 1}
    case.refresh_from_db()
    assert case.assignee == lena


def test_the_periodic_pass_goes_on_past_a_case_handed_over_by_the_one_free_agent(
    auto, support, lena, ada, kurt, olga
):
    queues.set_presence(agent=lena, presence=Presence.AWAY)
    first = _open(kurt, support, "eins")
    cases.hand_over(case=first, agent=ada, to_team=support, note="Bitte jemand anderes.")
    queues.set_presence(agent=ada, presence=Presence.AWAY)
    second = _open(olga, support, "zwei")
    queues.set_presence(agent=ada, presence=Presence.AVAILABLE)
    assert periodic.run() == {"Support": 1}  # the first in the queue is not hers: the next is
    first.refresh_from_db(), second.refresh_from_db()
    assert first.assignee is None and second.assignee == ada


def test_a_lone_agent_gets_back_what_nobody_else_in_the_team_can_take(auto, kurt):
    solo = people.team("Solo")
    nina = accounts.create_agent(username="nina", password=None, name="Nina", teams=(solo,))
    case = _open(kurt, solo)
    cases.hand_over(case=case, agent=nina, to_team=solo, note="Erst nach dem Urlaub.")
    case.refresh_from_db()
    assert case.assignee == nina


def test_round_robin_team(auto, support, lena, ada, kurt):
    TeamRules.objects.create(team=support, mode="round_robin")
    owners = []
    for n in range(4):
        case = _open(kurt, support, f"Frage {n}")
        case.refresh_from_db()
        owners.append(case.assignee)
    assert owners[0] != owners[1] and owners[0] == owners[2] and owners[1] == owners[3]


def test_take_next_gives_the_first_case_in_queue_order(support, ada, kurt, olga):
    older = _open(kurt, support, "older")
    newer = _open(olga, support, "newer")
    assert queues.take_next(agent=ada) == older
    assert queues.take_next(agent=ada) == newer
    assert queues.take_next(agent=ada) is None
    assert _owner_entry(older).data["auto"] == {"why": "take_next"}


def test_take_next_offers_what_an_agent_handed_over_only_when_nothing_else_waits(
    support, ada, kurt, olga
):
    handed = _open(kurt, support, "older, handed over")
    queues.take_next(agent=ada)
    cases.hand_over(case=handed, agent=ada, to_team=support, note="Bitte jemand anderes.")
    newer = _open(olga, support, "newer")
    assert queues.take_next(agent=ada) == newer  # not the one she gave back a moment ago
    assert queues.take_next(agent=ada) == handed  # nothing else waits: hers to take


def test_take_next_refuses_over_the_cap(support, lena, ada, kurt):
    queues.set_seat(agent=ada, by=lena, cap=1)
    _open(kurt, support, "one")
    _open(kurt, support, "two")
    queues.take_next(agent=ada)
    with pytest.raises(Conflict):
        queues.take_next(agent=ada)


def test_expedite_needs_a_reason_makes_an_earlier_promise_and_is_capped(support, lena, ada, kurt):
    TeamRules.objects.create(team=support, expedites_per_week=1)
    first, second = _open(kurt, support, "one"), _open(kurt, support, "two")
    due = clock.now() + timedelta(hours=1)
    with pytest.raises(DomainError):
        queues.expedite(case=first, agent=ada, reason="", due_at=due)
    done = queues.expedite(case=first, agent=ada, reason="Arztpraxis ohne Telefon", due_at=due)
    assert done.promise_id and done.due_after == due
    entry = Entry.objects.get(case=first, data__expedite="Arztpraxis ohne Telefon")
    assert not entry.public
    assert AuditEvent.objects.filter(case=first, action="case.expedite").exists()
    with pytest.raises(DomainError):  # not earlier than the promise it already has
        queues.expedite(case=first, agent=lena, reason="noch früher bitte", due_at=due)
    with pytest.raises(Conflict):
        queues.expedite(case=second, agent=ada, reason="auch wichtig, bitte", due_at=due)
    assert Expedite.objects.count() == 1


def test_prediction_is_stored_at_intake(support, ada, kurt):
    case = _open(kurt, support)
    prediction = Prediction.objects.get(case=case)
    assert prediction.ahead == 0
    later = _open(kurt, support, "zweites Thema")
    assert Prediction.objects.get(case=later).ahead == 1


def test_a_seat_naming_categories_gets_the_cases_of_those_categories(
    auto, support, lena, ada, kurt, fault, billing
):
    # Categories are set on the seat in the admin (no service of its own).
    queues.seat_of(agent=ada).categories.add(billing)
    queues.seat_of(agent=lena).categories.add(fault)
    for category, agent in ((billing, ada), (fault, lena), (billing, ada)):
        case = cases.open_new_case(
            customer=kurt, subject="Frage", body="?", channel="email", category=category
        ).case
        case.refresh_from_db()
        assert case.assignee == agent
        assert _owner_entry(case).data["auto"]["matched"] == ["language", "category"]


def test_a_decision_follows_the_default_calendar_from_the_next_decision(support, lena, ada):
    from dataclasses import replace

    from fairdesk.promises.configuration import CalendarSpec, PolicySpec, save_calendar, save_policy
    from fairdesk.queues.team import candidates

    always = CalendarSpec(name="Immer", tz="Europe/Berlin", weekly=(("00:00-24:00",),) * 7)
    calendar = save_calendar(admin=lena, spec=always)
    spec = PolicySpec(name="Standard", calendar=calendar, is_default=True)
    save_policy(admin=lena, spec=spec)
    now = clock.now()
    assert all(c.on_shift for c in candidates(support, now))
    today = now.astimezone(ZoneInfo(always.tz)).date()
    closed_today = replace(always, exceptions=((today, ()),))
    save_calendar(admin=lena, spec=closed_today, calendar=calendar)
    assert not any(c.on_shift for c in candidates(support, now))
