"""What a notification says, rendered from its facts in the active language (the reader's),
with times in the reader's format and zone."""

from django.utils.translation import gettext as _

from fairdesk.lib.dates import moment_text
from fairdesk.lib.text import one_line
from fairdesk.notifications.models import Kind, Notification
from fairdesk.promises.models import promise_what

EXCERPT = 200  # characters of a note shown in the list and the mail


def notification_text(notification: Notification) -> str:
    """One sentence: what happened, on which case, by whom."""
    case = notification.case
    facts = {"ref": case.reference, "subject": case.subject, "who": _who(notification)}
    kind = notification.kind
    if kind == Kind.ASSIGNED:
        return _("%(ref)s “%(subject)s” was assigned to you.") % facts
    if kind == Kind.REPLIED:
        return _("The customer wrote again on %(ref)s “%(subject)s”.") % facts
    if kind == Kind.HANDED_OVER:
        return _("%(who)s handed %(ref)s “%(subject)s” to you.") % facts
    if kind == Kind.AT_RISK:
        data = notification.data
        what = promise_what(
            str(data.get("kind") or ""), data.get("description") or "", data.get("rule") or ""
        )
        due = moment_text(data.get("due_at"))
        return _("Promise at risk on %(ref)s: %(what)s, due %(due)s.") % (
            facts | {"what": what, "due": due}
        )
    if kind == Kind.MENTIONED:
        return _("%(who)s mentioned you in a note on %(ref)s “%(subject)s”.") % facts
    return ""


def notification_excerpt(notification: Notification) -> str:
    """The handoff note or the note that mentions the reader, on one line ("" for others)."""
    if notification.kind not in (Kind.HANDED_OVER, Kind.MENTIONED):
        return ""
    entry = notification.entry
    return one_line(entry.body if entry is not None else "", EXCERPT)


def _who(notification: Notification) -> str:
    actor = notification.actor
    if actor is None:
        return "fairdesk"
    return actor.get_full_name() or actor.get_username()
