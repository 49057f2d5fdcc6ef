"""GET /api/v1/articles: agents read every published article, customers public ones only."""

from fairdesk.knowledge import services


def test_an_agent_lists_and_searches_every_published_article(
    ada_api, router_article, internal_article
):
    listed = ada_api.get("/articles").json()
    assert {item["id"] for item in listed["items"]} == {
        router_article.article_id,
        internal_article.article_id,
    }
    found = ada_api.get("/articles", q="Eskalation").json()["items"]
    assert [item["id"] for item in found] == [internal_article.article_id]
    assert found[0]["portal_url"] is None  # internal: nowhere for customers


def test_a_customer_token_sees_public_articles_only(kurt_api, router_article, internal_article):
    listed = kurt_api.get("/articles").json()["items"]
    assert [item["id"] for item in listed] == [router_article.article_id]
    assert kurt_api.get("/articles", q="Eskalation").json()["items"] == []
    assert kurt_api.get("/articles", q="Router").json()["items"][0]["visibility"] == "public"
    response = kurt_api.get(f"/articles/{internal_article.article_id}")
    assert response.status_code == 404


def test_an_article_with_its_text_in_both_languages(kurt_api, router_article):
    article = kurt_api.get(f"/articles/{router_article.article_id}").json()
    assert article["title_en"] == "Restarting the router"
    assert article["body_de"] == "<p>Ziehen Sie den Stecker des Routers für zehn Sekunden.</p>"
    assert article["portal_url"].endswith(f"/portal/help/{router_article.article_id}/")


def test_drafts_are_not_in_the_api(ada, ada_api):
    draft = services.save_draft(agent=ada, title_de="Noch geheim", body_de="Entwurf")
    assert ada_api.get("/articles").json()["items"] == []
    assert ada_api.get(f"/articles/{draft.article_id}").status_code == 404


def test_english_articles_first_when_asked(kurt_api, lena):
    from tests.knowledge.conftest import published

    german = published(lena, title_de="Tarif wechseln", body_de="Tarif")
    english = published(lena, title_en="Changing the Tarif", body_en="Tarif")
    items = kurt_api.get("/articles", q="Tarif", language="en").json()["items"]
    assert [item["id"] for item in items] == [english.article_id, german.article_id]


def test_without_a_token_nothing(router_article):
    from tests.api.conftest import ApiClient

    assert ApiClient().get("/articles").status_code == 401
