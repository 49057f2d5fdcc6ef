"""Who may do what through the API: the one place these checks live."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from fairdesk.accounts.models import Customer
from fairdesk.cases import selectors
from fairdesk.cases.models import Case
from fairdesk.lib.errors import NotAllowed


@dataclass(frozen=True)
class Caller:
    """The holder of a bearer token: an agent (user) or a customer."""

    user: AbstractBaseUser | None = None
    customer: Customer | None = None

    @property
    def is_agent(self) -> bool:
        return self.user is not None


def visible_cases(caller: Caller) -> QuerySet[Case]:
    if caller.is_agent:
        return selectors.cases_agents_see()
    return selectors.cases_for_customer(caller.customer)


def can_see(caller: Caller, case: Case) -> bool:
    return caller.is_agent or case.customer_id == caller.customer.pk


def require_agent(caller: Caller) -> AbstractBaseUser:
    if not caller.is_agent:
        raise NotAllowed("Only agents may do this.")
    return caller.user


def sees_internal(caller: Caller) -> bool:
    """Internal notes, diagnostics and handoffs are for agents only."""
    return caller.is_agent
