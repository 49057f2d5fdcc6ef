"""The `dates` template library ({% load dates %}): times in the reader's format everywhere."""

from datetime import date, datetime

from django import template

from fairdesk.lib.dates import as_moment, day_text, moment_text

register = template.Library()


@register.filter
def when(value: datetime | str | None, style: str = "long") -> str:
    """{{ promise.due_at|when }} or {{ entry.created_at|when:"short" }}."""
    return moment_text(value, style)


@register.filter
def day(value: date | str | None) -> str:
    """{{ step.due_on|day }}: a calendar day (no time, no zone) in the "date" style."""
    return day_text(value)


@register.filter
def moment(value: datetime | str | None) -> datetime | None:
    """A stored ISO time as a datetime, e.g. for the `date:'c'` of a <time> element."""
    return as_moment(value)
