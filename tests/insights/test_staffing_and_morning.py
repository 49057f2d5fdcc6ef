"""The staffing page and the morning dashboard, over cases opened through the services."""

from datetime import timedelta

import pytest

from fairdesk.cases import services as cases
from fairdesk.insights import handling, morning, staffing
from fairdesk.lib import clock
from fairdesk.promises import services as promises
from fairdesk.promises.models import Kind


def test_handling_time_from_an_agents_sitting():
    t0 = clock.now()
    actions = [
        (1, t0, 10),
        (1, t0 + timedelta(minutes=10), 11),  # 10 minutes on case 11
        (1, t0 + timedelta(hours=3), 10),  # a new sitting: the opening allowance
    ]
    assert handling.per_case(actions) == {10: 360.0, 11: 600.0}
    assert handling.average([]) == 600.0


@pytest.fixture
def busy_weeks(kurt, ada, support):
    """Four weeks with a case every weekday at 10:00, handled by Ada."""
    start = clock.now().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(weeks=4)
    for day in range(28):
        moment = start + timedelta(days=day)
        if moment.weekday() >= 5:
            continue
        with clock.frozen_at(moment):
            case = cases.open_new_case(
                customer=kurt, subject=f"R{day}", body="x", channel="email"
            ).case
            cases.reply(case=case, agent=ada, body="Erledigt.")
    return start


def test_staffing_plan_needs_agents_when_cases_come(busy_weeks, support):
    plan = staffing.plan(staffing.Inputs(team_id=support.pk, weeks=4, on_shift=0))
    assert len(plan.hours) == 168
    busy = [needed for when, expected, needed in plan.hours if expected > 0]
    assert busy and min(busy) >= 1
    assert plan.first_break is not None  # nobody on shift: promises break


def test_staffing_plan_with_enough_agents_holds(busy_weeks, support):
    plan = staffing.plan(staffing.Inputs(team_id=support.pk, weeks=4, on_shift=5))
    assert plan.first_break is None


def test_staffing_page_for_a_lead(lena_client, busy_weeks):
    response = lena_client.get("/desk/staffing/?on_shift=2")
    assert response.status_code == 200 and b"<svg" in response.content
    assert lena_client.get("/desk/staffing/?on_shift=lots").status_code == 422


def test_morning_numbers_link_to_their_cases(ada_client, kurt, ada, lena):
    case = cases.open_case(customer=kurt, subject="Überfällig", body="x", channel="email").case
    promises.make_promise(
        case=case,
        agent=ada,
        kind=Kind.CALLBACK,
        due_at=clock.now() + timedelta(hours=1),
        outside_business_hours=True,  # whatever the hour the tests run at
    )
    with clock.frozen_at(clock.now() + timedelta(hours=2)):
        figures = {f.name: f.value for f in morning.figures(team_ids=[case.team_id])}
        assert figures["overdue"] == 1 and figures["open"] == 1
        page = ada_client.get("/desk/morning/")
        assert b"/desk/morning/overdue/" in page.content
        listed = ada_client.get("/desk/morning/overdue/")
        assert case.reference in listed.content.decode()
        assert case.reference not in ada_client.get("/desk/morning/due_today/").content.decode()


def test_morning_case_list_pins_its_queries(ada_client, kurt, django_assert_max_num_queries):
    for n in range(5):
        cases.open_new_case(
            customer=kurt,
            subject=f"C{n}",
            body="x",
            channel="email",
        )
    with django_assert_max_num_queries(14):
        assert ada_client.get("/desk/morning/open/").status_code == 200


def test_the_morning_staffing_gap_counts_agents_at_work(busy_weeks, support, kurt, ada, lena):
    from django.test import Client

    now = morning.staffing_now(team_ids=[support.pk])
    assert now.active == 0 and now.gap == now.needed
    case = cases.open_new_case(
        customer=kurt,
        subject="Jetzt",
        body="x",
        channel="email",
    ).case
    cases.reply(case=case, agent=ada, body="Sofort.")
    assert morning.staffing_now(team_ids=[support.pk]).active == 1
    client = Client()
    client.force_login(lena)
    page = client.get("/desk/morning/").content.decode()
    assert "agents short this hour" in page and 'href="/desk/staffing/"' in page


def test_staffing_per_category_counts_only_its_arrivals(busy_weeks, support, billing, lena_client):
    plan = staffing.plan(staffing.Inputs(category_id=billing.pk, weeks=4, on_shift=1))
    assert sum(expected for _when, expected, _needed in plan.hours) == 0
    assert plan.first_break is None
    response = lena_client.get(f"/desk/staffing/?category={billing.pk}")
    assert response.status_code == 200 and "Rechnung" in response.content.decode()
