"""Every failure under /api/v1/ answers JSON in one shape: {"detail": [{field, message}]}."""

import pytest
from django.test import override_settings

from fairdesk.cases.models import Case


def assert_problem(response, status, field=None):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert detail and detail[0]["message"]
    assert detail[0]["field"] == field
    assert b"Traceback" not in response.content


def test_malformed_json_is_a_400_with_a_message(ada_api, support):
    response = ada_api.send("POST", "/cases", raw="{subject: oops")
    assert_problem(response, 400)
    assert "JSON" in response.json()["detail"][0]["message"]


@pytest.mark.parametrize("raw", ['["a", "b"]', '"just text"', "42", "null"])
def test_json_that_is_not_an_object_is_a_400(ada_api, support, raw):
    response = ada_api.send("POST", "/cases", raw=raw)
    assert_problem(response, 400)
    assert "object" in response.json()["detail"][0]["message"]


def test_bytes_that_are_not_utf8_are_a_400(ada_api, support):
    assert_problem(ada_api.send("POST", "/cases", raw=b"\xff\xfe{"), 400)


@pytest.mark.parametrize(("method", "path"), [("PUT", "/cases"), ("DELETE", "/cases/FD-000001")])
def test_wrong_method_is_a_405_that_says_what_is_allowed(ada_api, method, path):
    response = ada_api.send(method, path, {})
    assert_problem(response, 405)
    assert "GET" in response["Allow"]


def test_unknown_endpoint_is_a_json_404(ada_api):
    assert_problem(ada_api.get("/tickets"), 404)


def test_unknown_fields_are_refused_by_name(ada_api, kurt):
    response = ada_api.post(
        "/cases",
        {"customer_email": "kurt@example.org", "subject": "a", "body": "b", "prio": "high"},
    )
    assert_problem(response, 422, field="prio")
    assert Case.objects.count() == 0


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=64 * 1024)
def test_a_request_larger_than_allowed_is_a_413(ada_api, kurt):
    response = ada_api.post(
        "/cases", {"customer_email": "kurt@example.org", "subject": "a", "body": "x" * 100_000}
    )
    assert_problem(response, 413)


def test_wrong_query_types_name_the_parameter(ada_api):
    assert_problem(ada_api.get("/cases", page="zwei"), 422, field="page")
    assert_problem(ada_api.get("/cases", updated_since="gestern"), 422, field="updated_since")
    assert_problem(ada_api.get("/cases", status="done"), 422, field="status")


def test_customers_may_not_filter_by_customer(kurt_api):
    assert_problem(kurt_api.get("/cases", customer="olga@other.example"), 403)
