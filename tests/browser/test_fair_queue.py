"""In Chromium: two customers race for the last callback seat (one signed in, one by the
mail's link); an agent's "Take next"; an
expedite that asks for its reason first."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils.timezone import localtime
from playwright.sync_api import Page, expect

from fairdesk.cases import services as cases
from fairdesk.lib import clock
from fairdesk.queues.models import CallbackBooking, TeamRules
from fairdesk.queues.tokens import callback_token

from .conftest import sign_in_agent

pytestmark = pytest.mark.browser

LINK = re.compile(r"https?://[^/\s]+(/portal/sign-in/[\w-]+/)")


def _sign_in_by_mail(page: Page, address: str) -> None:
    page.goto("/portal/sign-in/")
    page.locator("#link_email").fill(address)
    page.locator("#link_email").press("Enter")
    page.wait_for_selector("[role=status]")
    path = LINK.search(mail.outbox[-1].body).group(1)
    page.goto(path)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/portal/")


def _case(customer, team, subject):
    return cases.open_new_case(
        customer=customer, subject=subject, body="?", channel="portal", team=team
    ).case


def test_the_last_callback_seat_goes_to_one_customer_the_other_is_refused(
    page, second_page, kurt, olga, support
):
    TeamRules.objects.create(team=support, callback_seats=1)
    olgas, kurts = _case(olga, support, "Call me"), _case(kurt, support, "Ruf an")
    _sign_in_by_mail(page, "olga@other.example")
    # Olga signed in; Kurt by the link in his acknowledgment, without signing in.
    page.goto(f"/portal/cases/{olgas.reference}/callback/")
    second_page.goto(f"/portal/callback/{callback_token(kurts.pk)}/")
    # Both see the same window free and choose it.
    for who in (page, second_page):
        who.locator("#callback-phone").fill("+49 30 1234567")
        who.locator("input[name=window]:not([value=asap])").first.check()
    page.locator("#callback-form button[type=submit]").click()
    expect(page.locator(".bookings")).to_be_visible()
    second_page.locator("#callback-form button[type=submit]").click()
    expect(second_page.locator("[role=alert]")).to_be_visible()
    assert CallbackBooking.objects.get().case == olgas


def test_take_next_gives_the_agent_the_oldest_waiting_case(page, ada, kurt, olga, support):
    older = _case(kurt, support, "Zuerst gekommen")
    _case(olga, support, "Later")
    sign_in_agent(page, "ada", "ada-pass-123")
    page.goto("/desk/queue/")
    page.locator("#take-next").click()
    page.wait_for_url(f"**/desk/cases/{older.reference}/")
    expect(page.locator("main")).to_contain_text("Take next")


def test_an_expedite_asks_for_a_reason(page, ada, kurt, support):
    case = _case(kurt, support, "Arztpraxis")
    sign_in_agent(page, "ada", "ada-pass-123")
    page.goto(f"/desk/cases/{case.reference}/")
    page.locator("#action-expedite summary").click()
    due = localtime(clock.now() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    page.locator("#id_expedite-due_at").fill(due)
    page.locator("#action-expedite button[type=submit]").click()
    # The browser itself asks for the reason (required field): nothing is sent.
    assert page.locator("#id_expedite-reason:invalid").count() == 1
    page.locator("#id_expedite-reason").fill("Arztpraxis ohne Telefon")
    page.locator("#action-expedite button[type=submit]").click()
    expect(page.locator(".entry").last).to_contain_text("Arztpraxis ohne Telefon")
