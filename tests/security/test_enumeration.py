"""The portal's sign-in forms give the same answer for a known, an unknown and a deactivated
address, and do the same work for each (their timings: bench/sign_in_timing.py)."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fairdesk.accounts import services as accounts

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def people(kurt, olga):
    """Kurt has a password; Olga has one and is deactivated; Nina has none (links only)."""
    accounts.give_customer_password(customer=kurt, password="kurt-pass-123")
    accounts.give_customer_password(customer=olga, password="olga-pass-123")
    accounts.deactivate_customer(customer=olga)
    accounts.get_or_create_customer(email="nina@example.org", name="Nina")
    return {
        "known": "kurt@example.org",
        "deactivated": "olga@other.example",
        "without password": "nina@example.org",
        "unknown": "nobody@example.org",
    }


def _answer(url: str, data: dict) -> tuple[int, str, int]:
    """Status, page (without its CSRF token) and how many queries the answer took (after a
    first request that fills the caches a fresh process fills once)."""
    Client().post(url, data | {"email": "warm-up@example.net"})
    with CaptureQueriesContext(connection) as queries:
        response = Client().post(url, data)
    return response.status_code, CSRF.sub("", response.content.decode()), len(queries)


def _without_address(answer: tuple[int, str, int], address: str) -> tuple[int, str, int]:
    status, page, queries = answer
    return status, page.replace(address, "ADDRESS"), queries


def test_the_password_form_answers_every_address_alike(people):
    answers = {
        who: _without_address(
            _answer(reverse("portal:password"), {"email": address, "password": "guess-123"}),
            address,
        )
        for who, address in people.items()
    }
    assert len(set(answers.values())) == 1, {who: a[0] for who, a in answers.items()}
    assert answers["known"][0] == 422


def test_the_link_form_answers_every_address_alike(people, mailoutbox, settings):
    # The worker's queue, as in production: the request only queues, whoever asks.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    answers = {
        who: _without_address(_answer(reverse("portal:request_link"), {"email": a}), a)
        for who, a in people.items()
    }
    assert len(set(answers.values())) == 1
    assert answers["known"][0] == 200


def test_only_an_active_customer_is_mailed_a_link(people, mailoutbox, request_link):
    for address in people.values():
        request_link(Client(), address)
    assert sorted(m.to[0] for m in mailoutbox) == ["kurt@example.org", "nina@example.org"]


def test_the_right_password_of_a_deactivated_customer_gets_the_same_refusal(people):
    wrong = _answer(reverse("portal:password"), {"email": people["known"], "password": "x-x-x"})
    deactivated = _answer(
        reverse("portal:password"), {"email": people["deactivated"], "password": "olga-pass-123"}
    )
    assert (
        _without_address(wrong, people["known"])[:2]
        == (_without_address(deactivated, people["deactivated"])[:2])
    )
