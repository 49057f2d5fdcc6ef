"""The promises a customer sees, as the portal shows them (read through promises.selectors)."""

from django.utils.translation import gettext_lazy as _

from fairdesk.cases.models import Case
from fairdesk.promises.models import Credit, Kind, Promise, State
from fairdesk.promises.selectors import credits_for, promises_for

# States named for people; a state this list does not know is shown as it is.
STATE_LABELS = {
    "pending": _("open"),
    "kept": _("kept"),
    "broken": _("broken"),
    "withdrawn": _("withdrawn"),
}


# What the customer reads about a credit: rejected ones are never shown to them.
CREDIT_STATE_LABELS = {
    "pending": _("being confirmed"),
    "confirmed": _("confirmed"),
}


def promise_state(promise: Promise) -> str:
    """The promise's state in the customer's words."""
    # A paused clock (waiting for the customer) is still pending, but says so.
    if promise.paused:
        return str(_("paused"))
    return str(STATE_LABELS.get(promise.state) or promise.state)


def credit_state(credit: Credit) -> str:
    return str(CREDIT_STATE_LABELS.get(credit.state) or credit.state)


def promises_of(case: Case) -> list[Promise]:
    """The customer-visible promises."""
    return promises_for(case, public_only=True)


def first_response(case: Case) -> Promise | None:
    """The pending first-response promise, the one the acknowledgment names."""
    for promise in promises_of(case):
        if promise.kind == Kind.FIRST_RESPONSE and promise.state == State.PENDING:
            return promise
    return None


def credits_of(case: Case) -> list[Credit]:
    """What broken promises owe the customer (pending and confirmed)."""
    return credits_for(case, public_only=True)
