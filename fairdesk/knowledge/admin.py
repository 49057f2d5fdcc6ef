"""The knowledge base in the Django admin: to look at. Articles change through the desk's
pages (knowledge.services, which write the audit log), never here."""

from django.contrib import admin

from fairdesk.knowledge.models import (
    Article,
    ArticleFile,
    ArticleText,
    Category,
    Deflection,
    Version,
)
from fairdesk.lib.admin import ReadOnlyAdmin


@admin.register(Article)
class ArticleAdmin(ReadOnlyAdmin):
    list_display = ["id", "created_at", "created_by"]


@admin.register(Version)
class VersionAdmin(ReadOnlyAdmin):
    list_display = ["article", "number", "state", "visibility", "title_de", "title_en"]
    list_filter = ["state", "visibility"]
    search_fields = ["title_de", "title_en"]


@admin.register(Category)
class CategoryAdmin(ReadOnlyAdmin):
    list_display = ["name_de", "name_en"]


@admin.register(ArticleFile)
class ArticleFileAdmin(ReadOnlyAdmin):
    list_display = ["filename", "article", "content_type", "size", "added_at"]


@admin.register(ArticleText)
class ArticleTextAdmin(ReadOnlyAdmin):
    list_display = ["article", "public"]


@admin.register(Deflection)
class DeflectionAdmin(ReadOnlyAdmin):
    list_display = ["article", "at", "language"]
