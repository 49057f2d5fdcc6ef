"""The pages with the Django test client: the public cancellation (no sign-in), the
portal's processes and returns, the desk's receive page and step actions."""

from datetime import UTC, date, datetime

import pytest
from django.test import Client

from fairdesk.lib import clock
from fairdesk.processes import services
from fairdesk.processes.models import Declaration, Return, Step
from tests.portal.conftest import sign_in

NOV_30 = datetime(2026, 11, 30, 9, 15, tzinfo=UTC)
FORM = {
    "kind": "ordinary",
    "name": "Kurt Kunde",
    "contract_number": "V-1001",
    "email": "kurt@example.org",
}


@pytest.fixture
def ada_client(ada) -> Client:
    client = Client()
    client.force_login(ada)
    return client


def test_the_cancel_page_needs_no_sign_in_and_asks_only_what_the_law_allows(client, support):
    page = client.get("/cancel/", HTTP_ACCEPT_LANGUAGE="de")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Verträge hier kündigen" in html and "Jetzt kündigen" in html
    assert 'type="password"' not in html and "phone" not in html


def test_the_cancel_link_is_on_every_portal_page(client, kurt):
    assert 'href="/cancel/"' in client.get("/portal/sign-in/").content.decode()
    sign_in(client, kurt)
    assert 'href="/cancel/"' in client.get("/portal/").content.decode()


def test_cancelling_shows_the_receipt_with_documents(
    client, dsl, django_capture_on_commit_callbacks
):
    with clock.frozen_at(NOV_30), django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/cancel/", FORM)
    declaration = Declaration.objects.get()
    assert sent.status_code == 302 and sent["Location"] == f"/cancel/receipt/{declaration.token}/"
    receipt = client.get(sent["Location"]).content.decode()
    assert declaration.case.reference in receipt and "2027" in receipt
    document = client.get(f"/cancel/receipt/{declaration.token}/declaration.txt")
    assert document["Content-Disposition"].startswith("attachment")
    assert "V-1001" in document.content.decode()
    assert client.get("/cancel/receipt/not-a-token/").status_code == 404


def test_a_past_date_is_refused_on_the_form_and_nothing_is_lost(client, dsl):
    with clock.frozen_at(NOV_30):
        refused = client.post("/cancel/", FORM | {"wanted_on": "2026-11-01"})
    html = refused.content.decode()
    assert refused.status_code == 422 and "That date has passed" in html
    assert 'value="V-1001"' in html  # what was typed is still there
    assert not Declaration.objects.exists()


def test_the_withdrawal_page_for_a_shop_order(
    client, shop_order, django_capture_on_commit_callbacks
):
    form = {"kind": "withdrawal", "name": "Olga Other", "contract_number": "B-5001"}
    with clock.frozen_at(NOV_30), django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/withdraw/", form | {"email": "olga@other.example"})
    assert sent.status_code == 302
    parcel = Return.objects.get(order=shop_order)
    assert parcel.declared_on == date(2026, 11, 30) and parcel.items.count() == 2


def test_a_withdrawal_after_the_period_is_refused(client, shop_order):
    form = {"kind": "withdrawal", "name": "Olga Other", "contract_number": "B-5001"}
    with clock.frozen_at(datetime(2026, 12, 20, tzinfo=UTC)):
        refused = client.post("/withdraw/", form | {"email": "olga@other.example"})
    assert refused.status_code == 422
    # The message itself (the page's introduction also names the withdrawal period).
    assert "The withdrawal period for this order ended on" in refused.content.decode()


def test_the_portal_shows_processes_with_steps_and_starts_a_return(
    olga, shop_order, django_capture_on_commit_callbacks
):
    client = sign_in(Client(), olga)
    overview = client.get("/portal/contracts/").content.decode()
    assert "B-5001" in overview and "Keyboard" in overview
    keyboard = shop_order.items.get(sku="KB-1")
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            "/portal/orders/B-5001/return/",
            {"wanted": "refund", "reason": "Tasten klemmen", f"item_{keyboard.pk}": "1"},
        )
    assert started.status_code == 302
    case_page = client.get(started["Location"]).content.decode()
    assert "step-done" in case_page and "step-next" in case_page
    assert "Return label" in case_page


def test_another_customer_cannot_return_from_an_order(kurt, shop_order):
    client = sign_in(Client(), kurt)
    assert client.get("/portal/orders/B-5001/return/").status_code == 404


