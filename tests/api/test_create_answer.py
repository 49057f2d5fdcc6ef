"""The answer to POST /cases shows the promises and tags the request has just written without
reading them back (promises.selectors.MADE_HERE, cases.selectors.TAGS_NOTED): the same as a
GET of the case right after, and read again once anything in the request changes them."""

from datetime import UTC, datetime, timedelta

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from fairdesk.cases import selectors, services
from fairdesk.lib import clock, request_memo
from fairdesk.promises import services as promises
from fairdesk.promises.models import Kind
from fairdesk.promises.presets import ensure_presets
from fairdesk.promises.selectors import promises_and_next_due

SHOWN = ("promises", "next_due", "tags")


@pytest.fixture(autouse=True)
def _presets(db):
    ensure_presets()  # every new case gets its first-response and resolution promises


def test_an_agents_create_answer_is_what_the_case_shows_right_after(ada_api):
    created = ada_api.post(
        "/cases", {"customer_email": "neu@example.org", "subject": "Router", "body": "rot"}
    )
    assert created.status_code == 201, created.content
    answer = created.json()
    assert len(answer["promises"]) == 2 and answer["next_due"]
    shown = ada_api.get(f"/cases/{answer['reference']}").json()
    assert {key: answer[key] for key in SHOWN} == {key: shown[key] for key in SHOWN}


def test_a_customers_create_answer_is_what_they_see_right_after(support, kurt_api):
    created = kurt_api.post("/cases", {"subject": "Rechnung", "body": "doppelt abgebucht"})
    assert created.status_code == 201, created.content
    answer = created.json()
    assert answer["promises"]
    shown = kurt_api.get(f"/cases/{answer['reference']}").json()
    assert {key: answer[key] for key in SHOWN} == {key: shown[key] for key in SHOWN}


def test_what_the_request_changes_after_opening_the_case_is_read_again(ada, kurt):
    seen = {}

    def view(request):
        case = services.open_new_case(customer=kurt, subject="x", body="x", channel="api").case
        seen["tags before"] = selectors.tags_noted(case.pk)
        services.set_tags(case=case, agent=ada, names=["dsl"])
        seen["tags after"] = selectors.tags_noted(case.pk)
        seen["promises before"] = promises_and_next_due(case, public_only=False)[0]
        due = clock.now() + timedelta(days=2)
        promises.make_promise(case=case, agent=ada, kind=Kind.CALLBACK, due_at=due)
        seen["promises after"] = promises_and_next_due(case, public_only=False)[0]
        return HttpResponse()

    # A Monday morning: the callback two days on falls inside the business hours.
    with clock.frozen_at(datetime(2026, 11, 30, 8, tzinfo=UTC)):
        request_memo.request_memo(view)(RequestFactory().get("/"))
    assert seen["tags before"] == [] and seen["tags after"] is None
    assert [p.kind for p in seen["promises before"]] == [Kind.FIRST_RESPONSE, Kind.RESOLUTION]
    assert [p.kind for p in seen["promises after"]] == [
        Kind.FIRST_RESPONSE,
        Kind.RESOLUTION,
        Kind.CALLBACK,
    ]
