"""The case lists' rows, written in Python in one tag per table: the same markup as the
template-tag-per-row they replaced (rebuilt here with `format_html`, row by row), in both
languages, for every due state, with and without the tick box, and every value escaped."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

from fairdesk.desk.templatetags.case_rows import case_rows
from fairdesk.desk.templatetags.desk import due_sign, due_text, priority_label, status_label
from fairdesk.lib import clock
from fairdesk.lib.dates import moment_text
from fairdesk.promises.selectors import NextDue

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def _expected(case, desk_root: str, bulk: bool) -> str:
    """A row as the per-row tag wrote it through `format_html`."""
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
    cell = "—"
    if due:
        moment = format_html(
            '<time datetime="{}">{}</time>',
            timezone.localtime(due.due_at).isoformat(),
            moment_text(due.due_at, "short"),
        )
        if state == "overdue":
            cell = format_html(
                '<span class="due-flag due-flag-overdue">{} {}</span>', _("overdue since"), moment
            )
        elif state:
            cell = format_html(
                '{} <span class="due-flag due-flag-{}">{}</span>', moment, state, due_text(state)
            )
        else:
            cell = moment
    row = format_html(
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
        cell,
    )
    return f"\n    {row}\n  "


def _case(number: int, due_in: timedelta | None, warn_in: timedelta | None = None):
    case = SimpleNamespace(
        reference=f"FD-{number:06d}",
        subject=f'Kein <b>Internet</b> & "Router" {number}',
        customer_id=number,
        customer=SimpleNamespace(name=f"Kurt <Köhler> & Söhne {number}"),
        status=["new", "open", "waiting_customer", "odd"][number % 4],
        priority=["normal", "high", "urgent", "low"][number % 4],
    )
    if due_in is not None:
        case.next_due = NextDue(
            promise_id=number,
            kind="first_response",
            label="First response",
            due_at=NOW + due_in,
            warn_at=NOW + warn_in if warn_in is not None else None,
            state="pending",
            visible=True,
        )
    return case


CASES = [
    _case(1, None),
    _case(2, timedelta(hours=3)),  # due, not yet at risk
    _case(3, timedelta(hours=3), timedelta(hours=-1)),  # at risk
    _case(4, timedelta(hours=-2)),  # overdue
    _case(5, timedelta(days=40), timedelta(days=39)),
]


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("bulk", [False, True])
def test_the_rows_are_the_markup_the_per_row_tag_wrote(language, bulk):
    zone = timezone.override("Europe/Berlin")
    with translation.override(language), zone, clock.frozen_at(NOW):
        written = case_rows(CASES, "/desk/", bulk)
        expected = "".join(_expected(case, "/desk/", bulk) for case in CASES)
    assert written == expected
    assert "<b>" not in written and "&lt;Köhler&gt;" in written
    assert ("overdue since" in written) == (language == "en")


def test_no_rows_no_markup():
    assert case_rows([], "/desk/") == ""
