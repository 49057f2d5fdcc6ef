"""/api/v1/cases through HTTP with real tokens."""

from fairdesk.accounts.models import Customer
from fairdesk.cases.models import Case


def new_case(api, **overrides):
    payload = {
        "customer_email": "kurt@example.org",
        "customer_name": "Kurt Kunde",
        "subject": "Kein Internet",
        "body": "Seit heute kein Internet.",
    } | overrides
    return api.post("/cases", payload)


def test_agent_opens_a_case(ada_api, kurt):
    response = new_case(ada_api)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reference"].startswith("FD-") and body["status"] == "new"
    assert body["owner"] == {"kind": "team", "name": "Support", "team": "Support"}
    assert body["joined"] is False and isinstance(body["promises"], list)


def test_missing_fields_get_per_field_messages(ada_api, support):
    response = ada_api.post("/cases", {"customer_email": "kurt@example.org"})
    assert response.status_code == 422
    fields = {d["field"] for d in response.json()["detail"]}
    assert {"subject", "body"} <= fields


def test_wrong_types_and_unknown_status(ada_api, kurt):
    assert new_case(ada_api, subject=["x"]).status_code == 422
    reference = new_case(ada_api).json()["reference"]
    response = ada_api.patch(f"/cases/{reference}", {"status": "done"})
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "status"


def test_ten_megabyte_body_is_refused_cleanly(ada_api, support):
    response = new_case(ada_api, body="x" * (10 * 1024 * 1024))
    assert response.status_code == 422
    assert Case.objects.count() == 0


def test_forbidden_transition_is_409(ada_api, kurt):
    reference = new_case(ada_api).json()["reference"]
    assert ada_api.patch(f"/cases/{reference}", {"status": "closed"}).status_code == 200
    response = ada_api.patch(f"/cases/{reference}", {"status": "open"})
    assert response.status_code == 409


def test_unknown_reference_is_404(ada_api):
    assert ada_api.get("/cases/FD-999999").status_code == 404


def test_no_token_is_401(client):
    assert client.get("/api/v1/cases").status_code == 401


def test_customer_sees_only_own_cases_and_no_notes(ada_api, kurt_api, olga_api, ada):
    reference = new_case(ada_api).json()["reference"]
    ada_api.post(f"/cases/{reference}/entries", {"kind": "note", "body": "intern: Kulanz?"})
    ada_api.post(f"/cases/{reference}/entries", {"kind": "reply", "body": "Wir prüfen."})
    mine = kurt_api.get(f"/cases/{reference}").json()
    bodies = [entry["body"] for entry in mine["timeline"]]
    assert "Wir prüfen." in bodies and "intern: Kulanz?" not in bodies
    assert olga_api.get(f"/cases/{reference}").status_code == 404
    assert olga_api.get("/cases").json()["items"] == []


def test_customer_may_not_write_notes_or_reassign(ada_api, kurt_api, kurt):
    reference = new_case(ada_api).json()["reference"]
    assert (
        kurt_api.post(f"/cases/{reference}/entries", {"kind": "note", "body": "x"}).status_code
        == 403
    )
    assert kurt_api.patch(f"/cases/{reference}", {"priority": "urgent"}).status_code == 403


def test_list_filters_and_pages(ada_api, kurt, ada):
    for number in range(3):
        new_case(ada_api, subject=f"Fall {number}", customer_email=f"c{number}@example.org")
    page = ada_api.get("/cases", status="new", page_size=2).json()
    assert len(page["items"]) == 2 and page["next_page"] == 2
    assert len(ada_api.get("/cases", page=2, page_size=2).json()["items"]) == 1
    assert ada_api.get("/cases", status="resolved").json()["items"] == []


def test_openapi_document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and "/api/v1/cases" in response.json()["paths"]


def test_a_refused_case_leaves_no_new_customer_behind(ada_api, support):
    response = new_case(ada_api, customer_email="neu@example.org", category="Gibt es nicht")
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "category"
    assert not Customer.objects.exists()


def test_a_bad_customer_email_names_the_field(ada_api, support):
    response = new_case(ada_api, customer_email="kein at zeichen")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "customer_email"


def test_customer_opens_a_case_for_themselves(kurt_api, kurt, support):
    response = kurt_api.post("/cases", {"subject": "Router", "body": "blinkt"})
    assert response.status_code == 201
    assert response.json()["customer"] == {"name": "Kurt Kunde", "email": "kurt@example.org"}


def test_a_second_contact_about_the_same_fault_joins_the_open_case(ada_api, kurt, fault):
    first = new_case(ada_api, category="Internet > Störung").json()
    again = new_case(ada_api, category="Internet > Störung", body="Immer noch nicht.").json()
    assert again["reference"] == first["reference"] and again["joined"] is True
    assert again["notices"]


def test_naming_the_reference_joins_that_case(ada_api, kurt):
    first = new_case(ada_api).json()["reference"]
    again = new_case(ada_api, subject=f"Re: {first}", body="Nachtrag").json()
    assert again["reference"] == first and again["joined"] is True


def test_list_filters_by_team_owner_customer_and_time(ada_api, ada, kurt, olga):
    kurts = new_case(ada_api).json()["reference"]
    new_case(ada_api, customer_email="olga@other.example", subject="Hello")
    ada_api.patch(f"/cases/{kurts}", {"owner": {"agent": "ada", "note": "meins"}})

    def references(**filters):
        return [case["reference"] for case in ada_api.get("/cases", **filters).json()["items"]]

    assert references(owner="ada") == [kurts]
    assert references(customer="kurt@example.org") == [kurts]
    assert len(references(team="Support")) == 2
    assert references(team="Vertrieb") == [] and references(owner="zoe") == []
    assert references(customer="nobody@example.org") == []
    assert references(updated_since="2999-01-01T00:00:00Z") == []


def test_detail_has_timeline_promises_and_links(ada_api, kurt):
    reference = new_case(ada_api).json()["reference"]
    body = ada_api.get(f"/cases/{reference.lower()}").json()
    assert body["reference"] == reference
    assert body["timeline"][0]["kind"] == "message_in"
    assert isinstance(body["promises"], list) and body["related"] == []
