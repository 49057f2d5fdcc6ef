"""What the portal shows of promises and credits: the next promise per case, a withdrawn
promise's reason, and what broken promises owe (never a rejected proposal)."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse

from fairdesk.cases import services as cases
from fairdesk.lib import clock
from fairdesk.promises import credits
from fairdesk.promises import services as promises
from fairdesk.promises.models import Kind


def _open(customer, subject: str):
    return cases.open_new_case(
        customer=customer,
        subject=subject,
        body="x",
        channel="email",
    ).case


def _promise(case, agent, *, hours: int, what: str, visible: bool = True):
    return promises.make_promise(
        case=case,
        agent=agent,
        kind=Kind.CALLBACK,
        due_at=clock.now() + timedelta(hours=hours),
        description=what,
        visible=visible,
    )


def _case_page(client, case) -> str:
    return client.get(reverse("portal:case", args=[case.reference])).content.decode()


def _in_english(client):
    client.cookies[settings.FAIRDESK_PORTAL_LANGUAGE_COOKIE] = "en"
    return client


def test_my_cases_shows_each_cases_soonest_visible_promise(kurt_client, kurt, ada):
    case = _open(kurt, "Leitung")
    _promise(case, ada, hours=1, what="Interne Messung", visible=False)
    _promise(case, ada, hours=30, what="Rückruf später")
    _promise(case, ada, hours=5, what="Rückruf bald")
    quiet = _open(kurt, "Ohne Zusage")
    page = kurt_client.get(reverse("portal:my_cases")).content.decode()
    assert "Rückruf bald" in page
    assert "Rückruf später" not in page and "Interne Messung" not in page
    row = page[page.index(quiet.reference) :]
    assert row.index("—") < row.index("</tr>")  # no promise: a dash


def test_my_cases_query_count_does_not_grow_with_cases(
    kurt_client, kurt, ada, django_assert_num_queries
):
    for number in range(12):
        _promise(_open(kurt, f"Fall {number}"), ada, hours=number + 1, what=f"Rückruf {number}")
    # session, customer; the cases; the next promise of all of them at once.
    with django_assert_num_queries(4):
        response = kurt_client.get(reverse("portal:my_cases"))
    assert response.status_code == 200
    assert all(f"Rückruf {number}" in response.content.decode() for number in range(12))


def test_a_withdrawn_promise_tells_the_customer_why(kurt_client, kurt, ada):
    case = _open(kurt, "Rückruf")
    callback = _promise(case, ada, hours=4, what="Rückruf heute")
    promises.withdraw_promise(promise=callback, agent=ada, reason="Der Techniker ruft selbst an.")
    page = _case_page(kurt_client, case)
    listed = page[page.index('class="promises"') : page.index("</section>")]
    assert "Rückruf heute" in listed and "Der Techniker ruft selbst an." in listed
    timeline = page[page.index('id="timeline-heading"') :]
    assert "Der Techniker ruft selbst an." in timeline


def test_pending_credit_shows_amount_and_rule_in_german(kurt_client, missed_visit):
    page = _case_page(kurt_client, missed_visit.case)
    owed = page[page.index('id="credits-heading"') : page.index('id="timeline-heading"')]
    assert "Was wir Ihnen schulden" in owed
    assert "10,00 EUR" in owed and "wird bestätigt" in owed
    assert "TKG §58(4) versäumter Technikertermin" in owed  # the law's rule, in German


def test_confirmed_credit_shows_in_english(kurt_client, missed_visit, ada):
    credits.confirm_credit(credit=missed_visit, agent=ada)
    page = _case_page(_in_english(kurt_client), missed_visit.case)
    owed = page[page.index('id="credits-heading"') : page.index('id="timeline-heading"')]
    assert "What we owe you" in owed
    assert "10.00 EUR" in owed and "(confirmed)" in owed
    assert "TKG §58(4)" in owed


def test_a_rejected_credit_is_not_listed(kurt_client, missed_visit, ada):
    credits.reject_credit(credit=missed_visit, agent=ada, note="Termin vom Kunden abgesagt.")
    page = _case_page(kurt_client, missed_visit.case)
    assert 'id="credits-heading"' not in page


def test_another_customers_credit_is_never_shown(olga_client, missed_visit):
    response = olga_client.get(reverse("portal:case", args=[missed_visit.case.reference]))
    assert response.status_code == 404
