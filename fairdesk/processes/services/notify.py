"""Mail to the customer about a process: a public timeline entry, sent through the email
channel's outbound queue after commit (like the acknowledgment of a new case).

The text is written once in the customer's language and kept as sent: a confirmation is a
document, and the record must say what it said (the facts are in the entry's data too)."""

from contextlib import AbstractContextManager

from django.conf import settings
from django.db import transaction
from django.utils import translation

from fairdesk.cases import services as cases
from fairdesk.cases.models import Case, Entry


def tell_customer(*, case: Case, body: str, data: dict, audit: str) -> Entry:
    """Write `body` on the case for the customer and mail it to them once committed."""
    entry = cases.record_event(case=case, public=True, body=body, data=data, audit=audit)

    def queue_after_commit() -> None:
        from fairdesk.channels.email.models import OutboundKind
        from fairdesk.channels.email.outbound import queue_mail

        queue_mail(case_id=case.pk, entry_id=entry.pk, kind=OutboundKind.REPLY)

    # robust: a mail that cannot be queued must not undo the committed declaration.
    transaction.on_commit(queue_after_commit, robust=True)
    return entry


def customer_language(case: Case) -> AbstractContextManager:
    """Write in the customer's language whatever language the request speaks."""
    return translation.override(case.customer.language or settings.LANGUAGE_CODE)
