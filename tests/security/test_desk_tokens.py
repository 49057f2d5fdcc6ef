"""An agent's own API tokens on the desk's My account page: made with an optional expiry
(the key shown once), listed with expiry and last use, revoked by their owner only; each
made and revoked token recorded."""

import re
from datetime import timedelta

import pytest
from django.test import Client

from fairdesk.accounts import services as accounts
from fairdesk.accounts.models import AccountEvent, ApiToken
from fairdesk.lib import clock
from tests.api.conftest import ApiClient

NEW, ACCOUNT = "/desk/account/tokens/new/", "/desk/account/"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _revoke_url(token: ApiToken) -> str:
    return f"/desk/account/tokens/{token.pk}/revoke/"


def test_an_agent_makes_a_token_that_expires_and_sees_its_key_once(ada):
    client = _client(ada)
    response = client.post(NEW, {"token-days": "30"})
    assert response.status_code == 201
    key = re.search(r'<code class="new-token">(fd_[^<]+)</code>', response.content.decode())[1]
    token = ApiToken.objects.get(user=ada)
    assert abs(token.expires_at - (clock.now() + timedelta(days=30))) < timedelta(minutes=1)
    assert ApiClient(key).get("/cases").status_code == 200
    page = client.get(ACCOUNT).content.decode()
    assert f"fd_{token.prefix}…" in page and key not in page  # listed, the key never again
    event = AccountEvent.objects.get(action="token.created")
    assert event.actor == ada and event.data == {
        "agent": ada.pk,
        "prefix": token.prefix,
        "days": 30,
    }
    assert key not in str(event.data)


def test_a_token_without_expiry_and_a_bad_expiry(ada):
    client = _client(ada)
    assert client.post(NEW, {"token-days": ""}).status_code == 201
    assert ApiToken.objects.get(user=ada).expires_at is None
    refused = client.post(NEW, {"token-days": "0"})
    assert refused.status_code == 422 and 'name="token-days"' in refused.content.decode()
    assert ApiToken.objects.filter(user=ada).count() == 1


def test_an_agent_revokes_their_token_and_it_stops_working(ada):
    key = accounts.create_token(user=ada)
    token = ApiToken.objects.get(user=ada)
    client = _client(ada)
    assert _revoke_url(token) in client.get(ACCOUNT).content.decode()
    response = client.post(_revoke_url(token), follow=True)
    assert response.status_code == 200 and _revoke_url(token) not in response.content.decode()
    assert ApiClient(key).get("/cases").status_code == 401
    assert AccountEvent.objects.get(action="token.revoked").data == {
        "agent": ada.pk,
        "prefix": token.prefix,
    }
    client.post(_revoke_url(token))  # again: harmless, not recorded twice
    assert AccountEvent.objects.filter(action="token.revoked").count() == 1


def test_another_agent_s_token_is_not_theirs_to_revoke(ada, ben):
    key = accounts.create_token(user=ben)
    token = ApiToken.objects.get(user=ben)
    client = _client(ada)
    assert f"fd_{token.prefix}" not in client.get(ACCOUNT).content.decode()
    assert client.post(_revoke_url(token)).status_code == 404
    assert client.get(_revoke_url(token)).status_code == 405
    assert ApiClient(key).get("/cases").status_code == 200


def test_an_auditor_may_revoke_their_own_token(audrey):
    key = accounts.create_token(user=audrey)
    token = ApiToken.objects.get(user=audrey)
    assert _client(audrey).post(_revoke_url(token)).status_code == 302
    assert ApiClient(key).get("/cases").status_code == 401


@pytest.mark.parametrize("url", [NEW, "/desk/account/tokens/1/revoke/"])
def test_only_a_signed_in_agent_has_tokens_here(url, kurt):
    signed_out = Client().post(url)
    assert signed_out.status_code == 302 and "/desk/sign-in/" in signed_out["Location"]
    customer = accounts.give_customer_password(customer=kurt, password="kurt-pass-123")
    assert _client(customer).post(url).status_code == 403
    assert not ApiToken.objects.exists()


def test_the_token_list_in_german_says_status_not_federal_state(ada):
    accounts.create_token(user=ada)
    page = _client(ada).get(ACCOUNT, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert '<th scope="col">Status</th>' in page and "Bundesland" not in page
