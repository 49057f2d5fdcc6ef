"""POST /api/v1/cases/{reference}/merge and /links."""

from fairdesk.cases import services


def test_merge_moves_the_timeline_and_the_old_reference_leads_on(ada_api, desk):
    old, kept = desk.case.reference, desk.second.reference
    response = ada_api.post(f"/cases/{old}/merge", {"into": kept})
    assert response.status_code == 200, response.content
    assert response.json()["reference"] == kept
    followed = ada_api.get(f"/cases/{old}").json()
    assert followed["reference"] == kept
    assert "Wir messen die Leitung." in [e["body"] for e in followed["timeline"]]


def test_merge_refuses_other_customers_itself_and_unknown_cases(ada_api, olga, desk):
    olgas = services.open_case(customer=olga, subject="Hallo", body="x", channel="api").case
    path = f"/cases/{desk.case.reference}/merge"
    for into in (olgas.reference, desk.case.reference, "FD-999999"):
        response = ada_api.post(path, {"into": into})
        assert response.status_code == 422, into
        assert response.json()["detail"][0]["field"] == "into"
    assert ada_api.post(path, {}).json()["detail"][0]["field"] == "into"


def test_link_shows_on_both_cases_once(ada_api, desk):
    path = f"/cases/{desk.case.reference}/links"
    for _ in range(2):
        response = ada_api.post(path, {"reference": desk.second.reference})
        assert response.status_code == 201
    assert response.json() == {
        "reference": desk.case.reference,
        "related": [desk.second.reference],
    }
    other = ada_api.get(f"/cases/{desk.second.reference}").json()
    assert other["related"] == [desk.case.reference]
    linked = [e for e in other["timeline"] if e["data"].get("linked")]
    assert len(linked) == 1


def test_link_to_itself_names_the_field(ada_api, desk):
    response = ada_api.post(
        f"/cases/{desk.case.reference}/links", {"reference": desk.case.reference}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "reference"
