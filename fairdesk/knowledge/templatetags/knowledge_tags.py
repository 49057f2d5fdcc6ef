"""An article version's title, text and category in the reader's language."""

from django import template
from django.utils.safestring import SafeString

from fairdesk.knowledge.models import Version

register = template.Library()


@register.filter
def title_in(version: Version, language: str) -> str:
    return version.title(language)


@register.filter
def body_in(version: Version, language: str) -> SafeString:
    return version.body(language)


@register.filter
def category_in(version: Version, language: str) -> str:
    return version.category.name(language) if version.category_id else ""


@register.filter
def language_of(version: Version, language: str) -> str:
    """The language the version is shown in to a reader of `language`."""
    return version.language_for(language)
