"""Tokens and sessions end when they should: each request checks its holder as they are now.

After a password change, a deactivation, a role change and the removal of an agent profile,
every session and token is tried again.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from fairdesk.accounts import services as accounts
from fairdesk.accounts.models import AgentProfile
from fairdesk.cases import services as cases
from fairdesk.lib import clock
from fairdesk.lib.errors import DomainError
from fairdesk.portal import services as portal
from fairdesk.privacy import services as privacy
from tests.api.conftest import ApiClient
from tests.test_cli import run_cli


def _desk_session(username: str, password: str) -> Client:
    client = Client()
    response = client.post("/desk/sign-in/", {"username": username, "password": password})
    assert response.status_code == 302
    return client


def _signed_out(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/desk/sign-in/")


def test_a_password_change_ends_the_agents_other_sessions(ada):
    laptop, phone = _desk_session("ada", "ada-pass-123"), _desk_session("ada", "ada-pass-123")
    token = ApiClient(accounts.create_token(user=ada))
    accounts.change_password(user=ada, password="a-new-pass-456")
    assert _signed_out(laptop.get("/desk/")) and _signed_out(phone.get("/desk/"))
    assert token.get("/cases").status_code == 200  # a token is not a session
    assert _desk_session("ada", "a-new-pass-456").get("/desk/").status_code == 200


def test_deactivating_an_agent_ends_sessions_and_tokens_at_once(ada, lena_admin):
    session = _desk_session("ada", "ada-pass-123")
    token = ApiClient(accounts.create_token(user=ada))
    accounts.deactivate_agent(admin=lena_admin, user=ada)
    assert _signed_out(session.get("/desk/"))
    assert token.get("/cases").status_code == 401


def test_removing_the_agent_profile_ends_desk_and_api_access(ben, desk_case):
    session = _desk_session("ben", "ben-pass-123")
    api = ApiClient(accounts.create_token(user=ben))
    AgentProfile.objects.filter(user=ben).delete()
    assert session.get("/desk/").status_code == 403
    ref = desk_case.reference
    assert api.get(f"/cases/{ref}").status_code == 401
    assert api.post(f"/cases/{ref}/entries", {"kind": "note", "body": "x"}).status_code == 401


def test_a_role_change_counts_on_the_next_request(lena_admin):
    session = _desk_session("lena", "lena-pass-123")
    assert session.get("/desk/admin/teams/").status_code == 200
    other = accounts.create_agent(username="root2", password="root2-pass-123", is_admin=True)
    accounts.set_admin_role(admin=other, user=lena_admin, is_admin=False)
    assert session.get("/desk/admin/teams/").status_code == 403
    assert session.get("/desk/").status_code == 200


def test_making_an_agent_an_auditor_makes_their_token_read_only(ada, desk_case):
    api = ApiClient(accounts.create_token(user=ada))
    ref = desk_case.reference
    assert api.post(f"/cases/{ref}/entries", {"kind": "note", "body": "a"}).status_code == 201
    accounts.set_auditor_role(admin=None, user=ada, is_auditor=True)
    assert api.post(f"/cases/{ref}/entries", {"kind": "note", "body": "b"}).status_code == 403
    assert api.get(f"/cases/{ref}").status_code == 200


@pytest.fixture
def desk_case(kurt, support):
    return cases.open_case(customer=kurt, subject="Router", body="blinkt", channel="email").case


@pytest.fixture
def kurt_with_password(kurt):
    accounts.give_customer_password(customer=kurt, password="kurt-pass-123")
    kurt.refresh_from_db()
    return kurt


def _portal_session(address="kurt@example.org", password="kurt-pass-123") -> Client:  # noqa: S107
    client = Client()
    response = client.post(reverse("portal:password"), {"email": address, "password": password})
    assert response.status_code == 302
    return client


def _portal_signed_out(client: Client) -> bool:
    response = client.get(reverse("portal:my_cases"))
    return response.status_code == 302 and "sign-in" in response["Location"]


def test_a_customers_password_change_ends_their_portal_sessions(kurt_with_password):
    by_password = _portal_session()
    by_link = Client()
    by_link.post(
        reverse("portal:link", args=[portal.issue_sign_in_link(customer=kurt_with_password)])
    )
    assert by_link.get(reverse("portal:my_cases")).status_code == 200
    accounts.change_password(user=kurt_with_password.user, password="kurts-new-pass-789")
    assert _portal_signed_out(by_password) and _portal_signed_out(by_link)
    assert (
        _portal_session(password="kurts-new-pass-789").get(reverse("portal:my_cases")).status_code
        == 200
    )


def test_deactivating_a_customer_ends_sessions_tokens_and_links(
    kurt_with_password, mailoutbox, request_link
):
    session = _portal_session()
    api = ApiClient(accounts.create_token(customer=kurt_with_password))
    link = portal.issue_sign_in_link(customer=kurt_with_password)
    assert accounts.deactivate_customer(customer=kurt_with_password) == 1
    assert _portal_signed_out(session)
    assert api.get("/cases").status_code == 401
    assert Client().post(reverse("portal:link", args=[link])).status_code == 410
    request_link(Client(), "kurt@example.org")
    assert mailoutbox == []
    accounts.get_or_create_customer(email="olga@other.example")
    request_link(Client(), "olga@other.example")
    assert len(mailoutbox) == 1  # an active customer's link still goes out


def test_a_customer_deactivated_by_their_user_alone_is_refused_too(kurt_with_password):
    """Whoever switched the portal user off (the Django admin, say), the token stops."""
    api = ApiClient(accounts.create_token(customer=kurt_with_password))
    session = _portal_session()
    kurt_with_password.user.is_active = False
    kurt_with_password.user.save(update_fields=["is_active"])
    assert api.get("/cases").status_code == 401
    assert _portal_signed_out(session)


def test_a_token_stops_at_its_expiry_and_records_its_last_use(ada):
    key = accounts.create_token(user=ada, expires_in=timedelta(days=30))
    api = ApiClient(key)
    assert api.get("/cases").status_code == 200
    token = accounts.tokens_of(user=ada).get()
    assert token.last_used_at is not None and token.expires_at is not None
    with clock.frozen_at(clock.now() + timedelta(days=31)):
        assert api.get("/cases").status_code == 401


def test_the_owner_sees_expiry_and_last_use_of_their_tokens(ada):
    ApiClient(accounts.create_token(user=ada, expires_in=timedelta(days=30))).get("/cases")
    accounts.create_token(user=ada)
    page = _desk_session("ada", "ada-pass-123").get("/desk/account/")
    assert page.status_code == 200
    html = page.content.decode()
    token = accounts.tokens_of(user=ada).exclude(expires_at=None).get()
    assert f"fd_{token.prefix}" in html
    assert html.count("never") >= 2  # one never expires, one was never used


def test_a_token_cannot_be_made_already_expired(ada):
    with pytest.raises(DomainError):
        accounts.create_token(user=ada, expires_in=timedelta(0))


def test_create_token_on_the_command_line_can_give_an_expiry(transactional_db, capsys, ada):
    code, out, _ = run_cli(capsys, "manage", "create_token", "ada", "--expires-days", "7")
    assert code == 0
    api = ApiClient(out.strip())
    assert api.get("/cases").status_code == 200
    with clock.frozen_at(clock.now() + timedelta(days=8)):
        assert api.get("/cases").status_code == 401


# A sign-in link opens a portal session with no password behind it: the session's stamp is
# the customer's session generation, which a deactivation and an erasure raise.


def _link_session(customer) -> Client:
    client = Client()
    response = client.post(
        reverse("portal:link", args=[portal.issue_sign_in_link(customer=customer)])
    )
    assert response.status_code == 302
    assert client.get(reverse("portal:my_cases")).status_code == 200
    return client


def test_deactivating_a_customer_ends_a_session_opened_by_a_link(kurt):
    session, api = _link_session(kurt), ApiClient(accounts.create_token(customer=kurt))
    other = _link_session(accounts.get_or_create_customer(email="olga@other.example"))
    accounts.deactivate_customer(customer=kurt)
    assert _portal_signed_out(session)
    assert api.get("/cases").status_code == 401
    assert other.get(reverse("portal:my_cases")).status_code == 200  # only Kurt's end


def test_an_erasure_ends_every_session_token_and_link_of_the_customer(
    kurt_with_password, admin_client, django_capture_on_commit_callbacks
):
    kurt = kurt_with_password
    by_link, by_password = _link_session(kurt), _portal_session()
    api = ApiClient(accounts.create_token(customer=kurt))
    spare_link = portal.issue_sign_in_link(customer=kurt)
    with django_capture_on_commit_callbacks(execute=True):
        erased = admin_client.post(
            reverse("desk:privacy_erase", args=[kurt.pk]), {"erase-confirm": "on"}
        )
    assert erased.status_code == 302
    assert _portal_signed_out(by_link) and _portal_signed_out(by_password)
    assert api.get("/cases").status_code == 401
    assert Client().post(reverse("portal:link", args=[spare_link])).status_code == 410
    assert by_link.get(reverse("portal:account")).status_code == 302


def test_an_erasure_ends_the_link_session_of_a_customer_without_a_password(
    kurt, lena_admin, django_capture_on_commit_callbacks
):
    session = _link_session(kurt)
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_customer(customer=kurt, agent=lena_admin)
    assert _portal_signed_out(session)
