"""The case page's folded forms and its promises' and credits' small forms
({% load case_forms %}), written in Python.

Nine of the case page's forms come when opened (`cases.ON_DEMAND`): each is a folded box
that fetches its form, `desk/partials/action_form.html`'s second half. Each pending promise
or credit has two small forms (`desk/partials/row_form.html`). Included on every view, those
templates cost about 0.1–0.2 ms each through the template engine; `{% action_form %}` and
`{% row_form %}` write the same markup (tests/desk/test_case_forms_tag.py compares them: change
both together), and a form sent back with its errors still renders the template.
"""

from django import template
from django.forms import Form
from django.template.context import Context
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from fairdesk.lib.field_tags import form_fields

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


@register.simple_tag(takes_context=True)
def row_form(context: Context, form: Form, action: str, label: str, summary: str) -> SafeString:
    """`{% include "desk/partials/row_form.html" with form=… action=… label=… summary=… %}`."""
    hidden = "".join(str(field) for field in form.hidden_fields())
    errors = form.non_field_errors()
    said = ""
    if errors:
        said = format_html(
            '\n  <div class="errors" role="alert">{}</div>\n',
            format_html_join("", "<p>{}</p>", ((error,) for error in errors)),
        )
    body = format_html(
        '\n<form class="row-form" method="post" action="{}">\n  {}\n  {}\n  {}\n\n  {}\n'
        '  <button type="submit">{}</button>\n</form>\n',
        action,
        CsrfTokenNode().render(context),
        mark_safe(hidden),  # noqa: S308 - widgets Django rendered
        said,
        form_fields(form.visible_fields()),
        label,
    )
    if not summary:
        return format_html("\n\n{}\n", body)
    opened = " open" if form.is_bound else ""
    return format_html(
        '\n\n<details class="row-action"{}><summary>{}</summary>{}</details>\n',
        opened,
        summary,
        body,
    )
