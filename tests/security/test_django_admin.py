"""The Django admin, as the first admin of a fresh install gets it (`create_agent --admin`
makes a superuser): the audit trail and the timeline can be read there, never rewritten."""

import pytest
from django.apps import apps
from django.test import Client

from fairdesk.accounts import services as accounts
from fairdesk.cases import services as cases
from fairdesk.cases.models import AuditEvent, Entry
from fairdesk.promises.presets import ensure_presets

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


def test_a_case_is_read_there_and_changed_only_in_the_desk(root, kurt_case, ada, technik):
    # Status, team and owner changed there would leave no timeline entry and no audit event.
    change = f"/admin/cases/case/{kurt_case.pk}/change/"
    page = root.get(change)
    assert page.status_code == 200
    for field in ("status", "team", "assignee", "priority", "category", "customer", "tags"):
        assert f'name="{field}"' not in page.content.decode()
    posted = {"status": "closed", "team": technik.pk, "assignee": ada.pk, "subject": "x"}
    assert root.post(change, posted).status_code == 403
    assert root.get("/admin/cases/case/add/").status_code == 403
    assert (
        root.post(f"/admin/cases/case/{kurt_case.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    kurt_case.refresh_from_db()
    assert kurt_case.status != "closed" and kurt_case.team != technik
    assert kurt_case.assignee_id is None
    assert kurt_case.subject == "Router"


@pytest.mark.parametrize(
    "model",
    [
        "accounts/team",
        "accounts/agentprofile",
        "cases/category",
        "promises/calendar",
        "promises/policy",
        "promises/compensationrule",
    ],
)
def test_what_the_desk_administration_records_is_read_only_there(root, ada, fault, model):
    ensure_presets()
    label, name = model.split("/")
    row = apps.get_model(label, name).objects.first()
    assert row is not None
    assert root.get(f"/admin/{model}/{row.pk}/change/").status_code == 200
    assert root.post(f"/admin/{model}/{row.pk}/change/", {"name": "Neu"}).status_code == 403
    assert root.get(f"/admin/{model}/add/").status_code == 403
    assert root.post(f"/admin/{model}/{row.pk}/delete/", {"post": "yes"}).status_code == 403


def test_an_agent_is_deactivated_only_in_the_desk(root, ada):
    # The desk revokes their tokens, ends their sessions and records it; the admin did none.
    page = root.get(f"/admin/auth/user/{ada.pk}/change/").content.decode()
    assert 'name="is_active"' not in page
