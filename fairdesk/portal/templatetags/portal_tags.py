"""Small display helpers for portal templates."""

from datetime import datetime

from django import template
from django.template.defaultfilters import date
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # not in the stubs
from django.utils.translation import gettext_lazy as _

from fairdesk import texts
from fairdesk.cases.models import Status
from fairdesk.lib.dates import moment_text
from fairdesk.portal import promises
from fairdesk.promises.services import what_was_promised

register = template.Library()

# What happened to a promise, in the customer's words (events from promises.services).
PROMISE_EVENTS = {
    "made": _("We promised"),
    "kept": _("Promise kept"),
    "broken": _("Promise broken"),
    "withdrawn": _("Promise withdrawn"),
    "paused": _("Promise paused while we wait for you"),
    "resumed": _("Promise running again"),
}


@register.filter
def status_label(value: str) -> str:
    """The translated name of a case status value ("waiting_on_customer" → its label)."""
    try:
        return str(Status(value).label)
    except ValueError:
        return value


@register.filter
def promise_event(value: str) -> str:
    return str(PROMISE_EVENTS.get(value, _("Promise")))


@register.filter
def entry_text(entry) -> str:
    """What a system-made entry says, in the reader's language ("" for other entries)."""
    return texts.entry_text(entry)


@register.filter
def promise_state(promise) -> str:
    """A promise's state in the customer's words ("paused" while we wait for them)."""
    return promises.promise_state(promise)


@register.filter
def credit_state(credit) -> str:
    return promises.credit_state(credit)


@register.filter
def promise_what(facts: dict) -> str:
    """What a promise entry's facts say was promised, in the reader's language."""
    return what_was_promised(facts if isinstance(facts, dict) else {})


@register.filter
def iso_datetime(value: str | None) -> datetime | None:
    """A timestamp stored as ISO text in an entry's data, as a datetime for |date."""
    try:
        return datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


@register.simple_tag
def time_of(when: datetime | None) -> SafeString:
    """`{% include "portal/_when.html" with when=… %}` written in Python, the same markup (a
    test compares them): the lists show one per row, an include costs about 50 µs."""
    return format_html(
        '<time datetime="{}">{}</time>\n', date(template_localtime(when), "c"), moment_text(when)
    )
