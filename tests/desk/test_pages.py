"""The desk's pages as agents (and others) see them."""

from django.urls import reverse

from fairdesk.cases import services as cases


def test_signed_out_visitor_is_sent_to_sign_in(client, db):
    response = client.get("/desk/")
    assert response.status_code == 302
    assert response["Location"].startswith("/desk/sign-in/?next=/desk/")


def test_customer_user_gets_403(kurt_client, kurt_case):
    assert kurt_client.get("/desk/").status_code == 403
    assert kurt_client.get(f"/desk/cases/{kurt_case.reference}/").status_code == 403


def test_team_queue_lists_unassigned_cases_of_my_team(ada_client, kurt_case, olga_case):
    page = ada_client.get("/desk/queue/").content.decode()
    assert kurt_case.reference in page
    assert olga_case.reference in page


def test_case_page_shows_timeline_and_forms(ada_client, kurt_case):
    response = ada_client.get(f"/desk/cases/{kurt_case.reference}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Seit Montag bricht die Verbindung" in page
    assert 'name="reply-body"' in page
    assert "Content-Security-Policy" in response.headers


def test_reply_goes_to_the_timeline(ada_client, kurt_case):
    url = reverse("desk:case_action", args=[kurt_case.reference, "reply"])
    response = ada_client.post(url, {"reply-body": "Wir prüfen die Leitung."})
    assert response.status_code == 302
    page = ada_client.get(f"/desk/cases/{kurt_case.reference}/").content.decode()
    assert "Wir prüfen die Leitung." in page


def test_hand_over_without_note_is_refused_next_to_the_field(ada_client, ben, kurt_case):
    url = reverse("desk:case_action", args=[kurt_case.reference, "hand_over"])
    response = ada_client.post(url, {"hand_over-to_agent": ben.pk, "hand_over-note": ""})
    assert response.status_code == 422
    assert "A handoff needs a note" in response.content.decode()
    kurt_case.refresh_from_db()
    assert kurt_case.assignee_id is None


def test_search_by_reference_goes_to_the_case(ada_client, kurt_case):
    response = ada_client.get("/desk/search/", {"q": kurt_case.reference.lower()})
    assert response.status_code == 302
    assert response["Location"] == f"/desk/cases/{kurt_case.reference}/"


def test_customer_page_lists_their_cases(ada_client, kurt, kurt_case):
    other = cases.open_case(customer=kurt, subject="Rechnung falsch", body="x", channel="web").case
    page = ada_client.get(f"/desk/customers/{kurt.pk}/").content.decode()
    assert kurt_case.reference in page and other.reference in page


def _closed(case):
    cases.change_status(case=case, agent=None, status="resolved")
    cases.change_status(case=case, agent=None, status="closed")


def test_a_closed_case_is_not_handed_over_and_the_page_says_why(ada_client, ben, kurt_case):
    _closed(kurt_case)
    url = reverse("desk:case_action", args=[kurt_case.reference, "hand_over"])
    data = {"hand_over-to_agent": ben.pk, "hand_over-note": "Bitte messen."}
    response = ada_client.post(url, data)
    assert response.status_code == 422
    assert f"Case {kurt_case.reference} is closed." in response.content.decode()
    response = ada_client.post(url, data, HTTP_ACCEPT_LANGUAGE="de")
    assert f"Fall {kurt_case.reference} ist geschlossen." in response.content.decode()
    kurt_case.refresh_from_db()
    assert kurt_case.assignee_id is None
    assert not kurt_case.entries.filter(kind="owner").exists()
