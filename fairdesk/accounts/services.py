"""Changes to customers, agents, teams and tokens."""

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fairdesk.accounts.models import (
    AccountEvent,
    AgentProfile,
    ApiToken,
    Customer,
    CustomerEmail,
    Language,
    Team,
)
from fairdesk.accounts.phones import same_number
from fairdesk.lib import clock, joined, sql, transactions
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
    if found := _customer_by_address(address):
        return found
    customer = sql.insert(
        Customer(name=(name or address.split("@")[0]).strip()[:200], language=language or "de")
    )
    email_row = sql.insert(CustomerEmail(customer=customer, address=address, is_primary=True))
    # Its one address is known: readers in this call (the acknowledgment) need not ask again.
    emails = customer.emails.all()  # as prefetch_related fills it
    emails._result_cache, emails._prefetch_done = [email_row], True  # type: ignore[attr-defined]
    customer._prefetched_objects_cache = {"emails": emails}  # type: ignore[attr-defined]
    transactions.memo(NEW_CUSTOMERS, set[int]).add(customer.pk)
    return customer


NEW_CUSTOMERS = "accounts.new_customers"


def _customer_by_address(address: str) -> Customer | None:
    """The customer owning `address`, whatever its case (as `address__iexact`): asked as a
    fixed statement, since every new contact asks it, and answered by the index on
    UPPER(address)."""
    row = sql.one(_customer_statement(), [address])
    return joined.instances((Customer,), row)[0] if row else None


@cache
def _customer_statement() -> str:
    found = "accounts_customeremail e JOIN accounts_customer c ON c.id = e.customer_id"
    where = "UPPER(e.address) = UPPER(%s) ORDER BY e.is_primary DESC, e.id LIMIT 1"
    return f"SELECT {joined.columns(Customer, 'c')} FROM {found} WHERE {where}"  # noqa: S608


def new_in_this_call(customer: Customer) -> bool:
    """Whether `customer` was created in this service call (so has no cases yet)."""
    return customer.pk in transactions.memo(NEW_CUSTOMERS, set[int])


def normalise_phone(number: str) -> str:
    """A phone number as digits with its leading "+", so "+49 30 / 123-45" finds "+493012345"."""
    number = (number or "").strip()
    digits = "".join(c for c in number if c.isdigit())
    if (number and len(digits) < 3) or len(digits) > 20:
        raise DomainError(_("%(n)r is not a phone number.") % {"n": number}, field="phone")
    return f"+{digits}" if number.startswith("+") else digits


def _customer_by_phone(phone: str) -> Customer | None:
    """The customer with this number; else the only one with it written the other way (a
    caller says "030 1234567" for the "+49 30 1234567" we keep). Both found through the
    index on the number's last six digits (`Customer.phone_tail`)."""
    with_tail = Customer.objects.filter(phone_tail=phone[-6:]).order_by("id")
    found = with_tail.filter(phone=phone).first()
    if found is not None or len(phone) < 6:
        return found
    near = with_tail[:20]
    same = [customer for customer in near if same_number(phone, customer.phone)]
    return same[0] if len(same) == 1 else None


@service
def find_or_create_customer(
    *, name: str = "", email: str = "", phone: str = "", language: str = ""
) -> Customer:
    """The customer an agent means by an email address or a phone number (in that order),
    created when nobody has it; someone with neither is created by name alone."""
    phone = normalise_phone(phone)
    name = " ".join((name or "").split())[:200]
    if email:
        customer = get_or_create_customer(email=email, name=name, language=language)
    elif phone and (found := _customer_by_phone(phone)):
        return found
    elif not name:
        raise DomainError(_("Give the customer's name, email or phone."), field="name")
    else:
        customer = Customer.objects.create(name=name, language=language or "de")
    if phone and not customer.phone:
        Customer.objects.filter(pk=customer.pk).update(phone=phone)
        customer.phone = phone
    return customer


def mark_email_bouncing(*, address: str, since: datetime) -> int:
    """Note that mail to `address` bounces (from `since` on); returns how many rows changed."""
    return CustomerEmail.objects.filter(
        address__iexact=address.strip(), bouncing_since=None
    ).update(bouncing_since=since)


