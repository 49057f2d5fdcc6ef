"""Promises and credits on the case page: mark kept, withdraw, confirm, reject."""

from datetime import timedelta

import pytest
from django.urls import reverse

from fairdesk.lib import clock
from fairdesk.promises import services as promises
from fairdesk.promises.models import Credit, Kind, Promise


def _post(client, case, action, data):
    return client.post(reverse("desk:case_action", args=[case.reference, action]), data)


def _page(client, case) -> str:
    return client.get(reverse("desk:case", args=[case.reference])).content.decode()


@pytest.fixture
def callback(kurt_case, ada) -> Promise:
    return promises.make_promise(
        case=kurt_case,
        agent=ada,
        kind=Kind.CALLBACK,
        due_at=clock.now() + timedelta(days=1),
        description="Rückruf nach der Messung",
    )


def test_agent_marks_a_promise_kept(ada_client, kurt_case, callback):
    assert f'id="id_keep_promise-promise_{callback.pk}"' in _page(ada_client, kurt_case)
    response = _post(ada_client, kurt_case, "keep_promise", {"keep_promise-promise": callback.pk})
    assert response.status_code == 302
    callback.refresh_from_db()
    assert callback.state == "kept"
    page = _page(ada_client, kurt_case)
    assert "Promise kept" in page
    assert f'id="id_keep_promise-promise_{callback.pk}"' not in page


def test_a_promise_kept_twice_is_refused_on_its_row(ada_client, kurt_case, callback):
    _post(ada_client, kurt_case, "keep_promise", {"keep_promise-promise": callback.pk})
    response = _post(ada_client, kurt_case, "keep_promise", {"keep_promise-promise": callback.pk})
    assert response.status_code == 422
    assert "The promise is already kept." in response.content.decode()


def test_withdrawing_needs_a_reason_shown_next_to_the_field(ada_client, kurt_case, callback):
    response = _post(
        ada_client,
        kurt_case,
        "withdraw_promise",
        {"withdraw_promise-promise": callback.pk, "withdraw_promise-reason": "  "},
    )
    assert response.status_code == 422
    page = response.content.decode()
    error_id = f"id_withdraw_promise-reason_{callback.pk}_error"
    assert f'id="{error_id}"' in page
    error = page[page.index(error_id) :]
    assert error.index("Say why the promise is withdrawn.") < error.index("</div>")
    callback.refresh_from_db()
    assert callback.state == "pending"


def test_withdrawn_promise_shows_its_reason(ada_client, kurt_case, callback):
    response = _post(
        ada_client,
        kurt_case,
        "withdraw_promise",
        {
            "withdraw_promise-promise": callback.pk,
            "withdraw_promise-reason": "Der Techniker ruft direkt an.",
        },
    )
    assert response.status_code == 302
    callback.refresh_from_db()
    assert (callback.state, callback.reason) == ("withdrawn", "Der Techniker ruft direkt an.")
    assert "Der Techniker ruft direkt an." in _page(ada_client, kurt_case)


def test_a_promise_of_another_case_cannot_be_settled_from_this_one(
    ada_client, kurt_case, olga_case, callback
):
    response = _post(ada_client, olga_case, "keep_promise", {"keep_promise-promise": callback.pk})
    assert response.status_code == 404
    callback.refresh_from_db()
    assert callback.state == "pending"


def test_pending_credit_shows_amount_rule_and_can_be_confirmed(ada_client, missed_visit):
    case = missed_visit.case
    page = _page(ada_client, case)
    credits = page[page.index('class="credits"') : page.index('class="timeline"')]
    assert "10.00 EUR" in credits and "TKG §58(4) missed appointment" in credits
    assert "Techniker kommt" in credits and "pending" in credits
    response = _post(ada_client, case, "confirm_credit", {"confirm_credit-credit": missed_visit.pk})
    assert response.status_code == 302
    missed_visit.refresh_from_db()
    assert missed_visit.state == "confirmed"
    page = _page(ada_client, case)
    assert "Credit of 10.00 EUR confirmed." in page
    assert 'name="confirm_credit-credit"' not in page


def test_rejecting_a_credit_needs_a_note(ada_client, missed_visit):
    case = missed_visit.case
    data = {"reject_credit-credit": missed_visit.pk, "reject_credit-note": ""}
    response = _post(ada_client, case, "reject_credit", data)
    assert response.status_code == 422
    page = response.content.decode()
    assert f'id="id_reject_credit-note_{missed_visit.pk}_error"' in page
    assert "Say why the credit is rejected." in page
    data["reject_credit-note"] = "Kunde war nicht zu Hause."
    assert _post(ada_client, case, "reject_credit", data).status_code == 302
    assert Credit.objects.get(pk=missed_visit.pk).state == "rejected"


def test_a_credit_of_another_case_is_not_found(ada_client, olga_case, missed_visit):
    data = {"confirm_credit-credit": missed_visit.pk}
    assert _post(ada_client, olga_case, "confirm_credit", data).status_code == 404
    assert Credit.objects.get(pk=missed_visit.pk).state == "pending"
