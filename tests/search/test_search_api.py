"""GET /api/v1/cases?q=: the same search, ranked, paginated, and filtered by who asks."""

import pytest

from fairdesk.accounts.services import create_token
from fairdesk.cases import services as cases
from tests.api.conftest import ApiClient


@pytest.fixture
def ada_api(ada):
    return ApiClient(create_token(user=ada))


@pytest.fixture
def kurt_api(kurt):
    return ApiClient(create_token(customer=kurt))


def _open(customer, subject, body="Bitte helfen Sie mir."):
    return cases.open_new_case(
        customer=customer,
        subject=subject,
        body=body,
        channel="email",
    ).case


def _references(response):
    assert response.status_code == 200, response.content
    return [item["reference"] for item in response.json()["items"]]


def test_agent_search_is_ranked(ada_api, kurt, olga, support):
    in_body = _open(kurt, "Anfrage", body="Die Störungen nehmen kein Ende")
    in_subject = _open(olga, "Störung seit Montag")
    _open(olga, "Rechnung falsch")
    found = _references(ada_api.get("/cases", q="Störung"))
    assert found == [in_subject.reference, in_body.reference]


def test_customer_sees_only_their_cases_and_never_internal_notes(
    kurt_api, kurt, olga, ada, support
):
    kurts = _open(kurt, "Router blinkt")
    _open(olga, "Router broken")
    cases.add_note(case=kurts, agent=ada, body="Kulanz abgelehnt")
    assert _references(kurt_api.get("/cases", q="router")) == [kurts.reference]
    assert _references(kurt_api.get("/cases", q="Kulanz")) == []


def test_agent_finds_internal_notes(ada_api, kurt, ada, support):
    case = _open(kurt, "Router blinkt")
    cases.add_note(case=case, agent=ada, body="Kulanz abgelehnt")
    assert _references(ada_api.get("/cases", q="Kulanz")) == [case.reference]


def test_search_pages(ada_api, kurt, support):
    opened = {_open(kurt, f"Router {n}").reference for n in range(3)}
    first = ada_api.get("/cases", q="router", page_size=2).json()
    second = ada_api.get("/cases", q="router", page_size=2, page=2).json()
    assert first["next_page"] == 2 and second["next_page"] is None
    assert {i["reference"] for i in first["items"] + second["items"]} == opened


def test_search_combines_with_filters(ada_api, ada, kurt, support):
    open_one = _open(kurt, "Router blinkt")
    resolved = _open(kurt, "Router neu")
    cases.change_status(case=resolved, agent=ada, status="resolved")
    assert _references(ada_api.get("/cases", q="router", status="new")) == [open_one.reference]


def test_reference_search_puts_the_case_first(kurt_api, kurt, support):
    first = _open(kurt, "Router blinkt")
    second = _open(kurt, f"Nachtrag zu {first.reference}")
    assert _references(kurt_api.get("/cases", q=first.reference)) == [
        first.reference,
        second.reference,
    ]


def test_the_total_counts_every_match_beyond_the_ranked_ones(
    ada_api, kurt_api, kurt, olga, ada, support, monkeypatch
):
    from fairdesk.search import backends

    monkeypatch.setattr(backends, "RANKED", 2)  # only the newest two are ranked and paged
    for number in range(3):
        _open(kurt, f"Router {number}")
    _open(olga, "Router kaputt")
    noted = _open(olga, "Anfrage")
    cases.add_note(case=noted, agent=ada, body="Router prüfen")
    answer = ada_api.get("/cases", q="router").json()
    assert answer["total"] == {"count": 5, "exact": True} and len(answer["items"]) == 2
    # A customer counts only their own cases, and never by an internal note.
    assert kurt_api.get("/cases", q="router").json()["total"] == {"count": 3, "exact": True}
    assert ada_api.get("/cases").json()["total"] is None


def test_a_total_beyond_the_counted_limit_says_more_than(ada_api, kurt, support, monkeypatch):
    from fairdesk.search import selectors

    monkeypatch.setattr(selectors, "COUNTED", 2)
    for number in range(3):
        _open(kurt, f"Router {number}")
    assert ada_api.get("/cases", q="router").json()["total"] == {"count": 2, "exact": False}
    assert ada_api.get("/cases", q="zzzz").json()["total"] == {"count": 0, "exact": True}
