"""Changes to the knowledge base: drafts, publishing, files, categories, answered questions.

Agents write drafts; team leads and administrators publish and unpublish (what customers
read speaks for the whole desk, as global saved replies do). Editing a published article
writes a new draft version beside it; publishing the draft replaces the published version,
which is kept as history. Every change is in the audit log (cases.AuditEvent, no case).
"""

from django.conf import settings
from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from fairdesk.cases.models import AuditEvent
from fairdesk.knowledge import index
from fairdesk.knowledge.models import (
    Article,
    ArticleFile,
    Category,
    Deflection,
    State,
    Version,
    Visibility,
)
from fairdesk.knowledge.sanitise import clean
from fairdesk.lib import clock
from fairdesk.lib.errors import Conflict, DomainError, NotAllowed
from fairdesk.lib.files import safe_filename, store_bytes
from fairdesk.lib.transactions import service

MAX_TITLE = 200
MAX_BODY = 100_000


def may_publish(user: User) -> bool:
    """Team leads and administrators publish what customers read."""
    profile = getattr(user, "agent", None)
    if profile is None:
        return False
    return bool(user.is_superuser or profile.is_admin or user.teams_led.exists())


def _audit(agent: User | None, action: str, article: Article, **data: object) -> None:
    AuditEvent.objects.create(
        at=clock.now(), action=action, actor_user=agent, data={"article": article.pk, **data}
    )


def _title(value: str, field: str) -> str:
    title = " ".join((value or "").split())
    if len(title) > MAX_TITLE:
        raise DomainError(_("A title has at most 200 characters."), field=field)
    return title


def _texts(*, title_de: str, body_de: str, title_en: str, body_en: str) -> dict[str, str]:
    texts = {
        "title_de": _title(title_de, "title_de"),
        "body_de": clean(body_de),
        "title_en": _title(title_en, "title_en"),
        "body_en": clean(body_en),
    }
    for language in ("de", "en"):
        if len(texts[f"body_{language}"]) > MAX_BODY:
            raise DomainError(_("The text is too long."), field=f"body_{language}")
        if texts[f"body_{language}"] and not texts[f"title_{language}"]:
            raise DomainError(_("Give the text a title."), field=f"title_{language}")
    if not (texts["title_de"] or texts["title_en"]):
        raise DomainError(_("Write the article in German or English."), field="title_de")
    return texts


@service
def save_draft(
    *,
    agent: User,
    title_de: str = "",
    body_de: str = "",
    title_en: str = "",
    body_en: str = "",
    visibility: str = Visibility.PUBLIC,
    category: Category | None = None,
    article: Article | None = None,
) -> Version:
    """Write a new article's first draft, or the article's draft (a new version beside the
    published one when it has no draft yet)."""
    if visibility not in Visibility.values:
        raise DomainError(_("Choose who may read it."), field="visibility")
    values = {
        **_texts(title_de=title_de, body_de=body_de, title_en=title_en, body_en=body_en),
        "visibility": visibility,
        "category": category,
        "saved_at": clock.now(),
        "saved_by": agent,
    }
    if article is None:
        article = Article.objects.create(created_at=clock.now(), created_by=agent)
    draft = article.versions.filter(state=State.DRAFT).first()
    if draft is None:
        number = article.versions.order_by("-number").values_list("number", flat=True)[:1]
        draft = Version.objects.create(
            article=article, number=(number[0] if number else 0) + 1, **values
        )
    else:
        Version.objects.filter(pk=draft.pk).update(**values)
        draft.refresh_from_db()
    _audit(agent, "knowledge.draft_saved", article, version=draft.number)
    return draft


def _require_publisher(agent: User) -> None:
    if not may_publish(agent):
        raise NotAllowed(_("Only team leads and administrators publish articles."))


