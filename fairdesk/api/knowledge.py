"""/api/v1/articles: the knowledge base's published articles, read and searched.

An agent's token reads every published article; a customer's token only public ones (an
internal article does not exist for it: 404, never in a list or a search)."""

from datetime import datetime
from typing import Literal

from django.conf import settings
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema
from pydantic import BaseModel, Field

from fairdesk.api import policy
from fairdesk.knowledge import selectors
from fairdesk.knowledge.models import Version

router = Router(tags=["knowledge"])


class ArticleFilters(Schema):
    q: str = Field("", max_length=200, description="Words to search for (German or English).")
    language: Literal["de", "en"] = Field("de", description="Articles in it come first.")
    page: int = Field(1, ge=1, le=1000)
    page_size: int = Field(50, ge=1, le=100)


class ArticleSummary(BaseModel):
    id: int
    title_de: str
    title_en: str
    visibility: str
    category_de: str | None
    category_en: str | None
    version: int
    published_at: datetime | None
    portal_url: str | None = Field(description="Where customers read it (public ones only).")


class ArticleDetail(ArticleSummary):
    body_de: str = Field(description="Sanitised HTML.")
    body_en: str = Field(description="Sanitised HTML.")
    files: list[str] = Field(description="File names; read them in the desk or the portal.")


class ArticlePage(BaseModel):
    items: list[ArticleSummary]
    page: int
    next_page: int | None


def _summary(version: Version) -> dict:
    public_url = settings.FAIRDESK_BASE_URL + reverse(
        "portal:help_article", args=[version.article_id]
    )
    return {
        "id": version.article_id,
        "title_de": version.title_de,
        "title_en": version.title_en,
        "visibility": version.visibility,
        "category_de": version.category.name_de if version.category else None,
        "category_en": version.category.name_en if version.category else None,
        "version": version.number,
        "published_at": version.published_at,
        "portal_url": public_url if version.is_public else None,
    }


@router.get("", response=ArticlePage, summary="List or search published articles")
def list_articles(request: HttpRequest, filters: Query[ArticleFilters]):
    public_only = not policy.sees_internal(policy.caller(request))
    if filters.q.strip():
        versions = selectors.search_published(
            filters.q, public_only=public_only, language=filters.language, limit=1000
        )
    else:
        versions = selectors.published(public_only=public_only, language=filters.language)
    start = (filters.page - 1) * filters.page_size
    page = versions[start : start + filters.page_size + 1]
    more = len(page) > filters.page_size
    return {
        "items": [_summary(version) for version in page[: filters.page_size]],
        "page": filters.page,
        "next_page": filters.page + 1 if more else None,
    }


@router.get("/{article_id}", response=ArticleDetail, summary="A published article")
def get_article(request: HttpRequest, article_id: int):
    public_only = not policy.sees_internal(policy.caller(request))
    version = selectors.published_version(article_id, public_only=public_only)
    if version is None:
        raise Http404("No such article.")
    files = [file.filename for file in selectors.files_of(version.article)]
    return {
        **_summary(version),
        "body_de": version.body_de,
        "body_en": version.body_en,
        "files": files,
    }
