"""An agent hands a case over with a note; the next agent sees the note and what was checked."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from fairdesk.cases import services as cases
from fairdesk.lib import clock
from fairdesk.promises import services as promises

from .conftest import screenshot, sign_in_agent

pytestmark = pytest.mark.browser


def _queue_around(case, ada, olga, billing) -> None:
    """A queue worth a look: the case's callback is nearly due, others wait behind it."""
    now = clock.now()
    with clock.frozen_at(now - timedelta(hours=3)):
        promises.make_promise(
            case=case, agent=ada, kind="callback", due_at=now + timedelta(minutes=20),
            description="Rückruf nach der Leitungsmessung",
        )  # fmt: skip
    invoice = cases.open_case(
        customer=olga, subject="Invoice charged twice", body="Two debits in March.",
        channel="web", category=billing,
    ).case  # fmt: skip
    promises.make_promise(
        case=invoice, agent=ada, kind="refund", due_at=now + timedelta(days=2),
        description="Refund of the second debit",
    )  # fmt: skip
    cases.open_new_case(
        customer=olga, subject="Router zurückschicken?", body="Wohin mit dem alten Router?",
        channel="email", category=billing,
    )  # fmt: skip


def test_next_agent_sees_handoff_note_and_checks_done(
    page, kurt, olga, fault, billing, ada, ben, watched
):
    with clock.frozen_at(clock.now() - timedelta(hours=3)):  # reported this morning
        case = cases.open_case(
            customer=kurt,
            subject="DSL synchronisiert nicht",
            body="Die DSL-Lampe blinkt seit gestern.",
            channel="email",
            category=fault,
        ).case
    _queue_around(case, ada, olga, billing)

    sign_in_agent(page, "ada", "ada-pass-123")
    page.goto("/desk/queue/")
    first_row = page.locator("table.cases tbody tr").first
    assert case.reference in first_row.inner_text()
    assert "due soon" in first_row.inner_text()
    screenshot(page, "desk-queue")
    first_row.get_by_role("link", name=case.reference).click()
    page.get_by_role("button", name="Take this case").click()
    page.wait_for_selector("text=Owner: Support → ada")

    page.locator("#action-diagnostic summary").click()
    page.get_by_label("What was checked").fill("Leitungsmessung")
    page.get_by_label("Result").fill("Dämpfung 48 dB, zu hoch")
    page.locator("#action-diagnostic button[type=submit]").click()
    page.wait_for_selector(".checked >> text=Leitungsmessung")

    page.locator("#action-hand_over summary").click()
    page.get_by_label("To agent").select_option(label="Ben Technik")
    page.locator("#action-hand_over button[type=submit]").click()
    # The service refuses a handoff without a note, next to the note field.
    page.wait_for_selector("text=A handoff needs a note for the next person.")
    expect(
        page.get_by_label("Note for the next person")
    ).to_be_focused()  # keyboard users land there
    page.get_by_label("Note for the next person").fill("Bitte Port am DSLAM tauschen.")
    page.locator("#action-hand_over button[type=submit]").click()
    page.wait_for_selector(".handoff-note >> text=Bitte Port am DSLAM tauschen.")

    ben_page = page.context.browser.new_context(base_url=page.url.split("/desk")[0]).new_page()
    sign_in_agent(ben_page, "ben", "ben-pass-123")
    row = ben_page.locator("table.cases tbody tr", has_text=case.reference)
    row.get_by_role("link", name=case.reference).click()
    assert "Leitungsmessung" in ben_page.locator(".checked").inner_text()
    assert "Bitte Port am DSLAM tauschen." in ben_page.locator(".handoff-note").inner_text()
    screenshot(ben_page, "desk-case")
    ben_page.context.close()
    assert watched.errors == [] and watched.csp_violations == []
