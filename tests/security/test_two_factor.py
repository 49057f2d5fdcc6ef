"""Two-factor sign-in: enrolling, signing in with a code, recovery codes, and roles an admin
makes use it."""

import re
from datetime import timedelta

import pyotp
import pytest
from django.test import Client

from fairdesk.accounts import two_factor
from fairdesk.accounts.models import AccountEvent
from fairdesk.accounts.services import change_password
from fairdesk.lib import clock
from fairdesk.lib.errors import DomainError


def _password(client: Client, username: str, password: str):
    return client.post("/desk/sign-in/", {"username": username, "password": password})


def _enrolled(user) -> tuple[str, list[str]]:
    two_factor.start_enrollment(user=user)
    secret = two_factor.pending_secret(user)
    codes = two_factor.confirm_enrollment(user=user, code=pyotp.TOTP(secret).at(clock.now()))
    return secret, codes


def _later(seconds: int = 31):
    return clock.frozen_at(clock.now() + timedelta(seconds=seconds))


def test_an_agent_enrolls_from_their_account_and_then_needs_a_code(ada):
    client = Client()
    _password(client, "ada", "ada-pass-123")
    page = client.get("/desk/account/two-factor/").content.decode()
    secret = re.search(r'data-secret="([A-Z2-7]+)"', page).group(1)
    done = client.post("/desk/account/two-factor/", {"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200 and len(re.findall(r"<li><code>", done.content.decode())) == 10
    assert AccountEvent.objects.filter(action="agent.two_factor_enrolled").exists()

    again = Client()
    response = _password(again, "ada", "ada-pass-123")
    assert response["Location"].startswith("/desk/sign-in/code/")
    assert again.get("/desk/").status_code == 302  # not signed in before the code
    with _later():
        assert again.post("/desk/sign-in/code/", {"code": "000000"}).status_code == 401
        ok = again.post("/desk/sign-in/code/", {"code": pyotp.TOTP(secret).at(clock.now())})
    assert ok.status_code == 302 and again.get("/desk/").status_code == 200


def test_a_code_is_accepted_once(ada):
    secret, _codes = _enrolled(ada)
    with _later():
        code = pyotp.TOTP(secret).at(clock.now())
        assert two_factor.verify(user=ada, code=code)
        assert not two_factor.verify(user=ada, code=code)


def test_a_recovery_code_signs_in_once(ada):
    _secret, codes = _enrolled(ada)
    client = Client()
    _password(client, "ada", "ada-pass-123")
    assert client.post("/desk/sign-in/code/", {"code": codes[0]}).status_code == 302
    other = Client()
    _password(other, "ada", "ada-pass-123")
    assert other.post("/desk/sign-in/code/", {"code": codes[0]}).status_code == 401


def test_the_second_step_without_the_first_goes_back_to_the_password(ada):
    _enrolled(ada)
    assert Client().get("/desk/sign-in/code/")["Location"] == "/desk/sign-in/"


def test_a_password_change_between_the_steps_voids_the_first(ada):
    secret, _codes = _enrolled(ada)
    client = Client()
    _password(client, "ada", "ada-pass-123")
    change_password(user=ada, password="a-new-pass-456")
    with _later():
        response = client.post("/desk/sign-in/code/", {"code": pyotp.TOTP(secret).at(clock.now())})
    assert response["Location"] == "/desk/sign-in/"


def test_an_admin_makes_a_role_sign_in_with_a_second_factor(admin_client, ada, ben, lena_admin):
    saved = admin_client.post("/desk/admin/sign-in/", {"roles": ["admin", "lead"]})
    assert saved.status_code == 302
    assert two_factor.desk_settings().two_factor_roles == ["admin", "lead"]
    assert AccountEvent.objects.filter(action="settings.two_factor_roles").exists()
    # Lena (admin and lead) must set it up before she gets in; Ada (agent) need not.
    lena = Client()
    response = _password(lena, "lena", "lena-pass-123")
    assert response["Location"].startswith("/desk/sign-in/code/")
    page = lena.get("/desk/sign-in/code/").content.decode()
    assert "must sign in with a second factor" in page
    assert lena.get("/desk/").status_code == 302
    secret = re.search(r'data-secret="([A-Z2-7]+)"', page).group(1)
    lena.post("/desk/sign-in/code/", {"code": pyotp.TOTP(secret).now()})
    assert lena.get("/desk/").status_code == 200
    assert _password(Client(), "ada", "ada-pass-123")["Location"] == "/desk/"


def test_an_unknown_role_is_refused(lena_admin):
    with pytest.raises(DomainError):
        two_factor.set_required_roles(admin=lena_admin, roles=["boss"])


def test_the_admin_page_for_two_factor_roles_is_for_admins(ada):
    client = Client()
    client.force_login(ada)
    assert client.post("/desk/admin/sign-in/", {"roles": []}).status_code == 403
