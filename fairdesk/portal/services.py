"""Issuing and consuming one-time sign-in links for the customer portal."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from fairdesk.accounts.models import Customer, CustomerEmail
from fairdesk.accounts.services import customer_is_active
from fairdesk.lib import clock, direct_mail
from fairdesk.lib.transactions import service
from fairdesk.portal.models import SignInLink

LINK_LIFETIME = timedelta(minutes=20)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _customer_for_address(address: str) -> tuple[Customer, str] | None:
    found = (
        CustomerEmail.objects.select_related("customer", "customer__user")
        .filter(address__iexact=(address or "").strip())
        .first()
    )
    return (found.customer, found.address) if found else None


@service
def issue_sign_in_link(*, customer: Customer, lifetime: timedelta = LINK_LIFETIME) -> str:
    """Create a link for `customer` and return its token (the only plain copy)."""
    token = secrets.token_urlsafe(32)
    now = clock.now()
    SignInLink.objects.create(
        token_hash=_hash(token), customer=customer, created_at=now, expires_at=now + lifetime
    )
    return token


def sign_in_url(token: str) -> str:
    return settings.FAIRDESK_BASE_URL + reverse("portal:link", args=[token])


def request_sign_in_link(*, address: str) -> None:
    """Queue a sign-in link for `address`; the task finds out whether a customer owns it.

    Nothing here depends on the address being known or on the mail server, so every request
    is answered the same way and no web request waits for (or fails with) SMTP.
    """
    from fairdesk.portal import tasks  # tasks import this module

    def enqueue_after_commit() -> None:
        tasks.send_sign_in_link.enqueue(address=address.strip())

    transaction.on_commit(enqueue_after_commit, robust=True)


def sign_in_mail(*, address: str) -> EmailMessage | None:
    """A fresh link for the customer who owns `address`, as a mail; None if nobody does."""
    known = _customer_for_address(address)
    if known is None or not customer_is_active(known[0]):
        return None
    customer, stored_address = known
    token = issue_sign_in_link(customer=customer)
    minutes = int(LINK_LIFETIME.total_seconds() // 60)
    # The mail goes out in the customer's language, whatever language the page was in.
    with translation.override(customer.language):
        subject = _("Your sign-in link")
        body = _(
            "Hello %(name)s,\n\n"
            "Open this link to sign in to your customer portal:\n\n%(url)s\n\n"
            "The link works once and expires in %(minutes)s minutes. "
            "If you did not ask for it, ignore this message."
        ) % {"name": customer.name, "url": sign_in_url(token), "minutes": minutes}
    return direct_mail.message(subject=subject, body=body, to=[stored_address])


def consume_sign_in_link(*, token: str) -> Customer | None:
    """The customer a live link belongs to, spending the link; None if unknown, used or expired."""
    token_hash = _hash(token or "")
    now = clock.now()
    # A conditional UPDATE: of two simultaneous clicks, exactly one changes the row.
    spent = SignInLink.objects.filter(
        token_hash=token_hash, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if spent != 1:
        return None
    link = SignInLink.objects.select_related("customer", "customer__user").get(
        token_hash=token_hash
    )
    # A link issued before the customer was deactivated signs nobody in.
    return link.customer if customer_is_active(link.customer) else None


def check_password(*, address: str, password: str) -> Customer | None:
    """The active customer whose address and portal password match, else None.

    Every path hashes the password once (an unknown address, one without a password, a
    deactivated customer, a wrong password), so the answer takes as long on each.
    """
    known = _customer_for_address(address)
    customer = known[0] if known is not None else None
    user = customer.user if customer is not None else None
    if user is None or not user.has_usable_password():
        make_password(password or "")
        return None
    matches = user.check_password(password or "")
    if customer is None or not matches or not customer_is_active(customer):
        return None
    return customer
