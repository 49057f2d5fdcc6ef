"""The API keeps its own document: schemathesis sends what the OpenAPI spec allows (and what it
does not), as an agent and as a customer, and every answer must be one the spec lists for
that operation, never a server error."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from fairdesk.accounts.services import create_token
from fairdesk.wsgi import application

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Bounded: about 20 examples per operation and token keeps the whole run near a minute.
FUZZ = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


@pytest.fixture(autouse=True)
def one_connection_for_the_test():
    """Django closes the database connection when a request ends; schemathesis calls the WSGI
    app directly (not through Django's test client, which stops that), and on PostgreSQL the
    test's transaction would end with the first answer."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def agent_token(ada, desk_world) -> str:
    return create_token(user=ada)


@pytest.fixture
def customer_token(kurt, desk_world) -> str:
    return create_token(customer=kurt)


@pytest.fixture
def desk_world(desk):
    """Kurt's cases (tests/api/conftest.py), so some generated references can exist."""
    return desk


def on_a_real_case(case, desk) -> None:
    """Every other generated reference becomes Kurt's real case, so bodies reach the services
    instead of stopping at 404."""
    parameters = case.path_parameters or {}
    if "reference" in parameters and len(str(parameters["reference"])) % 2 == 0:
        parameters["reference"] = desk.case.reference


def call(case, token: str, desk) -> None:
    on_a_real_case(case, desk)
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_the_api_answers_an_agent_as_documented(case, agent_token, desk_world):
    call(case, agent_token, desk_world)


@schema.parametrize()
@FUZZ
def test_the_api_answers_a_customer_as_documented(case, customer_token, desk_world):
    call(case, customer_token, desk_world)
