"""The morning dashboard and handling time, over cases opened through the services."""

from datetime import timedelta

from fairdesk.cases import services as cases
from fairdesk.insights import handling, morning
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


def test_an_agent_in_no_team_sees_no_other_teams_forecast(kurt, support, ada):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.test import Client

    from fairdesk.accounts import services as accounts

    now = datetime(2026, 11, 25, 14, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    # Support's arrivals this morning a week ago, so its forecast expects cases by now.
    for hours in (1, 3, 5):
        with clock.frozen_at(now - timedelta(days=7, hours=hours)):
            cases.open_new_case(customer=kurt, subject=f"T{hours}", body="x", channel="email")
    nobody = accounts.create_agent(username="nomad", password=None, teams=())
    with clock.frozen_at(now):
        assert morning.forecast_so_far(team_ids=[support.pk])[0] > 0
        assert morning.forecast_so_far(team_ids=[])[0] == 0
        assert morning.staffing_now(team_ids=[]).needed == 0
        client = Client()
        client.force_login(nobody)
        assert client.get("/desk/morning/").status_code == 200
