"""The knowledge base's rules: drafts and published versions, who publishes, history, the
sanitised text, the search with stemming, files and answered questions."""

import pytest

from fairdesk.cases.models import AuditEvent
from fairdesk.knowledge import selectors, services
from fairdesk.knowledge.models import State
from fairdesk.lib.errors import Conflict, DomainError, NotAllowed
from tests.knowledge.conftest import published


def test_an_agent_writes_a_draft_and_a_lead_publishes_it(ada, lena):
    draft = services.save_draft(agent=ada, title_de="WLAN einrichten", body_de="Erst das Kabel.")
    assert draft.state == State.DRAFT
    assert selectors.published_version(draft.article_id, public_only=False) is None
    with pytest.raises(NotAllowed):
        services.publish(agent=ada, article=draft.article)
    version = services.publish(agent=lena, article=draft.article)
    assert version.state == State.PUBLISHED and version.published_by == lena
    assert selectors.published_version(draft.article_id, public_only=True) == version


def test_editing_a_published_article_makes_a_draft_and_publishing_replaces_it(ada, lena):
    first = published(lena, title_de="Rechnung lesen", body_de="Alt")
    draft = services.save_draft(
        agent=ada, article=first.article, title_de="Rechnung lesen", body_de="Neu"
    )
    assert draft.number == 2
    # Readers still see the published text while the draft is written.
    shown = selectors.published_version(first.article_id, public_only=True)
    assert shown.body("de") == "<p>Alt</p>"
    services.publish(agent=lena, article=first.article)
    history = list(selectors.history(first.article))
    assert [(v.number, v.state) for v in history] == [(2, "published"), (1, "superseded")]
    assert (
        selectors.published_version(first.article_id, public_only=True).body("de") == "<p>Neu</p>"
    )


def test_a_second_save_changes_the_one_draft(ada):
    draft = services.save_draft(agent=ada, title_de="A", body_de="eins")
    again = services.save_draft(agent=ada, article=draft.article, title_de="A", body_de="zwei")
    assert again.pk == draft.pk and draft.article.versions.count() == 1


def test_publishing_without_a_draft_and_unpublishing_twice_are_refused(lena):
    version = published(lena, title_de="A", body_de="x")
    with pytest.raises(Conflict):
        services.publish(agent=lena, article=version.article)
    services.unpublish(agent=lena, article=version.article)
    assert selectors.published_version(version.article_id, public_only=False) is None
    with pytest.raises(Conflict):
        services.unpublish(agent=lena, article=version.article)


def test_every_change_is_in_the_audit_log(ada, lena):
    draft = services.save_draft(agent=ada, title_de="A", body_de="x")
    services.publish(agent=lena, article=draft.article)
    services.unpublish(agent=lena, article=draft.article)
    actions = list(
        AuditEvent.objects.filter(data__article=draft.article_id).values_list(
            "action", "actor_user"
        )
    )
    assert actions == [
        ("knowledge.draft_saved", ada.pk),
        ("knowledge.published", lena.pk),
        ("knowledge.unpublished", lena.pk),
    ]


@pytest.mark.parametrize(
    "written, stored",
    [
        ("<p>Hallo<script>alert(1)</script></p>", "<p>Hallo</p>"),
        ('<a href="https://example.org" onclick="x()">Link</a>',
         '<a href="https://example.org" rel="noopener nofollow">Link</a>'),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener nofollow">x</a>'),
        ('<img src="https://tracker.example/x.gif"><p style="color:red">Text</p>', "<p>Text</p>"),
        ("Zeile eins\nZeile zwei\n\nA & B", "<p>Zeile eins<br>Zeile zwei</p><p>A &amp; B</p>"),
    ],
)  # fmt: skip
def test_the_text_is_sanitised_when_saved(ada, written, stored):
    assert services.save_draft(agent=ada, title_de="A", body_de=written).body_de == stored


def test_an_article_needs_a_title_for_each_text(ada):
    with pytest.raises(DomainError) as error:
        services.save_draft(agent=ada, title_de="", body_de="Text ohne Titel")
    assert error.value.field == "title_de"
    with pytest.raises(DomainError):
        services.save_draft(agent=ada, title_de="   ", body_de="")


def test_search_finds_stemmed_words_in_either_language(router_article):
    # "Routers" and "Sekunde" are other forms of words in the German text.
    assert selectors.search_published("Routers Sekunde", public_only=True, language="de") == [
        router_article
    ]
    assert selectors.search_published("unplugging", public_only=True, language="en") == [
        router_article
    ]
    assert selectors.search_published("Drucker", public_only=True, language="de") == []


def test_search_finds_a_german_verb_in_its_other_forms(lena):
    """The article says "blinkt"; a customer types "blinken" (and the other way round)."""
    led = published(
        lena,
        title_de="Die LED blinkt rot",
        body_de="<p>Wenn die Lampe am Router blinkt, ist die Leitung gestört.</p>",
    )
    for typed in ("blinken", "blinkt", "LED geblinkt", "Leitung stört"):
        assert selectors.search_published(typed, public_only=True, language="de") == [led]


def test_internal_articles_are_never_found_for_customers(router_article, internal_article):
    assert selectors.search_published("Router", public_only=True, language="de") == [router_article]
    found = selectors.search_published("Router", public_only=False, language="de")
    assert set(found) == {router_article, internal_article}
    suggested = selectors.suggestions("Mein Router geht nicht", public_only=True, language="de")
    assert suggested == [router_article]


def test_the_customers_language_comes_first(lena):
    german = published(lena, title_de="Rechnung erklärt", body_de="Die Rechnung im Detail")
    english = published(lena, title_en="Rechnung explained", body_en="Your Rechnung")
    assert selectors.search_published("Rechnung", public_only=True, language="en")[0] == english
    assert selectors.search_published("Rechnung", public_only=True, language="de")[0] == german


def test_an_unpublished_article_leaves_the_search(lena, router_article):
    services.unpublish(agent=lena, article=router_article.article)
    assert selectors.search_published("Router", public_only=False, language="de") == []


def test_a_suggestion_needs_only_some_of_the_words(router_article):
    text = "Hallo, seit gestern startet mein Router ständig neu und nichts geht"
    assert selectors.suggestions(text, public_only=True, language="de") == [router_article]
    assert selectors.search_published(text, public_only=True, language="de") == []


def test_a_file_of_an_internal_article_is_not_readable_for_customers(
    lena, router_article, internal_article, settings, tmp_path
):
    settings.FAIRDESK_ATTACHMENT_DIR = tmp_path
    public_file = services.add_file(
        agent=lena, article=router_article.article, filename="../plan.png",
        content_type="image/png", data=b"\x89PNG public",
    )  # fmt: skip
    secret = services.add_file(
        agent=lena, article=internal_article.article, filename="intern.pdf",
        content_type="application/pdf", data=b"%PDF secret",
    )  # fmt: skip
    assert public_file.filename == "plan.png"
    assert selectors.readable_file(public_file.pk, public_only=True) == public_file
    assert selectors.readable_file(secret.pk, public_only=True) is None
    assert selectors.readable_file(secret.pk, public_only=False) == secret


def test_an_answered_question_is_counted(router_article, internal_article):
    services.record_answered(article=router_article.article, language="de")
    services.record_answered(article=router_article.article, language="en")
    with pytest.raises(DomainError):
        services.record_answered(article=internal_article.article, language="de")
    counts = selectors.answered_questions(since=router_article.saved_at, language="de")
    assert [(row.title, row.count) for row in counts] == [("Router neu starten", 2)]
