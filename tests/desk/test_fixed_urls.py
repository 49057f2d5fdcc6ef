"""`{% load fixed_urls %}`'s `{% url %}` writes what Django's writes, and follows a change of
script prefix or URL configuration (its addresses are cached)."""

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import NoReverseMatch, clear_script_prefix, path, set_script_prefix

from fairdesk.desk.templatetags.fixed_urls import _reverse

TAGS = (
    "{% url 'desk:my_work' %}|{% url 'desk:search' %}|{% url 'desk:case' 'FD-000001' %}"
    "|{% url 'desk:case' reference=ref %}|{% url 'desk:team_queue' as queue %}{{ queue }}"
    "|{% url 'desk:no_such_view' as missing %}[{{ missing }}]|{% url name %}"
)


def _both(context: dict) -> tuple[str, str]:
    django = Template(TAGS).render(Context(context))
    fixed = Template("{% load fixed_urls %}" + TAGS).render(Context(context))
    return django, fixed


def test_the_same_addresses_as_djangos_tag():
    django, fixed = _both({"ref": "FD-000002", "name": "desk:views"})
    assert fixed == django
    assert fixed.startswith("/desk/|/desk/search/|/desk/cases/FD-000001/|")


def test_an_unknown_view_is_djangos_error():
    with pytest.raises(NoReverseMatch):
        Template("{% load fixed_urls %}{% url 'desk:no_such_view' %}").render(Context())


def test_a_new_script_prefix_or_urlconf_gives_new_addresses():
    before = Template("{% load fixed_urls %}{% url 'desk:my_work' %}")
    assert before.render(Context()) == "/desk/"
    set_script_prefix("/support/")
    try:
        assert before.render(Context()) == "/support/desk/"
    finally:
        clear_script_prefix()
    with override_settings(ROOT_URLCONF=__name__):
        assert Template("{% load fixed_urls %}{% url 'only' %}").render(Context()) == "/only/"
    assert before.render(Context()) == "/desk/"
    assert _reverse.cache_info().hits  # the addresses were cached


urlpatterns = [path("only/", lambda request: None, name="only")]
