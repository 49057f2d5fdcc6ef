"""Who may do what through the API: the one place these checks live."""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from fairdesk.accounts.models import Customer
from fairdesk.cases import access, selectors
from fairdesk.cases.models import Case, Status
from fairdesk.lib.errors import DomainError, NotAllowed


@dataclass(frozen=True)
class Caller:
    """The holder of a bearer token: an agent (user) or a customer."""

    user: User | None = None
    customer: Customer | None = None

    @property
    def is_agent(self) -> bool:
        return self.user is not None


def caller(request: HttpRequest) -> Caller:
    """Who sent the request (the bearer token's holder, set by the API's authentication)."""
    return request.auth  # type: ignore[attr-defined]


def visible_cases(caller: Caller) -> QuerySet[Case]:
    """An agent's cases are those cases.access lets them see; a customer's, their own."""
    if caller.user is not None:
        return selectors.cases_agent_sees(caller.user)
    return selectors.cases_for_customer(require_customer(caller))


def can_see(caller: Caller, case: Case) -> bool:
    if caller.user is not None:
        return selectors.agent_sees(caller.user, case)
    return caller.customer is not None and case.customer_id == caller.customer.pk


def require_writer(caller: Caller, method: str) -> None:
    """An auditor's token reads; any other method is refused before the endpoint runs."""
    writes = method not in ("GET", "HEAD", "OPTIONS")
    if writes and caller.user is not None and access.is_read_only(caller.user):
        raise NotAllowed(_("An auditor reads and changes nothing."))


def require_fields(caller: Caller, action: str, given: set[str]) -> None:
    """A customer gives only the fields cases.access lets customers set in `action`."""
    if not caller.is_agent:
        access.refuse_customer_fields(action, given)


def case_or_404(request: HttpRequest, reference: str) -> Case:
    """The case a caller may see, else 404 (another customer's case does not exist for them)."""
    case = selectors.case_by_reference(reference)
    if case is None or not can_see(caller(request), case):
        raise Http404(_("No case %(ref)s.") % {"ref": reference})
    return case


def other_case(request: HttpRequest, reference: str, *, field: str) -> Case:
    """A second case named in the body: unknown (or not visible) is a bad field, not a 404."""
    case = selectors.case_by_reference(reference)
    if case is None or not can_see(caller(request), case):
        raise DomainError(_("No case %(ref)s.") % {"ref": reference}, field=field)
    return case


def require_agent(caller: Caller) -> User:
    if caller.user is None:
        raise NotAllowed("Only agents may do this.")
    return caller.user


def require_customer(caller: Caller) -> Customer:
    if caller.customer is None:
        raise NotAllowed("Only customers may do this.")
    return caller.customer


def require_case_change(caller: Caller, *, fields: set[str], status: str | None) -> None:
    """Agents change anything on a case; a customer may only mark their case as solved."""
    if caller.is_agent:
        return
    if fields - access.CUSTOMER_MAY_SET["change"] or status != Status.RESOLVED:
        raise NotAllowed(_("Customers may only mark their case as solved."))


def sees_internal(caller: Caller) -> bool:
    """Internal notes, diagnostics and handoffs are for agents only."""
    return caller.is_agent


def require_lead(caller: Caller) -> User:
    """Reports are for team leads (and staff)."""
    user = require_agent(caller)
    if not (user.is_staff or user.teams_led.exists()):
        raise NotAllowed("Only team leads may read reports.")
    return user
