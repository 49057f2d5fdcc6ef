"""The knowledge base in the desk: agents write drafts, leads publish, files are for agents,
and the case page suggests articles to link in a reply."""

import pytest
from django.test import Client
from django.urls import reverse

from fairdesk.knowledge import services
from fairdesk.knowledge.models import Article, State
from tests.desk.conftest import _signed_in


@pytest.fixture
def lena_client(lena):
    return _signed_in(lena)


def _write(client, article=None, **fields):
    data = {"title_de": "Drucker einrichten", "body_de": "Erst das Kabel.", "title_en": "",
            "body_en": "", "visibility": "public", "category": "", **fields}  # fmt: skip
    url = (
        reverse("desk:knowledge_edit", args=[article.pk])
        if article
        else reverse("desk:knowledge_new")
    )
    return client.post(url, data)


def test_an_agent_writes_a_draft_and_sees_its_preview(ada_client):
    response = _write(ada_client, body_de="<p>Erst <b>das</b> Kabel.<script>x()</script></p>")
    article = Article.objects.get()
    assert response["Location"] == reverse("desk:knowledge_article", args=[article.pk])
    page = ada_client.get(response["Location"]).content.decode()
    assert "<b>das</b>" in page and "x()" not in page
    assert "Publish the draft" not in page  # Ada is no lead


def test_a_lead_publishes_and_unpublishes(ada_client, lena_client):
    _write(ada_client)
    article = Article.objects.get()
    url = reverse("desk:knowledge_action", args=[article.pk, "publish"])
    assert ada_client.post(url).status_code == 422  # refused, said on the page
    assert lena_client.post(url).status_code == 302
    assert article.versions.get().state == State.PUBLISHED
    lena_client.post(reverse("desk:knowledge_action", args=[article.pk, "unpublish"]))
    assert article.versions.get().state == State.UNPUBLISHED


def test_editing_a_published_article_keeps_the_published_text(ada_client, lena, router_article):
    article = router_article.article
    response = _write(ada_client, article, title_de="Router neu starten", body_de="Neuer Text")
    assert response.status_code == 302
    page = ada_client.get(reverse("desk:knowledge_article", args=[article.pk])).content.decode()
    assert "zehn Sekunden" in page and "Neuer Text" in page  # published, and the draft's preview
    old = ada_client.get(reverse("desk:knowledge_article", args=[article.pk]), {"version": 1})
    assert "zehn Sekunden" in old.content.decode()


def test_a_draft_without_a_title_is_refused_with_the_text_kept(ada_client):
    response = _write(ada_client, title_de="", body_de="Mein langer Text")
    assert response.status_code == 422
    assert "Mein langer Text" in response.content.decode()
    assert not Article.objects.exists()


def test_the_list_pins_its_queries(ada_client, lena, django_assert_num_queries):
    for number in range(5):
        version = services.save_draft(agent=lena, title_de=f"Artikel {number}", body_de="x")
        services.publish(agent=lena, article=version.article)
    ada_client.get(reverse("desk:knowledge"))  # session and language warm
    with django_assert_num_queries(8):  # 7, and the header's unread notifications
        response = ada_client.get(reverse("desk:knowledge"))
    assert response.content.decode().count("Artikel ") == 5


