"""The case page's folded forms ({% load case_forms %}), written in Python.

Nine of the case page's forms come when opened (`cases.ON_DEMAND`): each is a folded box
that fetches its form, `desk/partials/action_form.html`'s second half. Included nine times a
view, that template cost about 0.1 ms a box through the template engine; `{% action_form %}`
writes the same markup (a test compares them), and includes the template only for a form on
the page (one sent back with its errors).
"""

from django import template
from django.template.context import Context
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()

TEMPLATE = "desk/partials/action_form.html"


@register.simple_tag(takes_context=True)
def action_form(context: Context, name: str) -> SafeString:
    """The case page's form `name`: on the page if it is in `forms`, else its folded box."""
    form, legend = context["forms"].get(name), context["legends"][name]
    if form is not None:
        with context.push(name=name, form=form, legend=legend):
            return context.template.engine.get_template(TEMPLATE).render(context)
    url = reverse("desk:case_form", args=[context["case"].reference, name])
    return format_html(
        '\n\n\n\n\n<details class="action" id="action-{}" hx-get="{}" hx-trigger="toggle once"'
        ' hx-target="find .action-body" hx-swap="innerHTML" hx-disinherit="hx-target hx-swap">'
        '\n  <summary>{}</summary>\n  <div class="action-body"><a href="{}">{}</a></div>'
        "\n</details>\n\n",
        name,
        url,
        legend,
        url,
        _("Open this form"),
    )
