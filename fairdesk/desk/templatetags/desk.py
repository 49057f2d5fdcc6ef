"""Template helpers for the desk: labels for stored values and the due-time sign."""

from datetime import datetime

from django import template
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from fairdesk.cases.models import EntryKind, Priority, Status
from fairdesk.lib import clock
from fairdesk.lib.html import sanitize_html

register = template.Library()


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


@register.filter
def status_label(value: str) -> str:
    return _label(Status, value)


@register.filter
def priority_label(value: str) -> str:
    return _label(Priority, value)


@register.filter
def kind_label(value: str) -> str:
    return _label(EntryKind, value)


@register.filter
def clean_html(html: str) -> SafeString:
    """Stored HTML is sanitised when written; cleaning again on output costs little and
    keeps the page safe even if a row was written some other way."""
    return mark_safe(sanitize_html(html or ""))  # noqa: S308 - nh3 output is inert


def due_state(due: datetime | None, started: datetime | None, now: datetime) -> str:
    """ "overdue" past the due time, "soon" once the warn share of the time has gone, else ""."""
    if due is None:
        return ""
    if now >= due:
        return "overdue"
    share = getattr(settings, "FAIRDESK_WARN_AT_PERCENT", 75) / 100
    if started is not None and due > started:
        if (now - started) / (due - started) >= share:
            return "soon"
    elif (due - now).total_seconds() <= 3600:  # no start known: warn in the last hour
        return "soon"
    return ""


@register.simple_tag
def due_sign(due: datetime | None, started: datetime | None = None) -> str:
    return due_state(due, started, clock.now())


@register.filter
def due_text(state: str) -> str:
    return {"overdue": _("overdue"), "soon": _("due soon")}.get(state, "")
