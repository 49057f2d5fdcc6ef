"""Help articles suggested while a customer types a request, in a real browser: the request
still goes in with its promise, unless the customer says an article answered it."""

import re

import pytest
from playwright.sync_api import Page

from fairdesk.cases.models import Case
from fairdesk.knowledge import services as knowledge
from fairdesk.knowledge.models import Deflection
from fairdesk.portal import services as portal
from fairdesk.promises.presets import ensure_presets

from .conftest import screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def articles(lena):
    """A public article about the router, and an internal one customers must never see."""
    for visibility, title in (
        ("public", "Restarting the router"),
        ("internal", "Router escalation"),
    ):
        draft = knowledge.save_draft(
            agent=lena, title_en=title, body_en="Unplug the router for ten seconds.",
            visibility=visibility,
        )  # fmt: skip
        knowledge.publish(agent=lena, article=draft.article)


def _new_request(page: Page, olga) -> None:
    ensure_presets()  # a default policy: the request gets a dated first-response promise
    page.goto(f"/portal/sign-in/{portal.issue_sign_in_link(customer=olga)}/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/portal/")
    # Opened as a page of its own: through the boosted link, typing could start before htmx
    # has taken in the swapped form, and then no keystroke asks for suggestions.
    page.goto("/portal/new/")
    # Typed as a person types, key by key: the suggestions follow the typing.
    page.get_by_label("Subject").press_sequentially("My router keeps dropping", delay=20)
    # Typing, the debounce and the search share the machine with the other workers.
    page.wait_for_selector("#article-suggestions >> text=Restarting the router", timeout=30_000)


def test_a_suggestion_while_typing_and_the_request_still_goes_in(
    page, olga, support, articles, watched
):
    _new_request(page, olga)
    assert "Router escalation" not in page.locator("#article-suggestions").inner_text()
    screenshot(page, "portal-article-suggestion")
    page.get_by_label("Your message").fill("Every evening since Monday.")
    page.get_by_role("button", name="Send request").click()
    page.wait_for_selector(".portal-ack .reference")
    reference = page.locator(".portal-ack .reference").inner_text()
    assert re.fullmatch(r"FD-\d{6}", reference)
    assert "We will answer by" in page.locator(".portal-ack .promise").inner_text()
    assert Case.objects.filter(customer=olga).count() == 1
    assert not Deflection.objects.exists()
    assert watched.errors == [] and watched.csp_violations == []


def test_saying_an_article_answered_it_sends_nothing(page, olga, support, articles, watched):
    _new_request(page, olga)
    page.get_by_role("button", name="This answered my question").click()
    page.wait_for_selector("text=no request was sent")
    assert "Unplug the router" in page.locator("main").inner_text()
    assert Deflection.objects.count() == 1
    assert not Case.objects.filter(customer=olga).exists()
    assert watched.errors == [] and watched.csp_violations == []
