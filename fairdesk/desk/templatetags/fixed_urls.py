"""`{% url %}` as Django's, with the address of a view without arguments looked up once
({% load fixed_urls %} after Django's tags).

Every desk page's header names about twenty views ("My work", "Team queue", the search's
form, the menus): `reverse()` walks the resolver for each, about 20 µs a time, a tenth of
the layout's cost on every page. Such an address can change only with the URL
configuration, the request's own urlconf or the script prefix, so those are the cache's
key. With arguments, or when the view is not found, it is Django's tag unchanged.
"""

from functools import lru_cache

from django import template
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, URLResolver, get_resolver, get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse
from django.utils.html import conditional_escape

register = template.Library()


class FixedURLNode(URLNode):
    def render(self, context) -> str:
        if self.args or self.kwargs:
            return super().render(context)
        view_name = self.view_name.resolve(context)
        try:  # as Django's tag finds it
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        urlconf = get_urlconf()
        try:
            address = _reverse(
                view_name, current_app, urlconf, get_script_prefix(), get_resolver(urlconf)
            )
        except NoReverseMatch:
            return super().render(context)  # Django's answer: an error, or "" for `as`
        if self.asvar:
            context[self.asvar] = address
            return ""
        return conditional_escape(address) if context.autoescape else address


@lru_cache(maxsize=1024)
def _reverse(
    view_name: str, current_app: str | None, urlconf, prefix: str, resolver: URLResolver
) -> str:
    # `prefix` and `resolver` only key the cache: reverse() reads them itself.
    return django_reverse(view_name, urlconf=urlconf, current_app=current_app)


@register.tag
def url(parser, token) -> FixedURLNode:
    """Django's `{% url %}` (same syntax), see the module's docstring."""
    node = django_url(parser, token)
    return FixedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
