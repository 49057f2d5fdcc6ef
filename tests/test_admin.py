"""Every model in the admin: its list, a search, a filter and (where it has rows) a change page
render for a superuser."""

import html
import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from fairdesk.accounts.services import create_token
from fairdesk.cases import services as cases

# Seventy-odd models, each with its list, search, filters and change page: ten seconds of pages.
pytestmark = pytest.mark.slow

MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)
FILTER_LINK = re.compile(r'href="(\?[^"]+)"')


@pytest.fixture
def superuser_client(db, client):
    root = get_user_model().objects.create_superuser("root", "root@desk.example", "root-pass-1")
    client.force_login(root)
    return client


@pytest.fixture
def desk_with_everything(ada, ben, kurt, olga, fault, billing):
    """A row in every table the foundation owns, made through the services."""
    first = cases.open_case(
        customer=kurt, subject="Kein Internet", body="x", channel="email", category=fault
    ).case
    second = cases.open_new_case(
        customer=kurt,
        subject="Rechnung",
        body="y",
        channel="api",
    ).case
    cases.reply(
        case=first,
        agent=ada,
        body="Wir messen.",
        attachments=(cases.NewAttachment("messung.txt", b"16 Mbit/s", "text/plain"),),
    )
    cases.set_tags(case=first, agent=ada, names=["dsl"])
    cases.link_cases(case=first, other=second, agent=ada)
    cases.merge_cases(source=second, target=first, agent=ada)
    cases.open_case(customer=olga, subject="Hello", body="z", channel="web")
    create_token(user=ada)
    create_token(customer=kurt)


def filter_links(page: str) -> list[str]:
    """The links of the changelist's filter sidebar, e.g. ?status__exact=new."""
    start = page.find('id="changelist-filter"')
    if start < 0:
        return []
    links = [html.unescape(link) for link in FILTER_LINK.findall(page[start:])]
    return [link for link in links if link != "?"]


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_admin_pages_render(superuser_client, desk_with_everything, model):
    model_admin = admin.site._registry[model]
    info = model._meta.app_label, model._meta.model_name
    changelist = reverse("admin:{}_{}_changelist".format(*info))

    response = superuser_client.get(changelist)
    assert response.status_code == 200
    page = response.content.decode()
    if model_admin.search_fields:
        assert superuser_client.get(changelist, {"q": "kurt"}).status_code == 200
    if model_admin.list_filter:
        links = filter_links(page)
        assert links, "a list filter is declared but none is shown"
        assert superuser_client.get(changelist + links[0]).status_code == 200
    row = model_admin.get_queryset(superuser_client.get(changelist).wsgi_request).first()
    if row is not None:
        change = reverse("admin:{}_{}_change".format(*info), args=[row.pk])
        assert superuser_client.get(change).status_code == 200


def test_every_fairdesk_model_is_in_the_admin():
    from django.apps import apps

    missing = [
        model._meta.label
        for app in apps.get_app_configs()
        if app.name.startswith("fairdesk.")
        for model in app.get_models()
        if model not in admin.site._registry
    ]
    assert missing == []
