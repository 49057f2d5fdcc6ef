"""The rows of the desk's case lists ({% load case_rows %}), written in Python.

My work, the team queue, search and the views show up to fifty rows a page; through the
template engine each row cost about a fifth of a millisecond (a dozen lookups, filters and
tags), half of the queue page's CPU. The markup is the one `partials/case_rows.html` had.
The whole table body is one tag: what every row shares (the clock, the reader's language
and zone, the labels of the statuses and priorities, the due words) is looked up once per
page, and the values are escaped as Django's `conditional_escape` escapes them without its
lazy-text checks (`format_html` cost about 60 µs a row).
"""

from datetime import datetime
from html import escape
from urllib.parse import quote

from django import template
from django.utils import timezone, translation
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import gettext as _

from fairdesk.desk.templatetags.desk import due_state, due_text, priority_label, status_label
from fairdesk.lib import clock
from fairdesk.lib.dates import formatted, moment_text, reader_language

register = template.Library()


def _text(value) -> str:
    """`value` as `conditional_escape` writes it."""
    return str(value) if isinstance(value, SafeData) else escape(str(value))


class _Page:
    """What every row of one page shares, each looked up once."""

    def __init__(self, desk_root: str, bulk: bool) -> None:
        self.desk_root = _text(desk_root)
        self.bulk = bulk
        self.now = clock.now()
        self.zone = timezone.get_current_timezone()
        language = reader_language()
        # moment_text switches the language when the page's is not the reader's: rarely.
        self.language = language if translation.get_language() == language else None
        self.labels: dict[tuple[str, str], str] = {}
        self.overdue_since = _text(_("overdue since"))
        self.due_words = {state: _text(due_text(state)) for state in ("overdue", "soon")}

    def label(self, which: str, value: str) -> str:
        key = (which, value)
        if key not in self.labels:
            name = status_label(value) if which == "status" else priority_label(value)
            self.labels[key] = _text(name)
        return self.labels[key]

    def moment(self, due_at: datetime) -> str:
        local = timezone.localtime(due_at, self.zone)
        text = (
            formatted(local, "short", self.language)
            if self.language
            else moment_text(due_at, "short")
        )
        return f'<time datetime="{_text(local.isoformat())}">{_text(text)}</time>'


@register.simple_tag
def case_rows(cases, desk_root: str, bulk: bool = False) -> SafeString:
    """The table rows of `cases`: reference and customer links, status, priority, next due
    promise (each case's `next_due`), a tick box for bulk actions when `bulk`."""
    page = _Page(desk_root, bulk)
    # Each row between the whitespace the template's loop put around it.
    rows = "".join([f"\n    {_row(case, page)}\n  " for case in cases])
    return mark_safe(rows)  # noqa: S308 - every value escaped by _text


def _row(case, page: _Page) -> str:
    due = getattr(case, "next_due", None)
    state = due_state(due.due_at, due.warn_at, page.now) if due else ""
    reference = _text(case.reference)
    tick = (
        f'<td><input type="checkbox" name="cases" value="{reference}" form="bulk-form"'
        f' aria-label="{reference}"></td>'
        if page.bulk
        else ""
    )
    root = page.desk_root
    return (
        f'<tr class="due-{_text(state or "ok")}">{tick}'
        f'<td><a href="{root}cases/{_text(quote(case.reference))}/">{reference}</a></td>'
        f"<td>{_text(case.subject)}</td>"
        f'<td><a href="{root}customers/{_text(case.customer_id)}/">{_text(case.customer.name)}'
        f"</a></td><td>{page.label('status', case.status)}</td>"
        f'<td class="priority-{_text(case.priority)}">{page.label("priority", case.priority)}'
        f"</td><td>{_due_cell(due, state, page)}</td></tr>"
    )


def _due_cell(due, state: str, page: _Page) -> str:
    if not due:
        return "—"
    moment = page.moment(due.due_at)
    if state == "overdue":
        return f'<span class="due-flag due-flag-overdue">{page.overdue_since} {moment}</span>'
    if state:
        return f'{moment} <span class="due-flag due-flag-{state}">{page.due_words[state]}</span>'
    return moment
