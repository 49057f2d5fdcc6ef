"""What the desk, the portal and the API read of the knowledge base.

`public_only` is the one switch between readers: the portal and customers' tokens pass
True, and then nothing internal (article, search result, suggestion, file) is returned.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet

from fairdesk.knowledge import search
from fairdesk.knowledge.models import (
    Article,
    ArticleFile,
    Category,
    Deflection,
    State,
    Version,
    Visibility,
)

SUGGESTIONS = 5


def _published(public_only: bool) -> QuerySet[Version]:
    versions = Version.objects.filter(state=State.PUBLISHED).select_related("category")
    return versions.filter(visibility=Visibility.PUBLIC) if public_only else versions


def published_version(article_id: int, *, public_only: bool) -> Version | None:
    """The version readers see of an article, if it is published (and public when asked)."""
    return _published(public_only).filter(article_id=article_id).first()


def published(
    *, public_only: bool, category: Category | None = None, language: str = "de"
) -> list[Version]:
    """Every published version, by title in `language`."""
    versions = _published(public_only)
    if category is not None:
        versions = versions.filter(category=category)
    return sorted(versions, key=lambda version: version.title(language).lower())


def search_published(
    text: str, *, public_only: bool, language: str, limit: int = 50, every_word: bool = True
) -> list[Version]:
    """The published versions matching `text`, best first, those with a text in the reader's
    `language` before those without."""
    ids = search.matching_ids(text, public_only=public_only, limit=limit, every_word=every_word)
    found = {
        version.article_id: version
        for version in _published(public_only).filter(article_id__in=ids)
    }
    ranked = [found[article_id] for article_id in ids if article_id in found]
    # sorted() is stable: within each language the search's order stays.
    return sorted(ranked, key=lambda version: version.language_for(language) != language)


def suggestions(text: str, *, public_only: bool, language: str) -> list[Version]:
    """A few articles that may answer what someone is writing (a request, a case)."""
    return search_published(
        text, public_only=public_only, language=language, limit=SUGGESTIONS, every_word=False
    )


def articles_for_desk(text: str = "") -> QuerySet[Article]:
    """Every article with its versions' states, newest first; `text` in a title."""
    articles = Article.objects.prefetch_related(
        Prefetch(
            "versions",
            queryset=Version.objects.filter(
                state__in=[State.DRAFT, State.PUBLISHED]
            ).select_related("category"),
            to_attr="current_versions",
        )
    ).annotate(answered=Count("deflections"))
    text = " ".join((text or "").split())[:100]
    if text:
        title = Q(versions__title_de__icontains=text) | Q(versions__title_en__icontains=text)
        articles = articles.filter(pk__in=Article.objects.filter(title).values("pk"))
    return articles.order_by("-id")


def article(article_id: int) -> Article | None:
    return Article.objects.filter(pk=article_id).first()


def history(article: Article) -> QuerySet[Version]:
    return article.versions.select_related("saved_by", "published_by", "category").order_by(
        "-number"
    )


def draft_of(article: Article) -> Version | None:
    return article.versions.filter(state=State.DRAFT).select_related("category").first()


def files_of(article: Article) -> QuerySet[ArticleFile]:
    return article.files.all()


def readable_file(file_id: int, *, public_only: bool) -> ArticleFile | None:
    """A file of a published article (public when asked) — for agents of any article."""
    file = ArticleFile.objects.filter(pk=file_id).first()
    if file is None or not public_only:
        return file
    return file if _published(True).filter(article_id=file.article_id).exists() else None


def categories() -> QuerySet[Category]:
    return Category.objects.all()


@dataclass(frozen=True)
class Answered:
    article_id: int
    title: str
    count: int


def answered_questions(*, since: datetime, language: str) -> list[Answered]:
    """How often each article answered a customer's question (no request sent) since then."""
    counts = (
        Deflection.objects.filter(at__gte=since)
        .values("article_id")
        .annotate(count=Count("id"))
        .order_by("-count", "article_id")
    )
    titles = {
        version.article_id: version.title(language)
        for version in Version.objects.filter(article_id__in=[row["article_id"] for row in counts])
        .exclude(state=State.DRAFT)
        .order_by("article_id", "number")
    }
    return [
        Answered(row["article_id"], titles.get(row["article_id"], ""), row["count"])
        for row in counts
    ]
