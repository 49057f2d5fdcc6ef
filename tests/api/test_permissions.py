"""Who may do what through the API: every endpoint × every role, as one table.

Read a row as a sentence: "<role> who tries to <action> gets <status>". Another customer's
case does not exist for a customer (404, not 403), so its reference reveals nothing.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User

from fairdesk.accounts.models import AgentProfile, Customer
from fairdesk.accounts.services import (
    create_agent,
    create_token,
    give_customer_password,
    revoke_token,
    set_auditor_role,
    set_case_visibility,
)
from fairdesk.lib import clock
from tests import people
from tests.api.conftest import ApiClient, make_desk

ROLES = [
    "anonymous",
    "bad_token",
    "revoked",
    "expired",
    "inactive_agent",
    "no_profile",
    "deactivated",
    "auditor",
    "agent",
    "scoped",
    "owner",
    "other",
]

# inactive_agent: Ben's user deactivated; no_profile: Ben's agent profile removed;
# deactivated: Kurt's portal user deactivated; auditor: Audrey, read-only; scoped: Ben when
# agents see only their teams' cases (Kurt's cases are Support's, Ben is in Technik).
# action                        anon bad  rev  exp inact noprof deact audit agent scoped owner other
TABLE = """
read the OpenAPI document       200 200 200 200 200 200 200 200 200 200 200 200
list cases                      401 401 401 401 401 401 401 200 200 200 200 200
open a case for a customer      401 401 401 401 401 401 401 403 201 201 422 422
open a case of one's own        401 401 401 401 401 401 401 403 422 422 201 201
open an urgent case of one's own 401 401 401 401 401 401 401 403 422 422 422 422
read the case                   401 401 401 401 401 401 401 200 200 404 200 404
write a customer message        401 401 401 401 401 401 401 403 403 404 201 404
reply                           401 401 401 401 401 401 401 403 201 404 403 404
write an internal note          401 401 401 401 401 401 401 403 201 404 403 404
record a diagnostic             401 401 401 401 401 401 401 403 201 404 403 404
change the priority             401 401 401 401 401 401 401 403 200 404 403 404
tag the case                    401 401 401 401 401 401 401 403 200 404 403 404
mark the case solved            401 401 401 401 401 401 401 403 200 404 200 404
merge it into the second case   401 401 401 401 401 401 401 403 200 404 403 404
link it to the second case      401 401 401 401 401 401 401 403 201 404 403 404
download the reply's file       401 401 401 401 401 401 401 200 200 404 200 404
download the note's file        401 401 401 401 401 401 401 200 200 404 404 404
"""


def _requests(desk) -> dict:
    """What each action sends: method, path, JSON body."""
    ref = desk.case.reference
    own = {"subject": "Router", "body": "Router blinkt."}
    new = own | {"customer_email": "kurt@example.org"}
    return {
        "read the OpenAPI document": ("GET", "/openapi.json", None),
        "list cases": ("GET", "/cases", None),
        "open a case for a customer": ("POST", "/cases", new),
        "open a case of one's own": ("POST", "/cases", own),
        "open an urgent case of one's own": ("POST", "/cases", own | {"priority": "urgent"}),
        "read the case": ("GET", f"/cases/{ref}", None),
        "write a customer message": (
            "POST",
            f"/cases/{ref}/entries",
            {"kind": "message", "body": "Noch da?"},
        ),
        "reply": ("POST", f"/cases/{ref}/entries", {"kind": "reply", "body": "Ja."}),
        "write an internal note": ("POST", f"/cases/{ref}/entries", {"kind": "note", "body": "x"}),
        "record a diagnostic": (
            "POST",
            f"/cases/{ref}/entries",
            {"kind": "diagnostic", "check": "Leitung", "result": "ok"},
        ),
        "change the priority": ("PATCH", f"/cases/{ref}", {"priority": "high"}),
        "tag the case": ("PATCH", f"/cases/{ref}", {"tags": ["dsl"]}),
        "mark the case solved": ("PATCH", f"/cases/{ref}", {"status": "resolved"}),
        "merge it into the second case": (
            "POST",
            f"/cases/{ref}/merge",
            {"into": desk.second.reference},
        ),
        "link it to the second case": (
            "POST",
            f"/cases/{ref}/links",
            {"reference": desk.second.reference},
        ),
        "download the reply's file": (
            "GET",
            f"/cases/{ref}/attachments/{desk.public_file.pk}",
            None,
        ),
        "download the note's file": (
            "GET",
            f"/cases/{ref}/attachments/{desk.internal_file.pk}",
            None,
        ),
    }


def _rows():
    for line in TABLE.strip().splitlines():
        (*words,) = line.split()
        action, statuses = " ".join(words[: -len(ROLES)]), words[-len(ROLES) :]
        for role, status in zip(ROLES, statuses, strict=True):
            yield pytest.param(
                role, action, int(status), id=f"{role} who tries to {action} gets {status}"
            )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Made once for the table's rows (about 200), each row rolled back after it."""
    with people.world_once(django_db_blocker):
        support = people.team("Support")
        people.lena(support)
        ada = people.ada(support)
        people.ben(people.team("Technik"))
        olga = people.olga()
        yield make_desk(ada, people.kurt()), olga.pk


@pytest.fixture
def desk(world, db):
    return world[0]


@pytest.fixture
def client_for(world, desk):
    def make(role: str) -> ApiClient:
        # Fresh from the database: a row before this one may have changed them and been
        # rolled back.
        ada, ben = (User.objects.get(username=name) for name in ("ada", "ben"))
        kurt, olga = (Customer.objects.get(pk=pk) for pk in (desk.case.customer_id, world[1]))
        if role == "anonymous":
            return ApiClient()
        if role == "bad_token":
            return ApiClient("fd_not-a-token-anyone-was-given")
        if role == "revoked":
            token = create_token(user=ada)
            assert revoke_token(prefix=token[:11]) == 1
            return ApiClient(token)
        if role == "expired":
            with clock.frozen_at(clock.now() - timedelta(hours=1)):
                return ApiClient(create_token(user=ada, expires_in=timedelta(minutes=30)))
        if role in ("inactive_agent", "no_profile"):
            token = create_token(user=ben)
            if role == "no_profile":
                AgentProfile.objects.filter(user=ben).delete()
            else:
                ben.is_active = False
                ben.save(update_fields=["is_active"])
            return ApiClient(token)
        if role == "deactivated":
            token = create_token(customer=kurt)
            user = give_customer_password(customer=kurt, password="kurt-pass-123")
            user.is_active = False
            user.save(update_fields=["is_active"])
            return ApiClient(token)
        if role == "auditor":
            audrey = create_agent(username="audrey", password="audrey-pass-123")
            set_auditor_role(admin=None, user=audrey, is_auditor=True)
            return ApiClient(create_token(user=audrey))
        if role == "scoped":
            set_case_visibility(admin=None, visibility="teams")
            return ApiClient(create_token(user=ben))
        holder = {"agent": {"user": ada}, "owner": {"customer": kurt}, "other": {"customer": olga}}
        return ApiClient(create_token(**holder[role]))

    return make


@pytest.mark.parametrize(("role", "action", "expected"), list(_rows()))
def test_permission(client_for, desk, role, action, expected):
    method, path, body = _requests(desk)[action]
    response = client_for(role).send(method, path, body)
    assert response.status_code == expected, response.content[:300]
    if response["Content-Type"].startswith("application/json") and expected >= 400:
        assert response.json()["detail"][0]["message"]
