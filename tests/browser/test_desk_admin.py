"""An admin sets the desk up in the desk itself: a team, a calendar and a policy; the next
new case gets its promise on them."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from fairdesk.accounts import services as accounts
from fairdesk.accounts.models import Team
from fairdesk.cases import services as cases
from fairdesk.promises import businesstime
from fairdesk.promises.models import Calendar, Kind, Policy

from .conftest import screenshot, sign_in_agent

pytestmark = pytest.mark.browser


def test_admin_sets_up_team_calendar_and_policy_and_a_new_case_is_promised_on_them(
    page, lena, ada, kurt, watched
):
    accounts.set_admin_role(admin=None, user=lena, is_admin=True)
    sign_in_agent(page, "lena", "lena-pass-123")
    page.locator(".nav-more > summary").click()  # the less frequent pages
    page.get_by_role("link", name="Administration").click()

    page.locator("input[name=team-name]").fill("Glasfaser")
    page.get_by_label("Ada Agent").check()
    page.get_by_role("button", name="Create team").click()
    expect(page.get_by_text("Team Glasfaser created.")).to_be_visible()

    page.get_by_role("link", name="Calendars").click()
    page.get_by_role("link", name="New calendar").click()
    page.locator("input[name=cal-name]").fill("Glasfaser-Hotline")
    page.locator("input[name=cal-subdivision]").fill("BY")
    page.locator("input[name=cal-sat]").fill("09:00-13:00")
    page.locator("input[name=exceptions-0-day]").fill("2026-12-24")
    page.locator("input[name=exceptions-0-hours]").fill("08:00-12:00")
    page.locator("input[name=cal-preview_hours]").fill("4")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".preview")).to_contain_text("A promise of 4 business hours made now")
    assert not Calendar.objects.exists()  # a preview saves nothing
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Calendar Glasfaser-Hotline saved.")).to_be_visible()
    screenshot(page, "desk-admin-calendar")

    page.get_by_role("link", name="Policies").click()
    page.get_by_role("link", name="New policy").click()
    page.locator("input[name=policy-name]").fill("Glasfaser")
    page.locator("select[name=policy-calendar]").select_option(label="Glasfaser-Hotline")
    page.locator("input[name=policy-first_response]").fill("4")
    page.locator("input[name=policy-resolution]").fill("20")
    page.locator("input[name=policy-is_default]").check()
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".preview").first).to_contain_text("A promise of 4 business hours")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Policy Glasfaser saved.")).to_be_visible()

    calendar = Calendar.objects.get(name="Glasfaser-Hotline")
    team = Team.objects.get(name="Glasfaser")
    assert list(team.agents.values_list("user__username", flat=True)) == ["ada"]
    assert Policy.objects.get(is_default=True).calendar == calendar

    case = cases.open_case(
        customer=kurt, subject="Glasfaser ohne Licht", body="Das ONT blinkt rot.", channel="web"
    ).case
    first = case.promises.get(kind=Kind.FIRST_RESPONSE)
    assert first.calendar == calendar
    assert first.due_at == businesstime.add(
        calendar.business(), first.started_at, timedelta(hours=4)
    )
    page.goto(f"/desk/cases/{case.reference}/")
    expect(page.locator("main")).to_contain_text("first response")
    assert not watched.errors and not watched.csp_violations
