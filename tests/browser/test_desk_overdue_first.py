"""The team queue puts a case whose promise broke first, saying since when it is overdue;
the desk header stays on one row at 1280 px, in German too."""

from datetime import timedelta

import pytest

from fairdesk.accounts import services as accounts
from fairdesk.cases import services as cases
from fairdesk.lib import clock
from fairdesk.promises import services as promises
from fairdesk.promises import watch
from fairdesk.promises.models import Kind, Promise, State

from .conftest import screenshot, sign_in_agent

pytestmark = pytest.mark.browser


def _queue_with_a_broken_promise(kurt, olga, billing, fault, ada):
    now = clock.now()
    soon = cases.open_case(
        customer=olga, subject="Invoice charged twice", body="Two debits.", channel="web",
        category=billing,
    ).case  # fmt: skip
    promises.make_promise(
        case=soon, agent=ada, kind=Kind.REFUND, due_at=now + timedelta(hours=3),
        description="Refund of the second debit", outside_business_hours=True,
    )  # fmt: skip
    with clock.frozen_at(now - timedelta(days=2)):
        broken = cases.open_case(
            customer=kurt, subject="Techniker kam nicht", body="Niemand kam.", channel="phone",
            category=fault,
        ).case  # fmt: skip
        promises.make_promise(
            case=broken, agent=ada, kind=Kind.CALLBACK, due_at=now - timedelta(days=1),
            description="Rückruf wegen des Technikers", outside_business_hours=True,
        )  # fmt: skip
    watch.run()  # the callback's time has passed: broken
    assert Promise.objects.get(case=broken, kind=Kind.CALLBACK).state == State.BROKEN
    return broken, soon


def test_a_broken_promise_case_is_first_in_the_queue(page, kurt, olga, billing, fault, ada):
    broken, soon = _queue_with_a_broken_promise(kurt, olga, billing, fault, ada)
    sign_in_agent(page, "ada", "ada-pass-123")
    page.goto("/desk/queue/")
    rows = page.locator("table.cases tbody tr")
    assert rows.count() == 2
    first = rows.first.inner_text()
    assert broken.reference in first and "overdue since" in first
    assert soon.reference in rows.nth(1).inner_text()
    screenshot(page, "desk-queue-overdue-first")


def test_the_desk_header_stays_on_one_row_at_1280_px(second_page, support):
    # The longest header: an admin (one more link) with a long name, in German (second_page).
    accounts.create_agent(
        username="petra",
        password="petra-pass-123",
        name="Petra Pfeiffer-Schmidtke",
        teams=(support,),
        is_admin=True,
    )
    sign_in_agent(second_page, "petra", "petra-pass-123")
    assert "Verwaltung" in second_page.locator(".desk-nav").inner_text()
    assert second_page.viewport_size["width"] == 1280
    tops = second_page.locator(".site-header > *").evaluate_all(
        "items => items.filter(e => e.offsetParent !== null)"
        ".map(e => Math.round(e.getBoundingClientRect().top))"
    )
    heights = second_page.locator(".site-header > *").evaluate_all(
        "items => items.map(e => e.getBoundingClientRect().height)"
    )
    header = second_page.locator(".site-header").bounding_box()
    assert len(tops) >= 4
    assert header["height"] <= max(heights) + 24, (tops, header)
    screenshot(second_page, "desk-header-1280-de", full_page=False)
