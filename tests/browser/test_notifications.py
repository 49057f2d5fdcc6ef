"""Notifications in Chromium: the unread count in the header rises without a reload when a
colleague mentions the agent, and opening the notification leads to the case."""

import pytest
from playwright.sync_api import expect

from fairdesk.cases import services as cases

from .conftest import screenshot, sign_in_agent

pytestmark = pytest.mark.browser


def test_the_unread_count_rises_without_reload(page, ada, lena, kurt, support, watched):
    case = cases.open_case(
        customer=kurt, subject="Leitung bricht ab", body="Jeden Abend.", channel="email"
    ).case
    sign_in_agent(page, "ada", "ada-pass-123")
    badge = page.locator("#unread-count")
    expect(badge).to_have_text("0")
    page.evaluate("window.notReloaded = true")  # gone if the page were loaded again
    cases.add_note(case=case, agent=lena, body="@ada kannst du den Kunden zurückrufen?")
    cases.hand_over(case=case, agent=lena, to_agent=ada, note="Bitte heute noch.")
    expect(badge).to_have_text("2", timeout=20_000)  # the header polls every 10 s
    assert page.evaluate("window.notReloaded") is True
    screenshot(page, "desk-notification-count", full_page=False)
    page.locator("a.nav-notifications").click()
    page.wait_for_url("**/desk/notifications/")
    expect(page.locator("li.notification.unread")).to_have_count(2)
    page.locator("li.notification button", has_text="mentioned you").click()
    page.wait_for_url(f"**/desk/cases/{case.reference}/")
    expect(page.locator("#unread-count")).to_have_text("1")
    assert watched.errors == [] and watched.csp_violations == []
