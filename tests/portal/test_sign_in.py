"""Signing in to the portal: one-time links, passwords, throttling, no account discovery."""

import re
import socket
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail.backends import locmem
from django.test import Client, override_settings
from django.urls import reverse

from fairdesk.lib import clock
from fairdesk.portal import services as portal
from fairdesk.portal.policy import SESSION_KEY

LINK = re.compile(r"https?://\S+/portal/sign-in/([\w-]+)/")


@pytest.fixture
def request_link(django_capture_on_commit_callbacks):
    """Ask for a link as a browser would; the queued mail task runs when the request commits."""

    def post(client: Client, address: str):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("portal:request_link"), {"email": address})

    return post


def _token_from_mail() -> str:
    return LINK.search(mail.outbox[-1].body).group(1)


def test_emailed_link_signs_in_once(kurt, request_link):
    client = Client()
    request_link(client, "KURT@example.org")
    assert mail.outbox[-1].to == ["kurt@example.org"]
    message_id = mail.outbox[-1].message()["Message-ID"]
    assert message_id.endswith(f"@{settings.FAIRDESK_MAIL_DOMAIN}>")  # the desk's, not localhost
    token = _token_from_mail()

    # Opening the link only asks for a click: a mail scanner fetching it spends nothing.
    assert client.get(reverse("portal:link", args=[token])).status_code == 200
    response = client.post(reverse("portal:link", args=[token]))
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == kurt.pk

    again = Client().post(reverse("portal:link", args=[token]))
    assert again.status_code == 410
    assert SESSION_KEY not in again.wsgi_request.session


def test_link_expires_after_twenty_minutes(kurt):
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with clock.frozen_at(start):
        token = portal.issue_sign_in_link(customer=kurt)
    with clock.frozen_at(start + timedelta(minutes=21)):
        response = Client().post(reverse("portal:link", args=[token]))
    assert response.status_code == 410


def test_unknown_address_gets_the_same_answer_and_no_mail(kurt, request_link):
    known = request_link(Client(), "kurt@example.org")
    unknown = request_link(Client(), "nobody@example.org")
    assert len(mail.outbox) == 1
    assert known.status_code == unknown.status_code == 200
    answer = "a sign-in link is on its way"
    assert answer in known.content.decode() and answer in unknown.content.decode()


def test_link_mail_is_in_the_customers_language(olga, request_link):
    request_link(Client(HTTP_ACCEPT_LANGUAGE="de"), "olga@other.example")
    assert mail.outbox[-1].subject == "Your sign-in link"


def test_sign_in_sets_the_customers_language(kurt):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    token = portal.issue_sign_in_link(customer=kurt)
    response = client.post(reverse("portal:link", args=[token]))
    assert response.cookies[settings.FAIRDESK_PORTAL_LANGUAGE_COOKIE].value == "de"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies  # the desk keeps its own


def _kurt_with_password(kurt):
    user = get_user_model().objects.create_user(username="kurt-portal", password="kurt-pass-123")
    kurt.user = user
    kurt.save()
    return kurt


def test_password_signs_in(kurt):
    _kurt_with_password(kurt)
    client = Client()
    response = client.post(
        reverse("portal:password"), {"email": "kurt@example.org", "password": "kurt-pass-123"}
    )
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == kurt.pk
    # A portal session is not a Django login: it never opens the desk or the admin.
    assert not response.wsgi_request.user.is_authenticated
    assert client.get("/admin/").status_code == 302


def test_wrong_password_and_unknown_address_read_the_same(kurt):
    _kurt_with_password(kurt)
    wrong = Client().post(
        reverse("portal:password"), {"email": "kurt@example.org", "password": "nope-nope"}
    )
    unknown = Client().post(
        reverse("portal:password"), {"email": "who@example.org", "password": "nope-nope"}
    )
    assert wrong.status_code == unknown.status_code == 422
    assert "not right" in wrong.content.decode() and "not right" in unknown.content.decode()


def test_an_address_is_throttled_after_twenty_failed_passwords(kurt):
    _kurt_with_password(kurt)
    client = Client()
    for _ in range(20):
        client.post(reverse("portal:password"), {"email": "kurt@example.org", "password": "guess"})
    # Even the right password is refused from the address that guessed.
    response = client.post(
        reverse("portal:password"), {"email": "kurt@example.org", "password": "kurt-pass-123"}
    )
    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    # Kurt himself, from his own address, gets in.
    own = Client(REMOTE_ADDR="10.9.8.7")
    response = own.post(
        reverse("portal:password"), {"email": "kurt@example.org", "password": "kurt-pass-123"}
    )
    assert response.status_code == 302 and own.session[SESSION_KEY] == kurt.pk


def test_sign_out_ends_the_portal_session(kurt_client):
    kurt_client.post(reverse("portal:sign_out"))
    response = kurt_client.get(reverse("portal:my_cases"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:sign_in"))


def test_forms_refuse_posts_without_csrf_token(kurt, request_link):
    client = Client(enforce_csrf_checks=True)
    assert request_link(client, "kurt@example.org").status_code == 403
    assert len(mail.outbox) == 0
    token = portal.issue_sign_in_link(customer=kurt)
    assert client.post(reverse("portal:link", args=[token])).status_code == 403
    # The link was not spent by the refused request.
    assert portal.consume_sign_in_link(token=token) == kurt


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the block ends: nobody listens


def test_with_the_mail_server_down_known_and_unknown_addresses_read_the_same(kurt, request_link):
    smtp_down = override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=_closed_port(),
        EMAIL_TIMEOUT=2,
    )
    with smtp_down:
        known = request_link(Client(), "kurt@example.org")
        unknown = request_link(Client(), "nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    assert _page(known, "kurt@example.org") == _page(unknown, "nobody@example.org")


def _page(response, address: str) -> str:
    """The page without what differs on every response (the CSRF token) and the address."""
    page = re.sub(r'value="\w{64}"', "", response.content.decode())
    return page.replace(address, "ADDRESS")


class FailsTwice(locmem.EmailBackend):
    """An outbox whose server refuses the first two deliveries."""

    refused = 0

    def send_messages(self, messages):
        if FailsTwice.refused < 2:
            FailsTwice.refused += 1
            raise ConnectionRefusedError("the mail server is down")
        return super().send_messages(messages)


@override_settings(EMAIL_BACKEND="tests.portal.test_sign_in.FailsTwice")
def test_the_link_is_sent_again_until_the_server_takes_it_and_the_last_one_works(
    kurt, request_link
):
    FailsTwice.refused = 0
    request_link(Client(), "kurt@example.org")
    assert FailsTwice.refused == 2 and len(mail.outbox) == 1
    response = Client().post(reverse("portal:link", args=[_token_from_mail()]))
    assert response.status_code == 302


@override_settings(FAIRDESK_MAIL_FROM="service@shop.example")
def test_the_link_comes_from_fairdesk_mail_from(kurt, request_link):
    request_link(Client(), "kurt@example.org")
    assert mail.outbox[-1].from_email == "service@shop.example"
