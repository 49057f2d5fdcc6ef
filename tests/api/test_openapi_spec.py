"""The OpenAPI document lists every error an operation can answer, in the one error shape."""

import pytest

from fairdesk.api.api import api

pytestmark = pytest.mark.django_db


def operations():
    spec = api.get_openapi_schema(path_prefix="/api/v1/")
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_every_operation_documents_its_errors_in_the_problem_shape():
    spec = api.get_openapi_schema(path_prefix="/api/v1/")
    assert spec["components"]["schemas"]["Problem"]["required"] == ["detail"]
    for path, method, operation in operations():
        codes = {int(code) for code in operation["responses"]}
        assert {401, 403} <= codes, (method, path)
        if "{" in path:
            assert 404 in codes, (method, path)
        if "requestBody" in operation:
            assert {400, 413, 422} <= codes, (method, path)
        if method != "get":
            assert 409 in codes, (method, path)
        problem = operation["responses"][401]["content"]["application/json"]["schema"]
        assert problem == {"$ref": "#/components/schemas/Problem"}


def test_the_success_answers_stay_as_each_route_declares_them():
    created = dict(((m, p), o) for p, m, o in operations())[("post", "/api/v1/cases")]
    assert 201 in created["responses"] and 200 not in created["responses"]


def test_the_served_document_carries_the_errors(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert set(spec["paths"]["/api/v1/cases/{reference}"]["get"]["responses"]) == {
        "200",
        "401",
        "403",
        "404",
        "422",
    }


@pytest.mark.parametrize("offset,limit", [(-1, 10), (0, -5), (0, 0), (0, 501)])
def test_a_list_slice_out_of_range_is_refused(ada_api, offset, limit):
    for path in ("/contracts", "/orders"):
        answer = ada_api.get(path, offset=offset, limit=limit)
        assert answer.status_code == 422, answer.content


def test_a_moment_without_a_utc_time_is_refused_not_a_server_error(ada_api):
    answer = ada_api.get("/cases", updated_since="9999-12-31T23:59:59-23:59")
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["field"] == "updated_since"
