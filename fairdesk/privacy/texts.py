"""What the privacy app's timeline entries say, rendered when read in the reader's language."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy


def privacy_text(data: dict) -> str:
    event = data.get("privacy")
    if event == "erased" and data.get("why") == "retention":
        return _("Personal data erased: the retention period of closed cases ended.")
    if event == "erased":
        return _("Personal data erased at the customer's request.")
    if event == "hold":
        return _("Legal hold placed: this case may not be erased.")
    if event == "released":
        return _("Legal hold released.")
    return ""


# What a privacy record counted (`PrivacyRecord.counts`: the export's, the erasure's and its
# hooks' keys), as a reader names it; a key not listed here is shown as it is.
COUNTED = {
    "cases": pgettext_lazy("privacy count", "cases"),
    "entries": pgettext_lazy("privacy count", "timeline entries"),
    "files": pgettext_lazy("privacy count", "files"),
    "rows": pgettext_lazy("privacy count", "other records"),
    "attachments": pgettext_lazy("privacy count", "attachments"),
    "audit": pgettext_lazy("privacy count", "audit rows"),
    "held": pgettext_lazy("privacy count", "cases on legal hold, skipped"),
    "declarations": pgettext_lazy("privacy count", "declarations"),
    "feedback_comments": pgettext_lazy("privacy count", "survey comments"),
    "callbacks": pgettext_lazy("privacy count", "callback bookings"),
    "inbound_mail": pgettext_lazy("privacy count", "mails received"),
    "outbound_mail": pgettext_lazy("privacy count", "mails sent"),
    "mail_files": pgettext_lazy("privacy count", "stored mail files"),
    "messages_elsewhere": pgettext_lazy("privacy count", "messages on other customers' cases"),
}


def counts_text(counts: dict) -> str:
    """The counts as "cases 2, timeline entries 17, …", named in the reader's language."""
    return ", ".join(f"{COUNTED.get(key, key)} {value}" for key, value in counts.items())