@service
def clear_email_bouncing(*, address: str) -> datetime | None:
    """Mail came from `address`, so mail to it works again: its bouncing mark is cleared.
    When it bounced, since when (for the caller's timeline entry); else None."""
    marked = CustomerEmail.objects.filter(address__iexact=address.strip()).exclude(
        bouncing_since=None
    )
    row = marked.values_list("pk", "bouncing_since").first()
    if row is None:
        return None
    # Conditional: of two workers filing mail from it at once, one clears it and says so.
    cleared = CustomerEmail.objects.filter(pk=row[0], bouncing_since=row[1])
    return row[1] if cleared.update(bouncing_since=None) else None


@service
def clear_bouncing_by_hand(*, customer: Customer, address: str, agent: User) -> str | None:
    """The agent learnt that mail to `address` reaches `customer` again (they called them):
    its bouncing mark goes, recorded as an AccountEvent. Returns the address as kept; None
    when it had no mark (already cleared, by another agent or by mail from it)."""
    email = (
        CustomerEmail.objects.select_for_update()
        .filter(customer=customer, address__iexact=address.strip())
        .first()
    )
    if email is None:
        raise DomainError(
            _("%(address)s is not an address of this customer.") % {"address": address.strip()},
            field="address",
        )
    if email.bouncing_since is None:
        return None
    CustomerEmail.objects.filter(pk=email.pk).update(bouncing_since=None)
    data = {
        "customer": customer.pk,
        "address": email.address,
        "since": email.bouncing_since.isoformat(),
    }
    _record(agent, "customer.bounce_cleared", data)
    return email.address


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
    is_superuser: bool = False,
    is_admin: bool = False,
) -> User:
    """A user who works cases; `password` None leaves them unable to sign in until one is set.

    `is_admin` gives the desk's administrator role; `is_superuser` (with `is_staff`) also
    Django's admin. `create_agent --admin` gives both.
    """
    username = (username or "").strip()
    if not username or any(c.isspace() for c in username):
        raise DomainError(_("A username is one word."), field="username")
    users = get_user_model().objects
    if users.filter(username__iexact=username).exists():
        raise DomainError(_("The username %(u)s is taken.") % {"u": username}, field="username")
    email = normalise_email(email) if email else ""
    _refuse_taken_address(email)
    first, _sep, last = name.strip().partition(" ")
    user = users.model(
        username=username,
        email=email,
        first_name=first[:150],
        last_name=last[:150],
        is_staff=is_staff or is_superuser,
        is_superuser=is_superuser,
    )
    if password is not None:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise DomainError(" ".join(error.messages), field="password") from None
    user.set_password(password)
    user.save()
    profile = AgentProfile.objects.create(user=user, languages=list(languages), is_admin=is_admin)
    profile.teams.set(teams)
    return user


def _refuse_taken_address(email: str) -> None:
    """An agent's address is theirs alone (in any case): mail to it must reach one agent."""
    if not email:
        return
    taken = AgentProfile.objects.filter(user__email__iexact=email).select_related("user").first()
    if taken is not None:
        message = _("%(email)s is already the address of the agent %(u)s.")
        raise DomainError(message % {"email": email, "u": taken.user.get_username()}, field="email")


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@service
def create_token(
    *,
    user: User | None = None,
    customer: Customer | None = None,
    expires_in: timedelta | None = None,
) -> str:
    """Create a bearer token (expiring after `expires_in`, if given); return its only copy."""
    if (user is None) == (customer is None):
        raise DomainError("a token belongs to exactly one agent or one customer")
    if user is not None and not hasattr(user, "agent"):
        raise DomainError(
            f"{user.get_username()} is not an agent (make agents with "
            "`fairdesk manage create_agent`)"
        )
    if expires_in is not None and expires_in <= timedelta(0):
        raise DomainError("a token must expire in the future", field="expires")
    key = "fd_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(
        key_hash=_hash(key),
        prefix=key[3:11],
        user=user,
        customer=customer,
        expires_at=clock.now() + expires_in if expires_in else None,
    )
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
    """The live token for `key`, or None: checked against its holder as they are now.

    An agent's token works while the user is active and still an agent; a customer's while
    the customer is active (and their portal user, if they have one); no token after its
    expiry or revocation.
    """
    row = sql.one(_token_statement(), [_hash(key)])
    if row is None:
        return None
    token, user, agent, customer, customer_user = joined.instances(_TOKEN_MODELS, row)
    joined.keep_related(token, "user", user)
    joined.keep_related(token, "customer", customer)
    if user is not None:
        joined.keep_related(user, "agent", agent)  # None: not an agent, asked without a query
        if agent is not None:
            joined.keep_related(agent, "user", user)
    if customer is not None:
        joined.keep_related(customer, "user", customer_user)
    if token.expires_at is not None and token.expires_at <= clock.now():
        return None
    if user is not None:
        return token if user.is_active and agent is not None else None
    return token if customer is not None and customer_is_active(customer) else None


