"""Every role × every endpoint of the security and privacy work, in the desk, the portal and
the administration pages, as one table read as sentences: "<role> who <method>s <url> gets
<status>". The API's table is tests/api/test_permissions.py. The knowledge base's pages
(merged today) are here too: its desk pages are for agents (an auditor writes nothing), its
portal help for everyone.

Roles: anon (signed out), kurt (a customer signed in to the portal and, with his password's
user, to the desk), olga (another customer, likewise), agent (Ada), lead (Lena, no admin
role), admin (Root), auditor (Audrey). In the desk a signed-out visitor goes to the sign-in
page (302); in the portal too. {token} is Ada's API token, {ktoken} Kurt's.
"""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from fairdesk.accounts import services as accounts
from fairdesk.accounts.models import ApiToken, Customer
from fairdesk.cases import services as cases
from fairdesk.cases.models import Case
from tests import people
from tests.portal.conftest import sign_in

ROLES = ("anon", "kurt", "olga", "agent", "lead", "admin", "auditor")

# method url                                       anon kurt olga agent lead admin auditor
TABLE = """
GET  /desk/account/                                302  403  403  200  200  200  200
POST /desk/account/tokens/new/                     302  403  403  201  201  201  201
POST /desk/account/language/                       302  403  403  302  302  302  403
POST /desk/account/tokens/{token}/revoke/          302  403  403  302  404  404  404
GET  /desk/admin/visibility/                       302  403  403  403  403  200  403
POST /desk/admin/visibility/                       302  403  403  403  403  302  403
GET  /desk/admin/sign-in/                          302  403  403  403  403  200  403
GET  /desk/admin/audit/                            302  403  403  403  403  200  200
GET  /desk/admin/audit/csv/                        302  403  403  403  403  200  200
GET  /desk/admin/privacy/                          302  403  403  403  403  200  403
POST /desk/admin/privacy/                          302  403  403  403  403  302  403
POST /desk/admin/customers/{kurt}/export/          302  403  403  403  403  200  403
GET  /desk/admin/customers/{kurt}/erase/           302  403  403  403  403  200  403
POST /desk/admin/customers/{kurt}/erase/           302  403  403  403  403  422  403
POST /desk/admin/cases/{case}/hold/place/          302  403  403  403  403  302  403
GET  /desk/cases/{case}/                           302  403  403  200  200  200  200
GET  /desk/customers/{kurt}/                       302  403  403  200  200  200  200
POST /desk/customers/{kurt}/bounce/clear/          302  403  403  302  302  302  403
GET  /desk/knowledge/                              302  403  403  200  200  200  200
GET  /desk/knowledge/new/                          302  403  403  200  200  200  200
POST /desk/knowledge/new/                          302  403  403  422  422  422  403
GET  /desk/cases/{case}/articles/                  302  403  403  200  200  200  200
GET  /portal/help/                                 200  200  200  200  200  200  200
GET  /portal/help/suggest/                         200  200  200  200  200  200  200
GET  /portal/account/                              302  200  200  302  302  302  302
POST /portal/account/tokens/{ktoken}/revoke/       302  302  404  302  302  302  302
POST /portal/my-data/                              302  200  200  302  302  302  302
GET  /portal/cases/{case}/                         302  200  404  302  302  302  302
"""

# What a POST sends (the hold's reason; an erasure without its confirmation does nothing).
BODIES = {
    "/desk/admin/visibility/": {"visibility": "all"},
    "/desk/admin/privacy/": {"rule-months": "24"},
    "/desk/admin/cases/{case}/hold/place/": {"hold-reason": "Beschwerde"},
    "/desk/account/tokens/new/": {"token-days": "7"},
    "/desk/account/language/": {"lang-language": "en"},
    "/desk/knowledge/new/": {"body_de": "Ein Text ohne Titel"},  # refused: 422, nothing saved
}


def _rows():
    for line in TABLE.strip().splitlines():
        method, url, *statuses = line.split()
        for role, status in zip(ROLES, statuses, strict=True):
            yield pytest.param(method, url, role, int(status), id=f"{role} {method} {url}")


@pytest.fixture(scope="module")
def made(django_db_setup, django_db_blocker):
    """Made once for the table's rows (about 190), each row rolled back after it; the rows
    read the people back by key, since a row may change them."""
    with people.world_once(django_db_blocker):
        support = people.team("Support")
        lena = people.lena(support)
        ada = people.ada(support)
        kurt, olga = people.kurt(), people.olga()
        case = cases.open_case(customer=kurt, subject="Router", body="blinkt", channel="portal")
        root = accounts.create_agent(username="root", password="root-pass-123", is_admin=True)
        yield {
            "case": case.case.pk,
            "token": _token_pk(user=ada),
            "ktoken": _token_pk(customer=kurt),
            "people": {"agent": ada.pk, "lead": lena.pk, "admin": root.pk},
            "auditor": people.audrey().pk,
            "customers": {"kurt": kurt.pk, "olga": olga.pk},
        }


def _token_pk(**holder) -> int:
    accounts.create_token(**holder)
    return ApiToken.objects.get(**holder).pk


@pytest.fixture
def world(made, db):
    users = User.objects.in_bulk([*made["people"].values(), made["auditor"]])
    customers = Customer.objects.in_bulk(made["customers"].values())
    return {
        "case": Case.objects.get(pk=made["case"]),
        "kurt": customers[made["customers"]["kurt"]],
        "token": made["token"],
        "ktoken": made["ktoken"],
        "people": {role: users[pk] for role, pk in made["people"].items()}
        | {"auditor": users[made["auditor"]]},
        "customers": {name: customers[pk] for name, pk in made["customers"].items()},
    }


def _client(world, role: str) -> Client:
    client = Client()
    if role in world["customers"]:
        customer = world["customers"][role]
        user = accounts.give_customer_password(customer=customer, password="pass-word-123")
        client.force_login(user)
        sign_in(client, customer)
    elif role in world["people"]:
        client.force_login(world["people"][role])
    return client


@pytest.mark.parametrize(("method", "url", "role", "expected"), list(_rows()))
def test_role_by_endpoint(world, method, url, role, expected):
    values = {
        "token": world["token"],
        "ktoken": world["ktoken"],
        "kurt": world["kurt"].pk,
        "case": world["case"].reference,
    }
    client = _client(world, role)
    path = url.format(**values)
    send = client.get if method == "GET" else client.post
    response = send(path, BODIES.get(url, {}))
    assert response.status_code == expected, response.content[:300]


# /health and /metrics (merged today from the operations work) are for machines: a desk or
# portal session opens nothing more there, and an API token is not the metrics token.


@pytest.mark.parametrize("role", ROLES)
def test_health_answers_everyone_alike_and_metrics_want_their_own_token(world, role, settings):
    client = _client(world, role)
    assert client.get("/health").status_code == Client().get("/health").status_code
    assert client.get("/metrics").status_code == 404  # no FAIRDESK_METRICS_TOKEN: off
    settings.FAIRDESK_METRICS_TOKEN = "metrics-secret-123"
    assert client.get("/metrics").status_code == 401
    agent_key = accounts.create_token(user=world["people"]["agent"])
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {agent_key}"}
    assert client.get("/metrics", **bearer).status_code == 401
    right = {"HTTP_AUTHORIZATION": "Bearer metrics-secret-123"}
    assert client.get("/metrics", **right).status_code == 200
