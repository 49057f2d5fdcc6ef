"""In Chromium: the case page's rarely used forms are fetched when opened, by mouse or
keyboard, and without script a link shows them on a page of their own."""

import pytest
from playwright.sync_api import Browser, Page, expect

from fairdesk.cases import services as cases

from .conftest import sign_in_agent

pytestmark = pytest.mark.browser


def _case(customer, team, subject):
    return cases.open_new_case(
        customer=customer, subject=subject, body="?", channel="portal", team=team
    ).case


def test_a_form_opened_with_the_keyboard_is_fetched_and_sent(
    page: Page, watched, ada, kurt, support
):
    case = _case(kurt, support, "Router blinkt")
    sign_in_agent(page, "ada", "ada-pass-123")
    page.goto(f"/desk/cases/{case.reference}/")
    assert page.locator("#id_tags-tags").count() == 0  # not on the page until opened
    page.locator("#action-tags summary").focus()
    page.keyboard.press("Enter")
    field = page.locator("#id_tags-tags")
    expect(field).to_be_visible()
    page.keyboard.press("Tab")
    expect(field).to_be_focused()
    page.keyboard.type("DSL, Rückruf")
    page.keyboard.press("Enter")
    expect(page.locator(".facts .tag")).to_have_text(["dsl", "rückruf"])
    assert watched.csp_violations == []


def test_without_script_the_link_opens_the_form_on_its_own_page(
    browser: Browser, base_url: str, ada, kurt, support
):
    kept = _case(kurt, support, "Rechnung doppelt")
    copy = _case(kurt, support, "Rechnung doppelt (nochmal)")
    context = browser.new_context(base_url=base_url, locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in_agent(page, "ada", "ada-pass-123")
        page.goto(f"/desk/cases/{copy.reference}/")
        page.locator("#action-merge summary").click()
        page.get_by_role("link", name="Formular öffnen").click()
        expect(page.locator("#form-title")).to_have_text("Mit einem anderen Fall zusammenführen")
        page.get_by_label("Diesen Fall zusammenführen mit (Aktenzeichen)").fill(kept.reference)
        page.get_by_role("button", name="Mit einem anderen Fall zusammenführen").click()
        # The merged case's address leads to the case it now lives in.
        expect(page.locator("#case-title")).to_have_text(kept.subject)
    finally:
        context.close()
