"""The promises a customer sees, as the portal shows them (read through promises.selectors)."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from fairdesk.cases.models import Case
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


def _labelled(promise: dict) -> dict:
    state = promise.get("state", "")
    # A paused clock (waiting for the customer) is still pending, but says so.
    label = _("paused") if promise.get("paused") else STATE_LABELS.get(state, state)
    return {**promise, "state_label": label}


def promises_of(case: Case) -> list[dict]:
    """The customer-visible promises, each with a state label."""
    return [_labelled(promise) for promise in promises_for(case, public_only=True)]


def first_response(case: Case) -> dict | None:
    """The pending first-response promise, the one the acknowledgment names."""
    for promise in promises_of(case):
        if promise["kind"] == "first_response" and promise["state"] == "pending":
            return promise
    return None


def credits_of(case: Case) -> list[dict]:
    """What broken promises owe the customer (pending and confirmed), amounts in euros."""
    return [
        {
            **credit,
            "amount": Decimal(credit["amount_cents"]) / 100,
            "rules": list(dict.fromkeys(line["rule"] for line in credit["lines"])),
            "state_label": CREDIT_STATE_LABELS.get(credit["state"], credit["state"]),
        }
        for credit in credits_for(case, public_only=True)
    ]
