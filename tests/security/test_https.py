"""HTTPS headers: HSTS with its age setting when FAIRDESK_HTTPS is on, the proxy settings,
and a wrong one refused at start-up by name. Each starts fairdesk in a fresh process."""

import pytest
from django.test import Client, override_settings

from tests.test_settings import fairdesk, show


@pytest.mark.slow
def test_hsts_follows_fairdesk_https_and_its_age_setting(tmp_path):
    expression = show("(settings.SECURE_HSTS_SECONDS, settings.SECURE_PROXY_SSL_HEADER)")
    on = fairdesk(
        tmp_path,
        "manage",
        "shell",
        "--no-imports",
        "-c",
        expression,
        FAIRDESK_HTTPS="true",
        FAIRDESK_HSTS_SECONDS="600",
        FAIRDESK_PROXY_SSL_HEADER="true",
    )
    assert on.stdout.strip() == "(600, ('HTTP_X_FORWARDED_PROTO', 'https'))", on.stderr
    off = fairdesk(
        tmp_path,
        "manage",
        "shell",
        "--no-imports",
        "-c",
        show("settings.SECURE_HSTS_SECONDS"),
        FAIRDESK_HTTPS="false",
    )
    assert off.stdout.strip() == "0", off.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("FAIRDESK_TRUSTED_PROXIES", "not-an-address"),
        ("FAIRDESK_CASE_VISIBILITY", "some"),
        ("FAIRDESK_SIGN_IN_ACCOUNT_LIMIT", "5"),
    ],
)
def test_a_wrong_security_setting_stops_start_up_naming_it(tmp_path, name, value):
    result = fairdesk(tmp_path, "manage", "check", **{name: value})
    assert result.returncode != 0 and name in result.stderr
    assert "Traceback" not in result.stderr


@override_settings(SECURE_HSTS_SECONDS=600)
def test_a_page_over_https_carries_the_hsts_header(db):
    response = Client().get("/portal/sign-in/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=600"
