"""A customer's own API tokens on the portal's My account page: expiry and last use shown,
each revocable by its owner only, the revocation recorded."""

from datetime import timedelta

from django.test import Client

from fairdesk.accounts import services as accounts
from fairdesk.accounts.models import AccountEvent, ApiToken
from fairdesk.lib import clock
from tests.api.conftest import ApiClient
from tests.portal.conftest import sign_in


def test_a_customer_sees_their_tokens_with_expiry_and_last_use(kurt, olga):
    kept = accounts.create_token(customer=kurt, expires_in=timedelta(days=30))
    accounts.create_token(customer=olga)
    with clock.frozen_at(clock.now()):
        assert ApiClient(kept).get("/cases").status_code == 200
    page = sign_in(Client(), kurt).get("/portal/account/")
    html = page.content.decode()
    token = ApiToken.objects.get(customer=kurt)
    assert page.status_code == 200 and f"fd_{token.prefix}…" in html
    assert token.expires_at and token.last_used_at
    assert html.count("<time ") == 3  # created, expires, last used
    assert ApiToken.objects.get(customer=olga).prefix not in html
    assert 'href="/portal/account/"' in html  # in the portal's menu


def test_a_customer_revokes_a_token_and_it_stops_working(kurt):
    key = accounts.create_token(customer=kurt)
    token = ApiToken.objects.get(customer=kurt)
    client = sign_in(Client(), kurt)
    response = client.post(f"/portal/account/tokens/{token.pk}/revoke/", follow=True)
    html = response.content.decode()
    assert response.status_code == 200 and f"/portal/account/tokens/{token.pk}/revoke/" not in html
    assert "widerrufen" in html  # Kurt reads German: the message and the token's state
    assert ApiClient(key).get("/cases").status_code == 401
    event = AccountEvent.objects.get(action="token.revoked")
    assert event.data == {"customer": kurt.pk, "prefix": token.prefix}
    client.post(f"/portal/account/tokens/{token.pk}/revoke/")  # again: harmless, not recorded
    assert AccountEvent.objects.filter(action="token.revoked").count() == 1


def test_another_customer_s_token_is_not_theirs_to_revoke(kurt, olga):
    key = accounts.create_token(customer=olga)
    token = ApiToken.objects.get(customer=olga)
    client = sign_in(Client(), kurt)
    assert client.post(f"/portal/account/tokens/{token.pk}/revoke/").status_code == 404
    assert client.get(f"/portal/account/tokens/{token.pk}/revoke/").status_code == 405
    assert ApiClient(key).get("/cases").status_code == 200


def test_signed_out_the_account_page_asks_to_sign_in(client, kurt):
    response = client.get("/portal/account/")
    assert response.status_code == 302 and "/portal/sign-in/" in response["Location"]
