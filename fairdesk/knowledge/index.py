"""The search index of published articles: the same stemming and the same two databases'
full-text search as the case index (fairdesk.search), over a table of its own.

An article's row holds the text of its published version in both languages. On SQLite it is
stored stemmed by `search.text` (FTS5 has no German stemmer) and an FTS5 index follows the
table through triggers (articles are few and change rarely, so a trigger per row costs
nothing here); on PostgreSQL a generated tsvector column, German and English, with a GIN
index (migration 0002). knowledge.services calls `article_changed` whenever an article's
published version changes, inside its transaction.
"""

from django.db import connection

from fairdesk.knowledge.models import Article, ArticleText, State, Visibility
from fairdesk.knowledge.sanitise import plain
from fairdesk.search import text as search_text


def article_changed(article: Article) -> None:
    """Index the article's published version again; forget the article if it has none."""
    version = article.versions.filter(state=State.PUBLISHED).first()
    if version is None:
        ArticleText.objects.filter(article=article).delete()
        return
    title = _prepare(f"{version.title_de}\n{version.title_en}")
    body = _prepare(f"{plain(version.body_de)}\n{plain(version.body_en)}")
    ArticleText.objects.update_or_create(
        article=article,
        defaults={
            "public": version.visibility == Visibility.PUBLIC,
            "title": title,
            "body": body,
        },
    )


def _prepare(text: str) -> str:
    if connection.vendor == "sqlite":
        return search_text.stemmed(text)
    # Words split as SQLite splits them; PostgreSQL stems them (see search.index._prepare).
    return " ".join(search_text.words(text))
