"""Notices to the customer about a process: a public timeline entry, and the case event
NOTICE, on which the email channel mails the entry through its outbound queue after commit
(like the acknowledgment of a new case).

The text is written once in the customer's language and kept as sent: a confirmation is a
document, and the record must say what it said (the facts are in the entry's data too)."""

from contextlib import AbstractContextManager

from django.conf import settings
from django.utils import translation

from fairdesk.cases import services as cases
from fairdesk.cases.events import Event, case_event
from fairdesk.cases.models import Case, Entry


def tell_customer(*, case: Case, body: str, data: dict, audit: str) -> Entry:
    """Write `body` on the case for the customer; the reactions mail it once committed."""
    entry = cases.record_event(case=case, public=True, body=body, data=data, audit=audit)
    case_event(case=case, event=Event.NOTICE, entry=entry)
    return entry


def customer_language(case: Case) -> AbstractContextManager:
    """Write in the customer's language whatever language the request speaks."""
    return translation.override(case.customer.language or settings.LANGUAGE_CODE)
