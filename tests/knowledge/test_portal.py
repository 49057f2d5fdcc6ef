"""The portal's help articles: public ones only, the suggestions beside a new request and
"this answered my question", which sends nothing."""

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse

from fairdesk.cases.models import Case
from fairdesk.knowledge.models import Deflection
from fairdesk.lib import clock
from tests.knowledge.conftest import published


@pytest.fixture(autouse=True)
def _promises(presets):
    """The preset policies: a new request gets its dated promise."""


def test_anyone_reads_and_searches_public_articles(router_article, internal_article):
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    listing = client.get(reverse("portal:help")).content.decode()
    assert "Router neu starten" in listing
    assert "Eskalation" not in listing
    found = client.get(reverse("portal:help"), {"q": "Router"}).content.decode()
    assert "Router neu starten" in found and "Eskalation" not in found
    page = client.get(reverse("portal:help_article", args=[router_article.article_id]))
    assert "zehn Sekunden" in page.content.decode()


def test_an_internal_article_is_not_in_the_portal(kurt_client, internal_article):
    response = kurt_client.get(reverse("portal:help_article", args=[internal_article.article_id]))
    assert response.status_code == 404


def test_the_article_is_shown_in_the_readers_language(router_article):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = client.get(reverse("portal:help_article", args=[router_article.article_id]))
    assert "Unplug the router" in page.content.decode()


def test_suggestions_while_typing_leave_internal_articles_out(
    kurt_client, router_article, internal_article
):
    response = kurt_client.get(
        reverse("portal:help_suggest"), {"subject": "Router Störung", "body": "geht nicht"}
    )
    html = response.content.decode()
    assert "Router neu starten" in html and "Eskalation" not in html
    assert "This answered my question" in html or "Das hat meine Frage beantwortet" in html


def test_the_new_request_page_asks_for_suggestions_without_inline_script(kurt_client):
    response = kurt_client.get(reverse("portal:new_request"))
    html = response.content.decode()
    assert f'hx-get="{reverse("portal:help_suggest")}"' in html
    assert "<script>" not in html and "onclick" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_saying_an_article_answered_the_question_opens_no_case(kurt_client, kurt, router_article):
    response = kurt_client.post(reverse("portal:help_answered", args=[router_article.article_id]))
    assert response.status_code == 302 and response["Location"].endswith("?answered=1")
    assert Deflection.objects.filter(article=router_article.article).count() == 1
    assert not Case.objects.filter(customer=kurt).exists()


def test_only_a_signed_in_customer_records_an_answered_question(router_article, internal_article):
    response = Client().post(reverse("portal:help_answered", args=[router_article.article_id]))
    assert response.status_code == 302 and "sign-in" in response["Location"]
    assert not Deflection.objects.exists()


def test_an_internal_article_cannot_be_said_to_answer(kurt_client, internal_article):
    url = reverse("portal:help_answered", args=[internal_article.article_id])
    assert kurt_client.post(url).status_code == 404


def test_the_request_goes_in_as_always_after_seeing_suggestions(kurt_client, kurt, router_article):
    kurt_client.get(reverse("portal:help_suggest"), {"subject": "Router"})
    response = kurt_client.post(
        reverse("portal:new_request"), {"subject": "Router", "body": "Hilft nicht."}
    )
    case = Case.objects.get(customer=kurt)
    assert response.status_code == 302 and case.reference in response["Location"]
    assert case.promises.exists()


def test_last_updated_reads_in_the_house_format_and_the_readers_language(lena):
    """docs/language.md: "Monday, 30 November 2026", not Django's "Nov. 30, 2026"."""
    with clock.frozen_at(datetime(2026, 11, 30, 23, 30, tzinfo=UTC)):  # Tuesday in Berlin
        article = published(lena, title_de="Rechnung", body_de="<p>Online.</p>", title_en="Bill")
    url = reverse("portal:help_article", args=[article.article_id])
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get(url).content.decode()
    assert "Last updated Tuesday, 1 December 2026" in english
    german = Client(HTTP_ACCEPT_LANGUAGE="de").get(url).content.decode()
    assert "Dienstag, 1. Dezember 2026" in german


def test_the_desk_history_says_when_each_version_was_saved_in_the_house_format(lena):
    with clock.frozen_at(datetime(2026, 11, 30, 13, 3, tzinfo=UTC)):
        article = published(lena, title_de="Rechnung", body_de="<p>Online.</p>")
    client = Client()
    client.force_login(lena)
    page = client.get(
        reverse("desk:knowledge_article", args=[article.article_id]), HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert "gespeichert 30.11.2026 14:03" in page and "30. November 2026 14:03" not in page
