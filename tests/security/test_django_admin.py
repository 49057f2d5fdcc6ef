"""The Django admin, as the first admin of a fresh install gets it (`create_agent --admin`
makes a superuser): the audit trail and the timeline can be read there, never rewritten."""

import pytest
from django.test import Client

from fairdesk.accounts import services as accounts
from fairdesk.cases import services as cases
from fairdesk.cases.models import AuditEvent, Entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(support) -> Client:
    user = accounts.create_agent(
        username="root", password=None, teams=(support,), is_admin=True, is_superuser=True
    )
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def kurt_case(kurt, support):
    return cases.open_case(
        customer=kurt, subject="Router", body="Geht nicht.", channel="email"
    ).case


def test_an_admin_reads_the_audit_trail_but_cannot_delete_or_forge_it(root, kurt_case):
    event = AuditEvent.objects.filter(case=kurt_case).first()
    assert root.get(f"/admin/cases/auditevent/{event.pk}/change/").status_code == 200
    assert (
        root.post(f"/admin/cases/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    bulk = {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"}
    root.post("/admin/cases/auditevent/", bulk)
    assert root.get("/admin/cases/auditevent/add/").status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_an_admin_cannot_rewrite_or_delete_what_a_customer_wrote(root, kurt_case):
    message = Entry.objects.get(case=kurt_case, kind="message_in")
    page = root.get(f"/admin/cases/entry/{message.pk}/change/")
    assert page.status_code == 200 and 'name="body"' not in page.content.decode()
    root.post(f"/admin/cases/entry/{message.pk}/change/", {"body": "Alles bestens."})
    assert root.post(f"/admin/cases/entry/{message.pk}/delete/", {"post": "yes"}).status_code == 403
    assert root.get("/admin/cases/entry/add/").status_code == 403
    assert Entry.objects.get(pk=message.pk).body == "Geht nicht."


def test_roles_change_only_in_the_desk_where_each_change_is_recorded(root, ada):
    # The Django admin would give the role with no AccountEvent; it shows it read-only.
    page = root.get(f"/admin/accounts/agentprofile/{ada.agent.pk}/change/").content.decode()
    assert 'name="is_admin"' not in page and 'name="is_auditor"' not in page
    root.post(
        f"/admin/accounts/agentprofile/{ada.agent.pk}/change/",
        {"languages": "de,en", "is_admin": "on", "is_auditor": "on"},
    )
    ada.agent.refresh_from_db()
    assert not ada.agent.is_admin and not ada.agent.is_auditor
