"""The customer's side in a real browser: a request, its promise, the agent's reply; and
hostile text that must stay text."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page

from fairdesk.accounts import services as accounts
from fairdesk.cases import services as cases
from fairdesk.cases.services import NewAttachment
from fairdesk.portal import services as portal
from fairdesk.promises.presets import ensure_presets

from .conftest import screenshot, sign_in_agent

pytestmark = pytest.mark.browser

LINK = re.compile(r"https?://[^/\s]+(/portal/sign-in/[\w-]+/)")


def _sign_in_by_mail(page: Page, address: str) -> None:
    """The whole emailed-link flow: ask, read the mail, open the link, confirm."""
    page.goto("/portal/sign-in/")
    page.locator("#link_email").fill(address)
    page.locator("#link_email").press("Enter")
    page.wait_for_selector("[role=status]")
    path = LINK.search(mail.outbox[-1].body).group(1)
    page.goto(path)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/portal/")


def test_request_acknowledged_answered_and_seen(page, olga, fault, ada, watched):
    ensure_presets()  # a default policy, so the request gets a dated first-response promise
    _sign_in_by_mail(page, "olga@other.example")

    page.get_by_role("link", name="New request").first.click()
    page.get_by_label("What is it about?").select_option(label=fault.path)
    page.get_by_label("Subject").fill("No internet since this morning")
    page.get_by_label("Your message").fill("The DSL light blinks red.")
    page.get_by_label("Attachments").set_input_files(
        files=[{"name": "router.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8jpeg"}]
    )
    screenshot(page, "portal-new-request")
    page.get_by_role("button", name="Send request").click()

    page.wait_for_selector(".portal-ack .reference")
    reference = page.locator(".portal-ack .reference").inner_text()
    assert re.fullmatch(r"FD-\d{6}", reference)
    assert "We will answer by" in page.locator(".portal-ack .promise").inner_text()
    screenshot(page, "portal-acknowledgment")

    agent = page.context.browser.new_context(base_url=page.url.split("/portal")[0]).new_page()
    sign_in_agent(agent, "ada", "ada-pass-123")
    agent.goto("/desk/queue/")
    first_row = agent.locator("table.cases tbody tr").first
    assert reference in first_row.inner_text()
    first_row.get_by_role("link", name=reference).click()
    agent.get_by_label("Reply to the customer").fill("Please restart the router once.")
    agent.locator("#action-reply button[type=submit]").click()
    agent.wait_for_selector(".entries >> text=Please restart the router once.")
    agent.context.close()

    page.goto(f"/portal/cases/{reference}/")
    assert "Please restart the router once." in page.locator(".timeline").inner_text()
    assert "router.jpg" in page.locator(".timeline").inner_text()
    screenshot(page, "portal-case")
    assert watched.errors == [] and watched.csp_violations == []


PAYLOAD = "<script>alert('{0}')</script><img src=x onerror=alert('{0}')>"


def test_hostile_text_never_runs_in_the_portal(page, support, watched):
    customer = accounts.get_or_create_customer(
        email="mallory@example.org", name=PAYLOAD.format("name"), language="en"
    )
    case = cases.open_case(
        customer=customer,
        subject=PAYLOAD.format("subject"),
        body=PAYLOAD.format("body"),
        html="<p>hi</p>" + PAYLOAD.format("html") + "<svg onload=alert('svg')></svg>",
        channel="email",
        attachments=(
            NewAttachment(PAYLOAD.format("file") + ".html", b"<script>alert(1)</script>"),
        ),
    ).case
    token = portal.issue_sign_in_link(customer=customer)
    page.goto(f"/portal/sign-in/{token}/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/portal/")
    page.goto(f"/portal/cases/{case.reference}/")
    page.wait_for_selector(".timeline")
    # The payloads are on the page as text, and nothing of them ran.
    assert "<script>alert('subject')</script>" in page.locator("h1").inner_text()
    assert "alert('file')" in page.locator(".attachments").inner_text()
    page.goto("/portal/")
    page.wait_for_selector("table")
    assert watched.dialogs == []
    assert watched.errors == []