@service
def publish(*, agent: User, article: Article) -> Version:
    """The draft becomes what readers see; the version it replaces is kept as history."""
    _require_publisher(agent)
    draft = article.versions.filter(state=State.DRAFT).first()
    if draft is None:
        raise Conflict(_("There is no draft to publish."))
    now = clock.now()
    article.versions.filter(state=State.PUBLISHED).update(state=State.SUPERSEDED)
    # Conditional: of two leads publishing the same draft at once, one does it.
    published = Version.objects.filter(pk=draft.pk, state=State.DRAFT).update(
        state=State.PUBLISHED, published_at=now, published_by=agent
    )
    if not published:
        raise Conflict(_("Someone else has just published this draft."))
    index.article_changed(article)
    _audit(agent, "knowledge.published", article, version=draft.number)
    draft.refresh_from_db()
    return draft


@service
def unpublish(*, agent: User, article: Article) -> None:
    """Take the article out of the portal and the agents' search; its draft stays."""
    _require_publisher(agent)
    version = article.versions.filter(state=State.PUBLISHED).first()
    if version is None:
        raise Conflict(_("This article is not published."))
    Version.objects.filter(pk=version.pk).update(state=State.UNPUBLISHED)
    index.article_changed(article)
    _audit(agent, "knowledge.unpublished", article, version=version.number)


@service
def discard_draft(*, agent: User, article: Article) -> None:
    """Throw the draft away; an article that was never published goes with it."""
    draft = article.versions.filter(state=State.DRAFT).first()
    if draft is None:
        raise Conflict(_("There is no draft to discard."))
    draft.delete()
    _audit(agent, "knowledge.draft_discarded", article, version=draft.number)
    if not article.versions.exists():
        article.delete()


@service
def add_file(
    *, agent: User, article: Article, filename: str, content_type: str, data: bytes
) -> ArticleFile:
    """Keep a file or image with the article, as a case's attachments are kept."""
    if not data:
        raise DomainError(_("The file is empty."), field="file")
    if len(data) > settings.FAIRDESK_MAX_ATTACHMENT_BYTES:
        raise DomainError(_("The file is too large."), field="file")
    digest = store_bytes(settings.FAIRDESK_ATTACHMENT_DIR, data)
    added = ArticleFile.objects.create(
        article=article,
        sha256=digest,
        size=len(data),
        filename=safe_filename(filename),
        content_type=(content_type or "application/octet-stream")[:255],
        added_at=clock.now(),
    )
    _audit(agent, "knowledge.file_added", article, file=added.pk, filename=added.filename)
    return added


@service
def remove_file(*, agent: User, file: ArticleFile) -> None:
    # The bytes stay in the store: a case's attachment may have the same hash.
    _audit(agent, "knowledge.file_removed", file.article, file=file.pk, filename=file.filename)
    file.delete()


@service
def save_category(
    *, agent: User, name_de: str, name_en: str, category: Category | None = None
) -> Category:
    _require_publisher(agent)
    name_de, name_en = " ".join((name_de or "").split()), " ".join((name_en or "").split())
    if not name_de or not name_en:
        raise DomainError(_("Name the category in German and English."), field="name_de")
    if category is None:
        category = Category.objects.create(name_de=name_de[:100], name_en=name_en[:100])
    else:
        Category.objects.filter(pk=category.pk).update(name_de=name_de[:100], name_en=name_en[:100])
        category.refresh_from_db()
    AuditEvent.objects.create(
        at=clock.now(),
        action="knowledge.category_saved",
        actor_user=agent,
        data={"category": category.pk, "name": name_de},
    )
    return category


@service
def record_answered(*, article: Article, language: str) -> Deflection:
    """A customer said the article answered their question, so sent no request. Only a
    published public article can have answered one."""
    if not article.versions.filter(state=State.PUBLISHED, visibility=Visibility.PUBLIC).exists():
        raise DomainError(_("This article is not available."))
    return Deflection.objects.create(
        article=article, at=clock.now(), language="en" if language == "en" else "de"
    )
