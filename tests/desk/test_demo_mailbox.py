"""The demo's mailbox: mail the demo sends is kept in the data folder and listed in the desk."""

import re

import pytest
from django.core import mail as django_mail
from django.core.mail import EmailMessage
from django.test import Client, override_settings
from django.urls import reverse

from fairdesk.cases import services as cases
from fairdesk.demo.mailbox import caught_mail


@pytest.fixture
def demo_mailbox(tmp_path, settings):
    settings.DEMO = True
    settings.EMAIL_BACKEND = "fairdesk.demo.mailbox.DemoMailBackend"
    settings.FAIRDESK_DEMO_MAILBOX = tmp_path / "demo-mail"
    settings.FAIRDESK_BASE_URL = "http://127.0.0.1:8123"
    return tmp_path / "demo-mail"


def test_a_sign_in_link_is_caught_and_followable_from_the_desk(
    demo_mailbox, kurt, ada_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("portal:request_link"), {"email": "kurt@example.org"})
    assert len(list(demo_mailbox.glob("*.eml"))) == 1 and not django_mail.outbox
    page = ada_client.get("/desk/demo/mail/").content.decode()
    assert 'href="/desk/demo/mail/" aria-current="page"' in page
    link = re.search(r'<a href="http://127\.0\.0\.1:8123(/portal/sign-in/[\w-]+/)"', page)
    assert link, page
    customer = Client()
    assert customer.post(link.group(1)).status_code == 302
    assert customer.get("/portal/").status_code == 200


def test_acknowledgments_and_replies_are_caught_in_the_customers_language(
    demo_mailbox, kurt, ada, fault, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = cases.open_case(
            customer=kurt,
            subject="Kein Netz",
            body="Seit gestern.",
            channel="email",
            category=fault,
        ).case
    with django_capture_on_commit_callbacks(execute=True):
        cases.reply(case=case, agent=ada, body="Wir messen die Leitung durch.")
    caught = caught_mail()
    assert [m.to for m in caught] == ["kurt@example.org", "kurt@example.org"]
    assert case.reference in caught[1].subject  # the acknowledgment, oldest last
    assert "Wir messen die Leitung durch." in caught[0].text


def test_the_mailbox_page_exists_only_in_the_demo(ada_client, demo_mailbox, settings):
    assert ada_client.get("/desk/demo/mail/").status_code == 200
    assert "Demo mailbox" in ada_client.get("/desk/").content.decode()
    settings.DEMO = False
    assert ada_client.get("/desk/demo/mail/").status_code == 404
    assert "Demo mailbox" not in ada_client.get("/desk/").content.decode()


def test_customers_never_see_the_demo_mailbox(demo_mailbox, kurt_client):
    response = kurt_client.get("/desk/demo/mail/")
    assert response.status_code in (302, 403)


@override_settings(EMAIL_BACKEND="fairdesk.demo.mailbox.DemoMailBackend")
def test_a_mail_with_a_broken_charset_is_still_listed(demo_mailbox):
    message = EmailMessage("Hallo", "Grüße", "a@desk.example", ["b@example.org"])
    message.encoding = "utf-8"
    message.send()
    raw = next(demo_mailbox.glob("*.eml"))
    raw.write_bytes(raw.read_bytes().replace(b"utf-8", b"x-unknown"))
    assert caught_mail()[0].subject == "Hallo"
