"""The staffing plan and page, over four busy weeks opened through the services.

The weeks are made once for the module and each test is rolled back after it, so the people,
the team and the category are read back from the database."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from fairdesk.accounts.models import Team
from fairdesk.cases import services as cases
from fairdesk.cases.models import Category
from fairdesk.insights import morning, staffing
from fairdesk.lib import clock, dates
from tests import people


@pytest.fixture(scope="module")
def made(django_db_setup, django_db_blocker):
    with people.world_once(django_db_blocker):
        support = people.team("Support")
        people.lena(support)
        people.billing(support)
        four_busy_weeks(people.kurt(), people.ada(support))
        yield


@pytest.fixture
def busy_weeks(made, db):
    return None


@pytest.fixture
def support(busy_weeks):
    return Team.objects.get(name="Support")


@pytest.fixture
def billing(busy_weeks):
    return Category.objects.get(name="Rechnung")


@pytest.fixture
def lena(busy_weeks):
    return User.objects.get(username="lena")


@pytest.fixture
def ada(busy_weeks):
    return User.objects.get(username="ada")


@pytest.fixture
def kurt(busy_weeks):
    return people.kurt()


def four_busy_weeks(kurt, ada):
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


def test_the_morning_staffing_gap_counts_agents_at_work(busy_weeks, support, kurt, ada, lena):
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


def test_the_staffing_page_speaks_german_days_and_names_its_forecast(lena_client, busy_weeks):
    page = lena_client.get("/desk/staffing/?on_shift=0", HTTP_ACCEPT_LANGUAGE="de")
    text = page.content.decode()
    # The chart's hours by German weekday, the days as a German reads them, the forecast
    # by its name rather than its key.
    ticks = re.findall(r'<text class="tick"[^>]*text-anchor="middle">([^<]*)</text>', text)
    assert ticks and all(tick[:2] in GERMAN_DAYS for tick in ticks)
    first_day = timezone.localdate(clock.now())
    assert f"<td>{dates.day_text(first_day, language='de')}</td>" in text
    assert "promises start to break" not in text and "Eingängen vom " in text
    assert "seasonal_naive" not in text and "holt_winters" not in text
    assert not re.search(r"\d{4}-\d\d-\d\d", text.split("<table")[1])


GERMAN_DAYS = {"Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"}
