"""A customer answers a survey; a dissatisfied answer reaches the lead; the lead reads the
report, filters it and downloads the CSV. In Chromium, under the desk's CSP."""

from pathlib import Path

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from fairdesk.cases import services as cases
from fairdesk.cases.models import Case
from fairdesk.feedback import sampling
from fairdesk.feedback.links import token_for
from fairdesk.feedback.models import Answer, Invitation

from .conftest import screenshot, sign_in_agent

pytestmark = pytest.mark.browser


def _invited(customer, agent, category=None) -> Invitation:
    case = cases.open_case(
        customer=customer,
        subject="Router tauschen",
        body="Bitte tauschen.",
        channel="email",
        category=category,
    ).case
    cases.reply(case=case, agent=agent, body="Neuer Router ist unterwegs.")
    cases.change_status(case=case, agent=agent, status="resolved")
    with override_settings(FAIRDESK_SURVEY_PERCENT=100):
        sampling.run()
    return Invitation.objects.get(case=case)


def test_a_customer_answers_and_a_dissatisfied_answer_reaches_the_lead(
    page, second_page, kurt, ada, lena, fault, watched
):
    invitation = _invited(kurt, ada, fault)
    second_page.goto(f"/portal/survey/{token_for(invitation.pk)}/")
    expect(second_page.get_by_text("Wie zufrieden sind Sie")).to_be_visible()
    assert Answer.objects.count() == 0  # opening the page voted nothing
    second_page.get_by_label("sehr unzufrieden").check()
    second_page.get_by_label("eher schwierig").check()
    second_page.locator("textarea[name=comment]").fill("Drei Wochen ohne Internet.")
    screenshot(second_page, "portal-survey")
    second_page.get_by_role("button", name="Antwort senden").click()
    expect(second_page.get_by_text("Ihre Antwort ist gespeichert.")).to_be_visible()
    follow_up = Case.objects.get(pk=Answer.objects.get().follow_up_id)

    sign_in_agent(page, "lena", "lena-pass-123")
    page.goto("/desk/")
    expect(page.get_by_role("link", name=follow_up.reference)).to_be_visible()
    page.get_by_role("link", name=follow_up.reference).click()
    expect(page.get_by_text("Drei Wochen ohne Internet.").first).to_be_visible()
    assert not watched.errors and not watched.csp_violations


def test_a_lead_opens_a_report_filters_and_downloads_csv(
    page, kurt, olga, ada, lena, fault, billing, watched
):
    _invited(kurt, ada, fault)
    _invited(olga, ada, billing)
    sign_in_agent(page, "lena", "lena-pass-123")
    page.locator(".nav-more > summary").click()  # the less frequent pages
    page.get_by_role("link", name="Insights").click()
    page.get_by_role("link", name="Reports").click()
    page.get_by_role("link", name="Survey scores").click()
    expect(page.locator("svg.chart")).to_be_visible()
    expect(page.locator("table.report-table tbody tr")).to_have_count(2)
    page.locator("select[name=category]").select_option(label="Rechnung")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("table.report-table tbody tr")).to_have_count(1)
    screenshot(page, "desk-report")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith('"team"') and "Rechnung" in text and "Störung" not in text
    assert not watched.errors and not watched.csp_violations
