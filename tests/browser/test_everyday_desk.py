"""The everyday desk in Chromium: a phone case opened by an agent; a collision warning seen
by a second agent while the first is writing."""

import pytest
from playwright.sync_api import expect

from fairdesk.cases.models import Case
from fairdesk.promises.models import Promise
from fairdesk.promises.presets import ensure_presets

from .conftest import screenshot, sign_in_agent

pytestmark = pytest.mark.browser


def test_an_agent_opens_a_case_for_a_caller(page, ada, support, watched):
    ensure_presets()
    sign_in_agent(page, "ada", "ada-pass-123")
    page.locator("nav.desk-nav a[href='/desk/cases/new/']").click()
    page.wait_for_url("**/desk/cases/new/")
    form = page.locator("form.new-case")
    form.locator("input[name=name]").fill("Carla Caller")
    form.locator("input[name=email]").fill("carla@example.org")
    form.locator("input[name=phone]").fill("+49 30 123456")
    form.locator("select[name=channel]").select_option("phone")
    form.locator("input[name=subject]").fill("Kein Internet seit heute früh")
    form.locator("textarea[name=body]").fill("Ruft an: Router blinkt rot.")
    screenshot(page, "desk-new-phone-case")
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/desk/cases/FD-*/")
    case = Case.objects.get(customer__name="Carla Caller")
    expect(page.locator(".messages")).to_contain_text(case.reference)
    expect(page.locator("h1#case-title")).to_have_text("Kein Internet seit heute früh")
    assert case.channel == "phone"
    assert Promise.objects.filter(case=case, state="pending").exists()
    expect(page.locator("section.promises li").first).to_be_visible()
    assert watched.errors == [] and watched.csp_violations == []


def test_a_second_agent_sees_the_first_writing(page, second_page, ada, ben, kurt, support):
    from fairdesk.cases import services as cases

    case = cases.open_case(
        customer=kurt, subject="Leitung bricht ab", body="Jeden Abend.", channel="email"
    ).case
    sign_in_agent(page, "ada", "ada-pass-123")
    sign_in_agent(second_page, "ben", "ben-pass-123")
    page.goto(f"/desk/cases/{case.reference}/")
    second_page.goto(f"/desk/cases/{case.reference}/")
    expect(page.locator("#presence")).to_contain_text("Ben", timeout=8_000)
    second_page.locator("#id_reply-body").fill("Guten Tag Herr Kunde,")
    expect(page.locator("#presence .presence-typing")).to_contain_text("Ben", timeout=8_000)
    screenshot(page, "desk-collision-warning")


def test_an_agent_applies_a_macro_from_the_reply_picker(page, ada, kurt, support, watched):
    from fairdesk.cases import services as cases
    from fairdesk.replies.services import save_reply

    ensure_presets()
    case = cases.open_case(
        customer=kurt, subject="Router blinkt", body="Rot.", channel="email"
    ).case
    save_reply(
        agent=ada, title="Foto anfordern", scope="personal", body_en="",
        body_de="Hallo {customer_name}, bitte senden Sie ein Foto ({reference}).",
        then_status="waiting_on_customer", then_tags="foto", then_take=True,
    )  # fmt: skip
    sign_in_agent(page, "ada", "ada-pass-123")
    page.goto(f"/desk/cases/{case.reference}/")
    page.locator("#reply-pick-q").fill("foto")
    page.locator("#reply-picks button[type=submit]").click()
    expect(page.locator(".entry-reply").last).to_contain_text("Hallo Kurt Kunde, bitte senden")
    case.refresh_from_db()
    assert case.status == "waiting_on_customer" and case.assignee == ada
    screenshot(page, "desk-macro-applied")
    assert watched.errors == [] and watched.csp_violations == []
