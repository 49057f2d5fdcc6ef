"""Template helpers for the desk: labels for stored values and the due-time sign."""

from datetime import datetime

from django import template
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fairdesk import texts
from fairdesk.cases.models import EntryKind, Priority, Status
from fairdesk.channels.email.reasons import not_part_of, reason_text
from fairdesk.lib import clock, downloads
from fairdesk.lib.html import sanitize_html
from fairdesk.notifications import selectors as notification_selectors
from fairdesk.privacy.texts import counts_text
from fairdesk.promises.models import CreditState
from fairdesk.promises.models import Kind as PromiseKind
from fairdesk.promises.models import State as PromiseState
from fairdesk.promises.services import what_was_promised
from fairdesk.queues.wording import why_assigned

register = template.Library()


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


@register.simple_tag
def demo_mode() -> bool:
    """Whether this is `fairdesk demo` (the desk then shows the demo's mailbox)."""
    return settings.DEMO


@register.filter
def status_label(value: str) -> str:
    return _label(Status, value)


# The reasons fairdesk itself stores on a status change (cases.services, promises.waiting),
# said in the reader's language; an agent's own reason is shown as written.
STATUS_REASONS = {
    "customer message": gettext_lazy("a message from the customer"),
    "reply": gettext_lazy("an agent's reply"),
    "reopened": gettext_lazy("reopened"),
    "solved": gettext_lazy("the customer marked it solved"),
    "no answer from the customer": gettext_lazy("no answer from the customer"),
}


@register.filter
def status_reason(value: str) -> str:
    return str(STATUS_REASONS.get(value, value or ""))


@register.filter
def priority_label(value: str) -> str:
    return _label(Priority, value)


@register.filter
def kind_label(value: str) -> str:
    return _label(EntryKind, value)


@register.filter
def promise_state_label(value: str) -> str:
    return _label(PromiseState, value)


@register.filter
def credit_state_label(value: str) -> str:
    return _label(CreditState, value)


PROMISE_EVENTS = {
    "made": gettext_lazy("Promise made"),
    "kept": gettext_lazy("Promise kept"),
    "broken": gettext_lazy("Promise broken"),
    "withdrawn": gettext_lazy("Promise withdrawn"),
    "paused": gettext_lazy("Promise paused"),
    "resumed": gettext_lazy("Promise running again"),
    "warned": gettext_lazy("Promise at risk"),
    "escalated": gettext_lazy("Promise escalated"),
}


@register.filter
def promise_event_label(event: str) -> str:
    return str(PROMISE_EVENTS.get(event, event or ""))


@register.filter
def promise_kind_label(value: str) -> str:
    return _label(PromiseKind, value)


@register.filter
def assigned_why(facts: dict) -> str:
    """Why fairdesk gave the case to its agent (see queues.wording)."""
    return why_assigned(facts if isinstance(facts, dict) else {})


@register.filter
def promise_what(facts: dict) -> str:
    """What a promise entry's facts say was promised (see promises.services)."""
    return what_was_promised(facts if isinstance(facts, dict) else {})


@register.filter
def as_datetime(value: str) -> datetime | None:
    """An ISO 8601 time stored in an entry's data, for the `date` filter."""
    try:
        return datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


@register.filter
def clean_html(html: str) -> SafeString:
    """Stored HTML is sanitised when written; cleaning again on output costs little and
    keeps the page safe even if a row was written some other way."""
    return mark_safe(sanitize_html(html or ""))  # noqa: S308 - nh3 output is inert


def due_state(due: datetime | None, warn_at: datetime | None, now: datetime) -> str:
    """ "overdue" past the due time, "soon" from the promise's warn time on, else "".

    The warn time is the promise's own (promises.services decides it): no second formula."""
    if not isinstance(due, datetime):
        return ""
    if now >= due:
        return "overdue"
    return "soon" if isinstance(warn_at, datetime) and now >= warn_at else ""


@register.simple_tag
def due_sign(due: datetime | None, warn_at: datetime | None = None) -> str:
    return due_state(due, warn_at, clock.now())


@register.filter
def due_text(state: str) -> str:
    return {"overdue": _("overdue"), "soon": _("due soon")}.get(state, "")


@register.filter
def entry_text(entry) -> str:
    """What a system-made entry says, in the reader's language ("" for other entries)."""
    return texts.entry_text(entry)


@register.filter
def flag_reason(reason: str) -> str:
    """Why a mail was flagged, in the reader's language."""
    return reason_text(reason)


@register.filter
def stranger_to(reason: str) -> str:
    """The case a flagged mail's sender is not part of (they may be its customer writing from
    a second address), or ""."""
    return not_part_of(reason)


@register.filter
def facts_text(data) -> str:
    """The sentence for stored facts (an escalation's `because`), in the reader's language."""
    return texts.facts_text(data)


@register.filter
def privacy_counts(counts: dict) -> str:
    """What a privacy record counted, named in the reader's language."""
    return counts_text(counts)


@register.filter
def previewable(content_type: str) -> bool:
    """Whether the desk may show the file in the browser (an image or PDF)."""
    return downloads.previewable(content_type)


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """The header's unread count: one query on a partial index, on every desk page."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return 0
    return notification_selectors.unread_count(user)
