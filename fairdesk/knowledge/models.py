"""The knowledge base: articles in German and English, their versions, files and categories,
the search index of published articles, and the questions articles answered in the portal."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _


class Category(models.Model):
    name_de = models.CharField(_("name in German"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100)

    class Meta:
        ordering = ["name_de", "id"]
        verbose_name = _("article category")
        verbose_name_plural = _("article categories")

    def __str__(self) -> str:
        return self.name_de

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_de


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public (portal and agents)")
    INTERNAL = "internal", _("internal (agents only)")


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    # Replaced by a newer published version, or taken out of the portal: kept as history.
    SUPERSEDED = "superseded", _("replaced")
    UNPUBLISHED = "unpublished", _("unpublished")


class Article(models.Model):
    """One article; what it says lives in its versions (at most one draft, one published)."""

    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return f"article {self.pk}"


class Version(models.Model):
    """What an article says at one point: its text in each language (HTML, sanitised when
    saved), its category and who may read it. A draft changes; other versions never do."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    visibility = models.CharField(
        _("who may read it"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title_de = models.CharField(_("title in German"), max_length=200, blank=True)
    body_de = models.TextField(_("text in German"), blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    body_en = models.TextField(_("text in English"), blank=True)
    saved_at = models.DateTimeField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["article_id", "-number"]
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="one_number_per_version"),
            models.UniqueConstraint(
                fields=["article"], condition=Q(state="draft"), name="one_draft_per_article"
            ),
            models.UniqueConstraint(
                fields=["article"], condition=Q(state="published"), name="one_published_version"
            ),
            models.CheckConstraint(
                condition=~Q(title_de="") | ~Q(title_en=""), name="version_has_a_title"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title_de or self.title_en} ({self.number})"

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC

    def language_for(self, language: str) -> str:
        """`language` if the version has a text in it, else the one it has."""
        if language == "en":
            return "en" if self.title_en else "de"
        return "de" if self.title_de else "en"

    def title(self, language: str) -> str:
        return self.title_en if self.language_for(language) == "en" else self.title_de

    def body(self, language: str) -> SafeString:
        # Sanitised by knowledge.services when saved (knowledge.sanitise): safe to show.
        body = self.body_en if self.language_for(language) == "en" else self.body_de
        return mark_safe(body)  # noqa: S308


class ArticleFile(models.Model):
    """A file or image of an article, kept like a case's attachments (under its SHA-256 in
    the attachment folder) and readable by whoever may read the article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="files")
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField()
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=255, default="application/octet-stream")
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["filename", "id"]
        verbose_name = _("article file")
        verbose_name_plural = _("article files")

    def __str__(self) -> str:
        return self.filename

    @property
    def is_image(self) -> bool:
        return self.content_type in ("image/png", "image/jpeg", "image/gif", "image/webp")


class ArticleText(models.Model):
    """The searchable text of an article's published version, as the database's index wants
    it (stemmed on SQLite, plain words on PostgreSQL; see migration 0002). Only
    knowledge.index writes it."""

    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="search_text"
    )
    public = models.BooleanField()
    title = models.TextField(blank=True)
    body = models.TextField(blank=True)

    class Meta:
        verbose_name = _("article search text")
        verbose_name_plural = _("article search texts")

    def __str__(self) -> str:
        return f"search text of article {self.article_id}"


class Deflection(models.Model):
    """A customer said an article answered the question they were about to send: no case
    was opened. Counted for the report; who it was is not kept."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="deflections")
    at = models.DateTimeField(db_index=True)
    language = models.CharField(max_length=10)

    class Meta:
        verbose_name = _("answered question")
        verbose_name_plural = _("answered questions")

    def __str__(self) -> str:
        return f"article {self.article_id} answered a question"
