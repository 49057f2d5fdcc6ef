"""Changes to customers, agents, teams and tokens."""

import hashlib
import secrets
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from fairdesk.accounts.models import AgentProfile, ApiToken, Customer, CustomerEmail, Team
from fairdesk.lib import clock
from fairdesk.lib.errors import DomainError
from fairdesk.lib.transactions import service


def normalise_email(address: str) -> str:
    address = (address or "").strip()
    local, _, domain = address.rpartition("@")
    if not local or not domain or any(c in address for c in " \r\n\t<>,;"):
        raise DomainError(f"{address!r} is not an email address", field="email")
    return f"{local}@{domain.lower()}"


@service
def get_or_create_customer(*, email: str, name: str = "", language: str = "") -> Customer:
    """The customer who owns `email`, created with `name` when nobody does yet."""
    address = normalise_email(email)
    existing = CustomerEmail.objects.select_related("customer").filter(address__iexact=address)
    if found := existing.first():
        return found.customer
    customer = Customer.objects.create(
        name=(name or address.split("@")[0]).strip()[:200], language=language or "de"
    )
    CustomerEmail.objects.create(customer=customer, address=address, is_primary=True)
    return customer


def mark_email_bouncing(*, address: str, since: datetime) -> int:
    """Note that mail to `address` bounces (from `since` on); returns how many rows changed."""
    return CustomerEmail.objects.filter(
        address__iexact=address.strip(), bouncing_since=None
    ).update(bouncing_since=since)


@service
def create_agent(
    *,
    username: str,
    password: str | None,
    name: str = "",
    email: str = "",
    teams: tuple[Team, ...] = (),
    languages: tuple[str, ...] = ("de", "en"),
    is_staff: bool = False,
) -> User:
    first, _, last = name.partition(" ")
    user = get_user_model().objects.create_user(
        username=username,
        password=password,
        email=email,
        first_name=first,
        last_name=last,
        is_staff=is_staff,
    )
    profile = AgentProfile.objects.create(user=user, languages=list(languages))
    profile.teams.set(teams)
    return user


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@service
def create_token(*, user: User | None = None, customer: Customer | None = None) -> str:
    """Create a bearer token and return its only plain copy."""
    if (user is None) == (customer is None):
        raise DomainError("a token belongs to exactly one agent or one customer")
    if user is not None and not hasattr(user, "agent"):
        raise DomainError(f"{user.get_username()} is not an agent")
    key = "fd_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(key_hash=_hash(key), prefix=key[3:11], user=user, customer=customer)
    return key


@service
def revoke_token(*, prefix: str) -> int:
    """Revoke the live tokens whose key starts with `prefix` (the part shown in the admin)."""
    prefix = prefix.removeprefix("fd_")[:8]
    if len(prefix) < 8:
        raise DomainError("give the token's first 8 characters after fd_", field="prefix")
    return ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True).update(
        revoked_at=clock.now()
    )


def token_holder(key: str) -> ApiToken | None:
    """The live token for `key`, or None."""
    token = (
        ApiToken.objects.select_related("user", "user__agent", "customer")
        .filter(key_hash=_hash(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or (token.user is not None and not token.user.is_active):
        return None
    return token


def record_token_use(*, token: ApiToken) -> None:
    """Note when `token` was last used, at most once a minute: a busy integration should not
    write on every call. One UPDATE on its own (no service transaction): most calls write
    nothing, and those should not open one."""
    now = clock.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


@service
def give_customer_password(*, customer: Customer, password: str) -> User:
    """Let `customer` sign in to the portal with their primary address and `password`."""
    if customer.user_id:
        raise DomainError(f"{customer} can already sign in")
    user = get_user_model().objects.create_user(
        username=f"customer-{customer.pk}", password=password, email=customer.primary_email
    )
    customer.user = user
    customer.save(update_fields=["user"])
    return user


def set_monthly_fee(*, customer: Customer, cents: int | None) -> None:
    """Record the customer's monthly fee, the basis of compensation computed as a share of it."""
    if cents is not None and cents < 0:
        raise DomainError("a monthly fee cannot be negative", field="monthly_fee_cents")
    Customer.objects.filter(pk=customer.pk).update(monthly_fee_cents=cents)
    customer.monthly_fee_cents = cents
