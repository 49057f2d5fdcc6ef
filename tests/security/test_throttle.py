"""Sign-in throttling: it stops guessing and spraying, and nobody can use it to lock an
owner out. Failures count per client address and per account apart."""

from datetime import timedelta

import pyotp
import pytest
from django.test import Client
from django.urls import reverse

from fairdesk import jobs
from fairdesk.accounts import throttle, two_factor
from fairdesk.accounts.services import give_customer_password
from fairdesk.lib import clock
from fairdesk.portal.policy import SESSION_KEY

ATTACKER = "203.0.113.66"
OWNER = "198.51.100.7"


def _desk(address: str, username: str, password: str):
    return Client(REMOTE_ADDR=address).post(
        "/desk/sign-in/", {"username": username, "password": password}
    )


def _portal(client: Client, email: str, password: str):
    return client.post(reverse("portal:password"), {"email": email, "password": password})


def test_a_hundred_wrong_passwords_from_one_address_do_not_stop_the_owner(ada):
    statuses = {_desk(ATTACKER, "ada", f"guess-{n}").status_code for n in range(100)}
    assert statuses == {401, 429}
    # The attacker's address is blocked, even with the right password ...
    assert _desk(ATTACKER, "ada", "ada-pass-123").status_code == 429
    # ... Ada, from her own address, signs in.
    response = _desk(OWNER, "ada", "ada-pass-123")
    assert response.status_code == 302 and response["Location"] == "/desk/"


def test_spraying_forty_accounts_from_one_address_is_blocked(ada):
    statuses = [_desk(ATTACKER, f"user{n}", "Sommer2026!").status_code for n in range(40)]
    assert statuses[:20] == [401] * 20
    assert set(statuses[20:]) == {429}
    # A known account with its right password is refused from there too.
    assert _desk(ATTACKER, "ada", "ada-pass-123").status_code == 429
    assert _desk(OWNER, "ada", "ada-pass-123").status_code == 302


def test_the_portal_owner_gets_in_from_another_address_after_a_hundred_guesses(kurt):
    give_customer_password(customer=kurt, password="kurt-pass-123")
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for n in range(100):
        _portal(attacker, "kurt@example.org", f"guess-{n}")
    assert _portal(attacker, "kurt@example.org", "kurt-pass-123").status_code == 429
    owner = Client(REMOTE_ADDR=OWNER)
    assert _portal(owner, "kurt@example.org", "kurt-pass-123").status_code == 302
    assert owner.session[SESSION_KEY] == kurt.pk


def test_spraying_forty_portal_addresses_from_one_address_is_blocked(kurt):
    give_customer_password(customer=kurt, password="kurt-pass-123")
    attacker = Client(REMOTE_ADDR=ATTACKER)
    statuses = [
        _portal(attacker, f"c{n}@example.org", "Sommer2026!").status_code for n in range(40)
    ]
    assert statuses[:20] == [422] * 20 and set(statuses[20:]) == {429}


def _guess_from_many_addresses(username: str, *, times: int) -> None:
    for n in range(times):
        _desk(f"10.1.{n // 10}.{n % 10}", username, f"guess-{n}")


def test_an_account_guessed_at_from_many_addresses_needs_a_second_factor(ada):
    _guess_from_many_addresses("ada", times=50)
    response = _desk(OWNER, "ada", "ada-pass-123")
    assert response.status_code == 429
    assert "two-factor" in response.content.decode()


def test_with_two_factor_the_owner_of_a_guessed_at_account_still_gets_in(ada):
    two_factor.start_enrollment(user=ada)
    secret = two_factor.pending_secret(ada)
    two_factor.confirm_enrollment(user=ada, code=pyotp.TOTP(secret).at(clock.now()))
    _guess_from_many_addresses("ada", times=50)
    client = Client(REMOTE_ADDR=OWNER)
    response = client.post("/desk/sign-in/", {"username": "ada", "password": "ada-pass-123"})
    assert response.status_code == 302 and response["Location"].startswith("/desk/sign-in/code/")
    with clock.frozen_at(clock.now() + timedelta(seconds=31)):
        code = pyotp.TOTP(secret).at(clock.now())
        response = client.post("/desk/sign-in/code/", {"code": code})
    assert response.status_code == 302
    assert client.get("/desk/").status_code == 200


def test_a_portal_account_guessed_at_from_many_addresses_still_gets_a_link(
    kurt, mailoutbox, request_link
):
    give_customer_password(customer=kurt, password="kurt-pass-123")
    for n in range(50):
        _portal(Client(REMOTE_ADDR=f"10.2.{n // 10}.{n % 10}"), "kurt@example.org", "guess")
    owner = Client(REMOTE_ADDR=OWNER)
    refused = _portal(owner, "kurt@example.org", "kurt-pass-123")
    assert refused.status_code == 429 and "link" in refused.content.decode()
    request_link(owner, "kurt@example.org")
    assert len(mailoutbox) == 1


@pytest.fixture
def behind_proxy(settings):
    settings.FAIRDESK_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]


def _via_proxy(client_address: str, username: str, password: str):
    client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"{client_address}, 10.0.0.2")
    return client.post("/desk/sign-in/", {"username": username, "password": password})


def test_behind_a_trusted_proxy_each_client_has_its_own_count(ada, behind_proxy):
    for n in range(25):
        _via_proxy(ATTACKER, f"user{n}", "guess")
    assert _via_proxy(ATTACKER, "ada", "ada-pass-123").status_code == 429
    assert _via_proxy(OWNER, "ada", "ada-pass-123").status_code == 302


def test_forwarded_for_from_an_untrusted_address_is_ignored(ada):
    for n in range(25):
        client = Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        client.post("/desk/sign-in/", {"username": f"user{n}", "password": "guess"})
    # Inventing a new X-Forwarded-For for each guess does not reset the count.
    assert _desk(ATTACKER, "ada", "ada-pass-123").status_code == 429


def test_the_django_admin_signs_in_through_the_throttled_desk_sign_in(ada, lena_admin):
    client = Client(REMOTE_ADDR=ATTACKER)
    response = client.get("/admin/")
    assert response.status_code == 302
    login = client.get(response["Location"])
    assert login.status_code == 302 and login["Location"].startswith("/desk/sign-in/?next=")
    # Posting a password to the admin's own sign-in page signs nobody in.
    client.post("/admin/login/", {"username": "lena", "password": "lena-pass-123"})
    assert "_auth_user_id" not in client.session
    for n in range(30):
        _desk(ATTACKER, "lena", f"wrong-{n}")
    assert _desk(ATTACKER, "lena", "lena-pass-123").status_code == 429


def test_counters_whose_window_ended_are_forgotten_by_a_periodic_job(ada):
    _desk(ATTACKER, "ada", "wrong")
    key = throttle.address_key("desk", ATTACKER)
    assert throttle.failures(key) == 1
    assert "fairdesk.accounts.throttle.forget_expired" in [job.run for job in jobs.PERIODIC]
    with clock.frozen_at(clock.now() + timedelta(hours=1)):
        assert throttle.failures(key) == 0
        assert throttle.forget_expired() == 2  # the address's and the account's