def test_agents_read_files_of_internal_articles_nobody_else_does(
    ada_client, lena, internal_article, kurt_client, settings, tmp_path
):
    settings.FAIRDESK_ATTACHMENT_DIR = tmp_path
    file = services.add_file(
        agent=lena, article=internal_article.article, filename="plan.pdf",
        content_type="application/pdf", data=b"%PDF secret",
    )  # fmt: skip
    download = ada_client.get(reverse("desk:knowledge_file", args=[file.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF secret"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    signed_out = Client().get(reverse("desk:knowledge_file", args=[file.pk]))
    assert signed_out.status_code == 302  # to the desk's sign-in
    assert kurt_client.get(reverse("desk:knowledge_file", args=[file.pk])).status_code == 302
    assert kurt_client.get(reverse("portal:help_file", args=[file.pk])).status_code == 404
    assert Client().get(reverse("portal:help_file", args=[file.pk])).status_code == 404


def test_an_image_of_a_public_article_is_shown_safely(lena, router_article, settings, tmp_path):
    settings.FAIRDESK_ATTACHMENT_DIR = tmp_path
    image = services.add_file(
        agent=lena, article=router_article.article, filename="router.png",
        content_type="image/png", data=b"\x89PNG...",
    )  # fmt: skip
    page = Client().get(reverse("portal:help_article", args=[router_article.article_id]))
    assert reverse("portal:help_file", args=[image.pk]) in page.content.decode()
    response = Client().get(reverse("portal:help_file", args=[image.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_html_file_is_only_ever_downloaded(lena, router_article, settings, tmp_path):
    settings.FAIRDESK_ATTACHMENT_DIR = tmp_path
    page = services.add_file(
        agent=lena, article=router_article.article, filename="x.html",
        content_type="text/html", data=b"<script>alert(1)</script>",
    )  # fmt: skip
    response = Client().get(reverse("portal:help_file", args=[page.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_case_page_suggests_articles_and_offers_only_public_links(
    ada_client, kurt_case, router_article, internal_article, settings
):
    settings.FAIRDESK_BASE_URL = "https://help.example"
    page = ada_client.get(reverse("desk:case", args=[kurt_case.reference])).content.decode()
    assert reverse("desk:case_articles", args=[kurt_case.reference]) in page
    response = ada_client.get(
        reverse("desk:case_articles", args=[kurt_case.reference]), {"q": "Router"}
    )
    html = response.content.decode()
    link = f"https://help.example{reverse('portal:help_article', args=[router_article.article_id])}"
    assert f'data-insert="Router neu starten: {link}"' in html
    internal = reverse("portal:help_article", args=[internal_article.article_id])
    assert internal not in html  # an internal one is shown to read, never to insert
    assert reverse("desk:knowledge_article", args=[internal_article.article_id]) in html


def test_suggestions_come_from_the_case_itself(ada_client, kurt, lena, presets):
    from fairdesk.cases import services as cases

    services.publish(
        agent=lena,
        article=services.save_draft(
            agent=lena, title_de="Verbindung bricht abends ab", body_de="Prüfen Sie das WLAN."
        ).article,
    )
    case = cases.open_case(
        customer=kurt, subject="Abbrüche", body="Die Verbindung bricht ständig ab", channel="email"
    ).case
    html = ada_client.get(reverse("desk:case_articles", args=[case.reference])).content.decode()
    assert "Verbindung bricht abends ab" in html


def test_a_customer_never_reaches_the_desk_pages(kurt_user, router_article):
    client = _signed_in(kurt_user)
    assert client.get(reverse("desk:knowledge")).status_code == 403


def test_discarding_the_only_draft_removes_the_article(ada_client):
    _write(ada_client)
    article = Article.objects.get()
    response = ada_client.post(reverse("desk:knowledge_action", args=[article.pk, "discard"]))
    assert response["Location"] == reverse("desk:knowledge")
    assert not Article.objects.exists()


def test_a_lead_adds_a_category_an_agent_cannot(ada_client, lena_client):
    data = {"name_de": "Internet", "name_en": "Internet access"}
    assert ada_client.post(reverse("desk:knowledge"), data).status_code == 422
    assert lena_client.post(reverse("desk:knowledge"), data).status_code == 302
    page = ada_client.get(reverse("desk:knowledge")).content.decode()
    assert "Internet / Internet access" in page


def test_the_list_in_german_says_the_articles_state_not_a_federal_state(ada_client, lena):
    version = services.save_draft(agent=lena, title_de="Router neu starten", body_de="x")
    services.publish(agent=lena, article=version.article)
    page = ada_client.get(reverse("desk:knowledge"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert '<th scope="col">Status</th>' in page
    assert "Bundesland" not in page
