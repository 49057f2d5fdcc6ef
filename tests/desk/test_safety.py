"""Safety of the web base: downloads, sign-in throttling, CSP, escaping, front door."""

import pytest
from django.test import Client

from fairdesk.cases import services as cases
from fairdesk.cases.services import NewAttachment

XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=1">'


def _case_with_files(customer, *files):
    return cases.open_case(
        customer=customer,
        subject="Dateien",
        body="Siehe Anhang.",
        channel="email",
        attachments=tuple(NewAttachment(name, data, kind) for name, data, kind in files),
    ).case


@pytest.mark.parametrize(
    ("filename", "content_type", "served_as"),
    [
        ("bericht.pdf", "application/pdf", "application/pdf"),
        ("seite.html", "text/html", "application/octet-stream"),
        ("bild.svg", "image/svg+xml", "application/octet-stream"),
        ("daten.xml", "application/xml", "application/octet-stream"),
        ("ohne-typ", "", "application/octet-stream"),
    ],
)
def test_attachments_are_downloads_never_pages(ada_client, kurt, filename, content_type, served_as):
    case = _case_with_files(kurt, (filename, b"<svg onload=alert(1)>", content_type))
    attachment = case.entries.get().attachments.get()
    response = ada_client.get(f"/desk/files/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == served_as
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"<svg onload=alert(1)>"


def test_download_name_keeps_umlauts_and_cannot_break_the_header(ada_client, kurt):
    case = _case_with_files(
        kurt, ('Prüfbericht "final"\r\nX-Evil: 1.pdf', b"%PDF", "application/pdf")
    )
    attachment = case.entries.get().attachments.get()
    disposition = ada_client.get(f"/desk/files/{attachment.pk}/")["Content-Disposition"]
    assert "\r" not in disposition and "\n" not in disposition
    assert "filename*=UTF-8''Pr%C3%BCfbericht" in disposition


def test_customers_and_strangers_cannot_download_through_the_desk(
    kurt_client, kurt, client, support
):
    attachment = (
        _case_with_files(kurt, ("a.txt", b"x", "text/plain")).entries.get().attachments.get()
    )
    assert kurt_client.get(f"/desk/files/{attachment.pk}/").status_code == 403
    assert client.get(f"/desk/files/{attachment.pk}/").status_code == 302


def test_unknown_attachment_is_404(ada_client):
    assert ada_client.get("/desk/files/999999/").status_code == 404


def test_sign_in_from_an_address_is_throttled_after_twenty_failures(ada, client):
    for _attempt in range(20):
        response = client.post("/desk/sign-in/", {"username": "ada", "password": "wrong"})
        assert response.status_code == 401
    blocked = client.post("/desk/sign-in/", {"username": "ada", "password": "ada-pass-123"})
    assert blocked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_sign_in_goes_to_next_but_never_off_site(ada, client):
    response = client.post(
        "/desk/sign-in/",
        {"username": "ada", "password": "ada-pass-123", "next": "https://evil.example/"},
    )
    assert response["Location"] == "/desk/"
    client.logout()
    response = client.post(
        "/desk/sign-in/", {"username": "ada", "password": "ada-pass-123", "next": "/desk/queue/"}
    )
    assert response["Location"] == "/desk/queue/"


def test_every_html_page_carries_a_strict_csp(ada_client, client, kurt_case):
    for response in (
        ada_client.get("/desk/"),
        ada_client.get(f"/desk/cases/{kurt_case.reference}/"),
        client.get("/desk/sign-in/"),
    ):
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def test_hostile_text_is_escaped_and_email_html_sanitised(ada_client, kurt):
    kurt.name = XSS
    kurt.save()
    case = cases.open_case(
        customer=kurt,
        subject=XSS,
        body=XSS,
        html=f'<p>Hallo</p>{XSS}<a href="javascript:alert(1)">klick</a>',
        channel="email",
        attachments=(NewAttachment(f"{XSS}.txt", b"x", "text/plain"),),
    ).case
    for url in (f"/desk/cases/{case.reference}/", "/desk/queue/", f"/desk/customers/{kurt.pk}/"):
        page = ada_client.get(url).content.decode()
        assert "<script>window.__xss" not in page
        assert "<img" not in page  # only as escaped text, never as a tag
        assert "javascript:alert" not in page


def test_front_door_sends_agents_to_the_desk_and_others_to_the_portal(ada_client, client, db):
    assert ada_client.get("/")["Location"] == "/desk/"
    assert client.get("/")["Location"] == "/portal/"


def test_language_switch_speaks_german(ada_client):
    ada_client.post("/i18n/setlang/", {"language": "de", "next": "/desk/"})
    page = ada_client.get("/desk/queue/").content.decode()
    assert 'lang="de"' in page


def test_sign_out_needs_post(ada_client):
    assert ada_client.get("/desk/sign-out/").status_code == 405
    assert ada_client.post("/desk/sign-out/").status_code == 302
    assert ada_client.get("/desk/").status_code == 302


def test_session_cookie_is_http_only(settings):
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_csrf_is_enforced_on_sign_in(ada):
    client = Client(enforce_csrf_checks=True)
    assert (
        client.post("/desk/sign-in/", {"username": "ada", "password": "ada-pass-123"}).status_code
        == 403
    )
