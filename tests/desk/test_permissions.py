"""Every desk page × every role: signed out → sign-in, a customer → 403, an agent → in;
the administration pages: an agent without the admin role → 403, an admin → in."""

import pytest
from django.test import Client

from fairdesk.cases import services as cases
from fairdesk.cases.services import NewAttachment
from fairdesk.channels.email.ingest import ingest
from fairdesk.desk.views.admin_people import AGENT_ACTIONS
from fairdesk.desk.views.cases import ACTIONS

SIGN_IN = "/desk/sign-in/"


@pytest.fixture
def urls(kurt, fault, settings, tmp_path):
    settings.DEMO = True  # the demo's mailbox page exists only then
    settings.FAIRDESK_DEMO_MAILBOX = tmp_path
    case = cases.open_case(
        customer=kurt,
        subject="Matrix",
        body="x",
        channel="web",
        category=fault,
        attachments=(NewAttachment("a.txt", b"a", "text/plain"),),
    ).case
    attachment = case.entries.get().attachments.get()
    stranger = f"From: m@evil.example\r\nSubject: [{case.reference}] x\r\n\r\nx\r\n".encode()
    flagged = ingest(stranger).inbound
    pages = [
        "/desk/",
        "/desk/queue/",
        f"/desk/search/?q={case.subject}",
        f"/desk/cases/{case.reference}/",
        f"/desk/customers/{kurt.pk}/",
        f"/desk/files/{attachment.pk}/",
        "/desk/mail/flagged/",
        "/desk/demo/mail/",
        "/desk/morning/",
        "/desk/morning/overdue/",
    ]
    actions = [f"/desk/cases/{case.reference}/{name}/" for name in ACTIONS]
    actions.append(f"/desk/mail/{flagged.pk}/reviewed/")
    return pages, actions


def test_signed_out_visitors_are_sent_to_sign_in(client, urls):
    pages, actions = urls
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(SIGN_IN), url
    for url in actions:
        response = client.post(url, {})
        assert response.status_code == 302 and response["Location"].startswith(SIGN_IN), url


def test_customers_are_refused_everywhere(kurt_client, urls):
    pages, actions = urls
    for url in pages:
        assert kurt_client.get(url).status_code == 403, url
    for url in actions:
        assert kurt_client.post(url, {}).status_code == 403, url


def test_a_user_without_agent_profile_is_refused(django_user_model, urls):
    client = Client()
    client.force_login(django_user_model.objects.create_user("staff", password="x-pass-123"))
    assert all(client.get(url).status_code == 403 for url in urls[0])
    assert all(client.post(url, {}).status_code == 403 for url in urls[1])


def test_agents_may_open_every_page(ada_client, urls):
    pages, actions = urls
    for url in pages:
        assert ada_client.get(url).status_code == 200, url
    for url in actions:
        # Empty forms are refused by validation (422) or redirect after the service ran.
        assert ada_client.post(url, {}).status_code in (302, 422), url


def test_inactive_agent_is_signed_out(ada, ada_client, urls):
    ada.is_active = False
    ada.save()
    assert ada_client.get(urls[0][0]).status_code == 302


@pytest.fixture
def admin_urls(ben, support, fault):
    """Every administration page and every form it posts to."""
    from fairdesk.promises.presets import BUSINESS, ensure_presets

    policy = ensure_presets()[BUSINESS]
    rule = policy.compensation.first()
    pages = [
        "/desk/admin/",
        "/desk/admin/teams/",
        f"/desk/admin/teams/{support.pk}/",
        "/desk/admin/agents/",
        "/desk/admin/calendars/",
        "/desk/admin/calendars/new/",
        f"/desk/admin/calendars/{policy.calendar_id}/",
        "/desk/admin/policies/",
        "/desk/admin/policies/new/",
        f"/desk/admin/policies/{policy.pk}/",
        "/desk/admin/categories/",
        f"/desk/admin/categories/{fault.pk}/",
    ]
    forms = [page for page in pages if page != "/desk/admin/" and not page.endswith("s/")]
    forms += ["/desk/admin/teams/", "/desk/admin/agents/", "/desk/admin/categories/"]
    forms += [f"/desk/admin/agents/{ben.pk}/{action}/" for action in AGENT_ACTIONS]
    forms += [
        f"/desk/admin/policies/{policy.pk}/rules/",
        f"/desk/admin/policies/{policy.pk}/rules/{rule.pk}/remove/",
    ]
    return pages, forms


def test_admin_pages_send_signed_out_visitors_to_sign_in(client, admin_urls):
    pages, forms = admin_urls
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(SIGN_IN), url
    for url in forms:
        response = client.post(url, {})
        assert response.status_code == 302 and response["Location"].startswith(SIGN_IN), url


def test_agents_without_the_admin_role_are_refused_every_admin_page(
    ada_client, kurt_client, admin_urls
):
    pages, forms = admin_urls
    for browser in (ada_client, kurt_client):
        for url in pages:
            assert browser.get(url).status_code == 403, url
        for url in forms:
            assert browser.post(url, {}).status_code == 403, url


def test_admins_may_open_every_admin_page(admin_client, admin_urls):
    pages, forms = admin_urls
    for url in pages:
        response = admin_client.get(url, follow=True)
        assert response.status_code == 200, url
    for url in forms:
        # Empty forms are refused by validation (422) or redirect after the service ran.
        assert admin_client.post(url, {}).status_code in (302, 422), url
