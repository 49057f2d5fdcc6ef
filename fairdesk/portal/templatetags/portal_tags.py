"""Small display helpers for portal templates."""

from django import template

from fairdesk.cases.models import Status

register = template.Library()


@register.filter
def status_label(value: str) -> str:
    """The translated name of a case status value ("waiting_on_customer" → its label)."""
    try:
        return str(Status(value).label)
    except ValueError:
        return value