# The token with its holder as select_related("user", "user__agent", "customer",
# "customer__user") reads them, written once: every API request asks it first.
_TOKEN_MODELS = (ApiToken, User, AgentProfile, Customer, User)


@cache
def _token_statement() -> str:
    columns = joined.columns_of(_TOKEN_MODELS, ("t", "u", "a", "c", "cu"))
    return f"SELECT {columns} FROM {_HOLDER_TABLES} WHERE {_HOLDER_WHERE}"  # noqa: S608


_HOLDER_TABLES = (
    "accounts_apitoken t"
    " LEFT JOIN auth_user u ON u.id = t.user_id"
    " LEFT JOIN accounts_agentprofile a ON a.user_id = u.id"
    " LEFT JOIN accounts_customer c ON c.id = t.customer_id"
    " LEFT JOIN auth_user cu ON cu.id = c.user_id"
)
_HOLDER_WHERE = "t.key_hash = %s AND t.revoked_at IS NULL"


def customer_is_active(customer: Customer) -> bool:
    user = customer.user
    return customer.is_active and (user is None or user.is_active)


def tokens_of(*, user: User | None = None, customer: Customer | None = None):
    """The holder's tokens, newest first, for them to see when each was last used."""
    tokens = (
        ApiToken.objects.filter(user=user) if user else ApiToken.objects.filter(customer=customer)
    )
    return tokens.order_by("-created_at")


@service
def create_own_token(*, user: User, expires_in: timedelta | None = None) -> str:
    """An agent makes a token for themselves on My account; recorded as an AccountEvent
    (its prefix, never the key). Returns the key, shown once."""
    key = create_token(user=user, expires_in=expires_in)
    days = expires_in.days if expires_in else None
    _record(user, "token.created", {"agent": user.pk, "prefix": key[3:11], "days": days})
    return key


@service
def revoke_own_token(
    *, token_id: int, customer: Customer | None = None, user: User | None = None
) -> ApiToken:
    """A customer or an agent revokes one of their own tokens (again is harmless); recorded
    as an AccountEvent. A token that is not theirs is refused as if it did not exist."""
    if (user is None) == (customer is None):
        raise DomainError("a token belongs to exactly one agent or one customer")
    mine = (
        ApiToken.objects.filter(customer=customer)
        if customer
        else ApiToken.objects.filter(user=user)
    )
    token = mine.filter(pk=token_id).first()
    if token is None:
        raise DomainError(_("You have no such token."), field="token")
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        who: dict[str, object] = (
            {"customer": customer.pk} if customer else {"agent": getattr(user, "pk", None)}
        )
        actor = customer.user if customer else user
        _record(actor, "token.revoked", {**who, "prefix": token.prefix}, at=token.revoked_at)
    return token


@service
def set_own_languages(*, user: User, language: str, spoken: Iterable[str] = ()) -> list[str]:
    """An agent sets the language their mail from fairdesk comes in (`language`, first in
    `AgentProfile.languages`) and the others they serve customers in (Take next and
    auto-assignment prefer cases in these). Returns the languages kept."""
    known = [code for code, _name in settings.LANGUAGES]
    if language not in known:
        raise DomainError(_("Choose German or English."), field="language")
    unknown = sorted(set(spoken) - set(known))
    if unknown:
        raise DomainError(_("Unknown language %(code)s.") % {"code": unknown[0]}, field="spoken")
    languages = [language, *(code for code in known if code in spoken and code != language)]
    profile = AgentProfile.objects.select_for_update().get(user=user)
    if profile.languages != languages:
        before, profile.languages = profile.languages, languages
        profile.save(update_fields=["languages"])
        data = {"agent": user.pk, "language": language, "languages": languages, "old": before}
        _record(user, "agent.language", data)
    return languages


def _record(actor: User | None, action: str, data: dict, *, at=None) -> None:
    AccountEvent.objects.create(at=at or clock.now(), actor=actor, action=action, data=data)


