"""The rows of the desk's case lists ({% load case_rows %}), written in Python.

My work, the team queue, search and the views show up to fifty rows a page; through the
template engine each row cost about a fifth of a millisecond (a dozen lookups, filters and
tags), half of the queue page's CPU. The markup is the one `partials/case_rows.html` had.
"""

from urllib.parse import quote

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from fairdesk.desk.templatetags.desk import due_sign, due_text, priority_label, status_label
from fairdesk.lib.dates import moment_text

register = template.Library()


@register.simple_tag
def case_row(case, desk_root: str, bulk: bool = False) -> SafeString:
    """One case's row: reference and customer links, status, priority, next due promise."""
    due = getattr(case, "next_due", None)
    state = due_sign(due.due_at, due.warn_at) if due else ""
    tick = (
        format_html(
            '<td><input type="checkbox" name="cases" value="{}" form="bulk-form"'
            ' aria-label="{}"></td>',
            case.reference,
            case.reference,
        )
        if bulk
        else ""
    )
    return format_html(
        '<tr class="due-{}">{}<td><a href="{}cases/{}/">{}</a></td><td>{}</td>'
        '<td><a href="{}customers/{}/">{}</a></td><td>{}</td>'
        '<td class="priority-{}">{}</td><td>{}</td></tr>',
        state or "ok",
        tick,
        desk_root,
        quote(case.reference),
        case.reference,
        case.subject,
        desk_root,
        case.customer_id,
        case.customer.name,
        status_label(case.status),
        case.priority,
        priority_label(case.priority),
        _due_cell(due, state),
    )


def _due_cell(due, state: str) -> SafeString | str:
    if not due:
        return "—"
    moment = format_html(
        '<time datetime="{}">{}</time>',
        timezone.localtime(due.due_at).isoformat(),
        moment_text(due.due_at, "short"),
    )
    if state == "overdue":
        return format_html(
            '<span class="due-flag due-flag-overdue">{} {}</span>', _("overdue since"), moment
        )
    if state:
        return format_html(
            '{} <span class="due-flag due-flag-{}">{}</span>', moment, state, due_text(state)
        )
    return moment