@pytest.fixture
def parcel(shop_order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.start_shop_return(order=shop_order, items=None, wanted="refund", reason="x")


def test_the_receive_page_takes_one_parcel_per_htmx_post(ada_client, parcel):
    page = ada_client.get("/desk/returns/receive/")
    assert page.status_code == 200 and 'hx-post="/desk/returns/receive/"' in page.content.decode()
    line = ada_client.post(
        "/desk/returns/receive/", {"number": parcel.number}, HTTP_HX_REQUEST="true"
    )
    html = line.content.decode()
    assert "received-ok" in html and parcel.number in html and 'hx-swap-oob="true"' in html
    again = ada_client.post(
        "/desk/returns/receive/", {"number": parcel.number}, HTTP_HX_REQUEST="true"
    )
    assert "received-error" in again.content.decode() and "already" in again.content.decode()
    typo = ada_client.post("/desk/returns/receive/", {"number": "RT-1"}, HTTP_HX_REQUEST="true")
    assert "typing error" in typo.content.decode()


def test_customers_and_strangers_cannot_receive(client, kurt, parcel):
    assert client.post("/desk/returns/receive/", {"number": parcel.number}).status_code == 302
    assert Return.objects.get(pk=parcel.pk).state == "label_sent"


def test_the_desk_case_page_shows_steps_and_an_agent_settles(ada_client, ada, parcel):
    services.receive_parcel(number=parcel.number, agent=ada)
    page = ada_client.get(f"/desk/cases/{parcel.case.reference}/").content.decode()
    assert "Refund, replacement or repair" in page and "Settle return" in page
    ada_client.post(f"/desk/returns/{parcel.number}/settle/", {"amount": "49,90"})
    parcel.refresh_from_db()
    assert parcel.state == "closed" and parcel.refund_cents == 4990
    german = ada_client.get(f"/desk/cases/{parcel.case.reference}/", HTTP_ACCEPT_LANGUAGE="de")
    assert f"{parcel.number}</a> (abgeschlossen)" in german.content.decode()


def test_an_agent_expedites_a_step_from_the_case_page(ada_client, parcel):
    step = Step.objects.get(process=parcel.process, key="inspected")
    ada_client.post(f"/desk/steps/{step.pk}/expedite/", {"reason": "VIP-Kundin"})
    step.refresh_from_db()
    assert step.expedite_reason == "VIP-Kundin"


def test_the_desk_customer_page_lists_contracts_and_orders(ada_client, dsl):
    page = ada_client.get(f"/desk/customers/{dsl.customer_id}/").content.decode()
    assert "V-1001" in page and "FritzBox 7590" in page


def test_a_withdrawal_period_ending_on_christmas_runs_to_the_next_working_day(
    client, olga, support, django_capture_on_commit_callbacks
):
    # Delivered on Friday 11 December 2026: the 14th day is Christmas Day, a public holiday,
    # so the period runs to Monday 28 December (§ 193 BGB), as docs/processes.md says.
    services.save_order(
        email="olga@other.example",
        name="Olga Other",
        number="B-6001",
        ordered_on=date(2026, 12, 9),
        delivery="delivered",
        delivered_on=date(2026, 12, 11),
        items=(services.ItemIn(sku="KB-1", name="Keyboard", quantity=1, unit_price_cents=4990),),
    )
    form = {"kind": "withdrawal", "name": "Olga Other", "contract_number": "B-6001"}
    with (
        clock.frozen_at(datetime(2026, 12, 28, 10, tzinfo=UTC)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        sent = client.post("/withdraw/", form | {"email": "olga@other.example"})
    assert sent.status_code == 302
    assert Declaration.objects.get().effective_on == date(2026, 12, 28)


def test_a_late_withdrawal_of_a_contract_says_the_last_day_in_the_readers_words(client, kurt):
    # Concluded on 18 December 2026: 14 days end on New Year's Day, so Monday 4 January 2027
    # is the last day; on the 5th the page says so as a German reader reads a date.
    services.save_contract(
        email="kurt@example.org",
        name="Kurt Kunde",
        number="V-2002",
        concluded_on=date(2026, 12, 18),
        starts_on=date(2027, 1, 1),
        minimum_term_months=24,
    )
    form = {"kind": "withdrawal", "name": "Kurt Kunde", "contract_number": "V-2002"}
    with clock.frozen_at(datetime(2027, 1, 5, 10, tzinfo=UTC)):
        refused = client.post(
            "/withdraw/", form | {"email": "kurt@example.org"}, HTTP_ACCEPT_LANGUAGE="de"
        )
    html = refused.content.decode()
    assert refused.status_code == 422
    assert "Montag, 4. Januar 2027" in html and "2027-01-04" not in html
    assert not Declaration.objects.exists()


@pytest.mark.parametrize("typed", ["9999-12-31", "2099-12-31"])
def test_an_end_date_far_ahead_is_refused_clearly_and_nothing_is_lost(client, dsl, typed):
    # 9999-12-31 crashed the step planning (a 500); no contract runs for decades more.
    with clock.frozen_at(NOV_30):
        refused = client.post("/cancel/", FORM | {"wanted_on": typed}, HTTP_ACCEPT_LANGUAGE="en")
    html = refused.content.decode()
    assert refused.status_code == 422 and "too far ahead" in html
    assert 'value="V-1001"' in html
    assert not Declaration.objects.exists()


def test_process_pages_say_days_in_the_readers_format(
    client, dsl, django_capture_on_commit_callbacks
):
    """docs/language.md: one date format everywhere, so an English reader reads 'Sunday, 28
    February 2027' on the receipt and the steps, as in mail and timeline, not 'Feb. 28, 2027'."""
    with clock.frozen_at(NOV_30), django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/cancel/", FORM, HTTP_ACCEPT_LANGUAGE="en")
    receipt = client.get(sent["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Sunday, 28 February 2027" in receipt and "Monday, 30 November 2026" in receipt
    assert "Feb. 28" not in receipt and "Nov. 30" not in receipt
    kurt = Declaration.objects.get().customer
    portal = sign_in(Client(), kurt)
    portal.cookies["fairdesk_portal_language"] = "en"
    overview = portal.get("/portal/contracts/").content.decode()
    assert "Sunday, 28 February 2027" in overview and "Feb. 28" not in overview
