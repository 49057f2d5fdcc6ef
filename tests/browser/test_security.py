"""Two-factor sign-in in Chromium: an agent sets it up from their account, signs out and
signs in with a code from the app; a lead without the admin role cannot open the admin."""

import time

import pyotp
import pytest
from playwright.sync_api import expect

from .conftest import screenshot, sign_in_agent

pytestmark = pytest.mark.browser


def test_an_agent_enrolls_in_totp_and_signs_in_with_it(page, ada, watched):
    sign_in_agent(page, "ada", "ada-pass-123")
    page.locator(".user-menu > summary").click()  # the account, language and sign-out menu
    page.get_by_role("link", name="Ada Agent").click()
    page.get_by_role("link", name="Set up two-factor sign-in").click()
    secret = page.locator("code.totp-secret").get_attribute("data-secret")
    app = pyotp.TOTP(secret)
    page.get_by_label("Code from your app, or a recovery code").fill(app.now())
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    screenshot(page, "security-recovery-codes")

    page.locator(".user-menu > summary").click()
    page.get_by_role("button", name="Sign out").click()
    page.locator("input[name=username]").fill("ada")
    page.locator("input[name=password]").fill("ada-pass-123")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/desk/sign-in/code/**")
    # The code just used for enrolling is spent: wait for the app's next one.
    page.wait_for_timeout((30 - int(time.time()) % 30) * 1000 + 300)
    page.get_by_label("Code from your app, or a recovery code").fill(app.now())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/desk/")
    page.locator(".user-menu > summary").click()
    expect(page.get_by_role("link", name="Ada Agent")).to_be_visible()
    assert watched.errors == [] and watched.csp_violations == []


def test_a_lead_without_the_admin_role_cannot_open_the_admin_pages(page, lena):
    lena.is_staff = True  # even with Django's staff flag
    lena.save(update_fields=["is_staff"])
    sign_in_agent(page, "lena", "lena-pass-123")
    expect(page.get_by_role("link", name="Administration")).to_have_count(0)
    assert page.goto("/desk/admin/teams/").status == 403
    assert page.goto("/admin/").status == 403
    assert page.goto("/admin/accounts/customer/").status == 403
