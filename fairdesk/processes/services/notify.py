"""Notices to the customer about a process, through `cases.services.tell_customer` (a public
timeline entry, mailed by the channels that react to Event.NOTICE).

The text is written once in the customer's language and kept as sent: a confirmation is a
document, and the record must say what it said (the facts are in the entry's data too)."""

from contextlib import AbstractContextManager

from django.conf import settings
from django.utils import translation

from fairdesk.cases import services as cases
from fairdesk.cases.models import Case, Entry


def tell_customer(*, case: Case, body: str, data: dict, audit: str) -> Entry:
    """Write `body` on the case for the customer; the reactions mail it once committed."""
    return cases.tell_customer(case=case, body=body, data=data, notice="process", audit=audit)


def customer_language(case: Case) -> AbstractContextManager:
    """Write in the customer's language whatever language the request speaks."""
    return translation.override(case.customer.language or settings.LANGUAGE_CODE)
