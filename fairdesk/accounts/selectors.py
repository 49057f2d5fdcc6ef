"""Read queries about customers and agents."""

from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Q

from fairdesk.accounts.models import AgentProfile, Customer, CustomerEmail, Team
from fairdesk.lib import joined, sql
from fairdesk.lib.request_memo import once_per_request

VISIBILITY_KEY = "case_visibility"


def customer_by_email(address: str) -> Customer | None:
    found = (
        CustomerEmail.objects.select_related("customer")
        .filter(address__iexact=(address or "").strip())
        .first()
    )
    return found.customer if found else None


def customers_matching(text: str, *, limit: int = 10) -> list[Customer]:
    """Customers whose name, an email address or the phone number contains `text`."""
    text = " ".join((text or "").split())[:200]
    if len(text) < 2:
        return []
    # Leading zeros dropped: "030 1234567" (national) and "0049 30 …" both find "+4930…".
    digits = "".join(c for c in text if c.isdigit()).lstrip("0")
    found = Q(name__icontains=text) | Q(emails__address__icontains=text)
    if len(digits) >= 3:
        found |= Q(phone__contains=digits)
    if text.startswith(("+", "00")):
        # A number with its country code also finds one kept nationally ("030 …"): the
        # code is one to three digits, so each shorter tail of six digits or more may match.
        for tail in (digits[n:] for n in (1, 2, 3) if len(digits) - n >= 6):
            found |= Q(phone__endswith=tail)
    matches = Customer.objects.filter(found).distinct().order_by("name", "id")
    return list(matches.prefetch_related("emails")[:limit])


def teams_named(names: list[str]) -> tuple[list[Team], list[str]]:
    """The teams called `names` (any case), and the names no team has."""
    found = {team.name.lower(): team for team in Team.objects.all()}
    return (
        [found[n.lower()] for n in names if n.lower() in found],
        [n for n in names if n.lower() not in found],
    )


def first_team() -> Team | None:
    """The team new cases go to when no category routes them (the oldest): a fixed
    statement, since every new case without a category asks it."""
    found = sql.load(Team, _TEAM_FIELDS, _first_team_statement())
    return found[0] if found else None


_TEAM_FIELDS = joined.fields(Team)


@cache
def _first_team_statement() -> str:
    columns = joined.columns(Team, "t")
    return f"SELECT {columns} FROM accounts_team t ORDER BY t.id LIMIT 1"  # noqa: S608


def mail_addresses(customer_id: int) -> list[tuple[str, bool]]:
    """The customer's addresses and whether each bounces, the primary one first, then in the
    order they were added (as `customer.emails.all()`)."""
    return [(address, since is not None) for address, since in sql.rows(_ADDRESSES, [customer_id])]


_ADDRESSES = (
    "SELECT address, bouncing_since FROM accounts_customeremail"
    " WHERE customer_id = %s ORDER BY is_primary DESC, id"
)


def team_by_name(name: str) -> Team | None:
    return Team.objects.filter(name=name).first()


def agent_by_username(username: str) -> User | None:
    """The agent signing in as `username`; None for an unknown name or a user who is no agent."""
    return get_user_model().objects.filter(username=username, agent__isnull=False).first()


def case_visibility() -> str:
    """Which cases agents see ("all" or "teams", DeskSettings), read once per request."""
    return once_per_request(VISIBILITY_KEY, _stored_visibility)


def _stored_visibility() -> str:
    stored = sql.one("SELECT case_visibility FROM accounts_desksettings WHERE id = 1")
    return (stored and stored[0]) or settings.FAIRDESK_CASE_VISIBILITY


SIGNED_IN_USER = (
    f"SELECT {joined.columns_of((User, AgentProfile), ('u', 'a'))}"  # noqa: S608 - column names
    " FROM auth_user u LEFT JOIN accounts_agentprofile a ON a.user_id = u.id WHERE u.id = %s"
)


def signed_in_user(user_id: int | str) -> User | None:
    """The user a session names, with their agent profile (`user.agent`; none: not an
    agent), in one statement: every desk request asks for both."""
    row = sql.one(SIGNED_IN_USER, (int(user_id),))
    if row is None:
        return None
    user, profile = joined.instances((User, AgentProfile), row)
    if profile is not None:
        joined.keep_related(profile, "user", user)
    joined.keep_related(user, "agent", profile)
    return user


CUSTOMER_WITH_USER = (
    f"SELECT {joined.columns_of((Customer, User), ('c', 'u'))}"  # noqa: S608 - column names
    " FROM accounts_customer c LEFT JOIN auth_user u ON u.id = c.user_id WHERE c.id = %s"
)


def customer_with_user(customer_id: int | str) -> Customer | None:
    """The customer a portal session names, with their user (`customer.user`; none without
    a password), in one statement: every portal request checks both are still active."""
    row = sql.one(CUSTOMER_WITH_USER, (int(customer_id),))
    if row is None:
        return None
    customer, user = joined.instances((Customer, User), row)
    joined.keep_related(customer, "user", user)
    return customer


TEAM_IDS = (
    "SELECT t.team_id FROM accounts_agentprofile_teams t"
    " JOIN accounts_agentprofile a ON a.id = t.agentprofile_id WHERE a.user_id = %s"
    " ORDER BY t.team_id"
)


def team_ids_of(agent: User) -> list[int]:
    """The ids of the agent's teams (their team queue), in one fixed statement."""
    return [team_id for (team_id,) in sql.rows(TEAM_IDS, (agent.pk,))]
