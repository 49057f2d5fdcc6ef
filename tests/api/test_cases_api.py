"""/api/v1/cases through HTTP with real tokens."""

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