@service
def deactivate_customer(*, customer: Customer) -> int:
    """Stop `customer` from signing in: every session, token and sign-in link ends now.

    Returns how many API tokens were revoked. Their cases stay as they are.
    """
    customer.is_active = False
    # A new generation ends every portal session at once, those opened by a sign-in link too.
    customer.session_generation += 1
    customer.save(update_fields=["is_active", "session_generation"])
    if customer.user is not None:
        customer.user.is_active = False
        customer.user.set_unusable_password()  # ends the sessions signed with the old hash
        customer.user.save(update_fields=["is_active", "password"])
    return ApiToken.objects.filter(customer=customer, revoked_at__isnull=True).update(
        revoked_at=clock.now()
    )


@service
def move_address(*, stranger: Customer, to: Customer, agent: User | None) -> str:
    """Give `stranger`'s one address to `to` (the agent knows it is theirs: a customer who
    wrote from a second address became a customer of their own). Returns the address.

    Only a customer made by that mail alone moves: one address, no portal sign-in, no API
    token; anything else could be a different person, and is refused. The emptied customer
    is deactivated (their cases move too: `cases.services.give_address`)."""
    if stranger.pk == to.pk:
        raise DomainError(_("The address is already this customer's."), field="other")
    addresses = list(CustomerEmail.objects.select_for_update().filter(customer=stranger))
    if len(addresses) != 1 or addresses[0].address.lower().endswith(".invalid"):
        raise DomainError(
            _("Only a customer with exactly one email address can be joined to another."),
            field="other",
        )
    if stranger.user_id or ApiToken.objects.filter(customer=stranger).exists():
        raise DomainError(
            _(
                "%(name)s can sign in or holds API tokens: the address stays theirs. "
                "Ask the customer before moving it by hand."
            )
            % {"name": stranger.name},
            field="other",
        )
    email = addresses[0]
    CustomerEmail.objects.filter(pk=email.pk).update(customer=to, is_primary=False)
    Customer.objects.filter(pk=stranger.pk).update(is_active=False)
    _record(
        agent,
        "customer.address_moved",
        {"address": email.address, "from": stranger.pk, "to": to.pk},
    )
    return email.address


@service
def change_password(*, user: User, password: str) -> None:
    """Set a new password; every session signed with the old one ends (Django signs a session
    with the password's hash), the caller re-signs their own."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), field="password") from None
    user.set_password(password)
    user.save(update_fields=["password"])


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


@service
def set_language(*, customer: Customer, language: str, chosen: bool = True) -> None:
    """The language the customer reads fairdesk in: the portal after each sign-in, and every
    mail written to them (the portal's language switch sets it). `chosen=False` for a
    language known otherwise (an import, a declaration's): it never overrides their choice."""
    if language not in Language.values:
        raise DomainError(_("Choose German or English."), field="language")
    rows = Customer.objects.filter(pk=customer.pk)
    if chosen:
        rows.update(language=language, language_chosen=True)
        customer.language, customer.language_chosen = language, True
    elif rows.filter(language_chosen=False).update(language=language):
        customer.language = language


def set_phone(*, customer: Customer, phone: str) -> None:
    """Record the customer's phone number (taken on a call, or given in the portal)."""
    phone = phone.strip()
    if len(phone) > 50:
        raise DomainError("a phone number has at most 50 characters", field="phone")
    Customer.objects.filter(pk=customer.pk).update(phone=phone)
    customer.phone = phone


# Admins' changes to teams and agents live beside, and are imported from here.
from fairdesk.accounts.administration import (  # noqa: E402
    accept_invitation,
    change_team,
    create_team,
    deactivate_agent,
    invitation,
    invite_agent,
    invited_agent,
    reactivate_agent,
    set_admin_role,
    set_auditor_role,
    set_case_visibility,
)

__all__ = [
    "accept_invitation",
    "change_team",
    "create_agent",
    "create_team",
    "change_password",
    "create_own_token",
    "create_token",
    "customer_is_active",
    "deactivate_customer",
    "deactivate_agent",
    "get_or_create_customer",
    "give_customer_password",
    "invitation",
    "invite_agent",
    "invited_agent",
    "mark_email_bouncing",
    "move_address",
    "clear_email_bouncing",
    "clear_bouncing_by_hand",
    "normalise_email",
    "reactivate_agent",
    "revoke_token",
    "set_admin_role",
    "set_auditor_role",
    "set_case_visibility",
    "set_monthly_fee",
    "token_holder",
    "tokens_of",
]
