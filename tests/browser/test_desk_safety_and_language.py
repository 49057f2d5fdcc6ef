"""Hostile text stays text in the desk, and the desk speaks German when asked."""

import pytest
from playwright.sync_api import expect

from fairdesk.cases import services as cases
from fairdesk.cases.services import NewAttachment

from .conftest import sign_in_agent

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<script>window.__xss=1;alert(1)</script>",
    '"><img src=x onerror="window.__xss=1;alert(2)">',
    '<svg onload="window.__xss=1;alert(3)"></svg>',
    "javascript:alert(4)",
]
HOSTILE = " ".join(PAYLOADS)


def test_xss_payloads_render_inert_in_the_desk(page, kurt, fault, ada, watched):
    kurt.name = f"Kurt {HOSTILE}"
    kurt.save()
    case = cases.open_case(
        customer=kurt,
        subject=f"Betreff {HOSTILE}",
        body=f"Text {HOSTILE}",
        html=f'<p>HTML {HOSTILE}</p><a href="javascript:alert(5)">klick</a>'
        '<iframe src="javascript:alert(6)"></iframe><style>body{display:none}</style>',
        channel="email",
        category=fault,
        attachments=(
            NewAttachment(f"{PAYLOADS[1]}.html", b"<script>alert(7)</script>", "text/html"),
        ),
    ).case
    cases.add_note(case=case, agent=ada, body=f"Notiz {HOSTILE}")

    sign_in_agent(page, "ada", "ada-pass-123")
    for path in (
        "/desk/queue/",
        f"/desk/cases/{case.reference}/",
        f"/desk/customers/{kurt.pk}/",
        "/desk/search/?q=Betreff",
    ):
        page.goto(path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__xss") is None, path
        # The payload is on screen as the text it is.
        assert "<script>window.__xss=1;alert(1)</script>" in page.locator("main").inner_text()
    page.goto(f"/desk/cases/{case.reference}/")
    # The sanitised email HTML keeps the link text but not the script URL or the frame.
    assert page.get_by_text("klick").is_visible()
    assert page.locator("a[href^='javascript'], iframe, main style").count() == 0
    assert page.locator("body").is_visible()
    assert watched.dialogs == []
    assert watched.errors == []


def test_german_ui_shows_german_strings(page, kurt_case_for_browser, ada):
    sign_in_agent(page, "ada", "ada-pass-123")
    page.locator(".user-menu > summary").click()  # language and sign-out fold into one menu
    page.get_by_label("Language").select_option("de")
    page.get_by_role("button", name="Switch").click()
    page.wait_for_selector("html[lang=de]")
    page.goto("/desk/queue/")
    expect(page.get_by_role("link", name="Meine Arbeit")).to_be_visible()
    expect(page.get_by_role("heading", name="Team-Warteschlange")).to_be_visible()
    page.get_by_role("link", name=kurt_case_for_browser.reference).click()
    expect(page.get_by_role("heading", name="Bereits geprüft")).to_be_visible()
    expect(page.get_by_role("heading", name="Verlauf")).to_be_visible()
    expect(page.get_by_role("button", name="Fall übernehmen")).to_be_visible()
    page.locator(".user-menu > summary").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()
    expect(page.locator(".entry-kind").first).to_have_text("Kundennachricht")


@pytest.fixture
def kurt_case_for_browser(kurt, fault):
    return cases.open_case(
        customer=kurt,
        subject="Kein Internet",
        body="Seit heute früh.",
        channel="web",
        category=fault,
    ).case
