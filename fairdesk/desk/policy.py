"""Who may do what in the desk: the one place these checks live.

Agents read the cases `cases.access` lets them see (every case, or with the desk's case
visibility "teams" their teams' and their own) and work them; an auditor reads
and changes nothing (every POST is refused); everybody else, customers included, gets 403,
and nobody signed out gets past the sign-in page. The administration pages are for agents
with the admin role (and superusers who are agents); the Django admin for those of them who
are also staff; the audit log for admins and auditors.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from django_htmx.middleware import HtmxDetails

from fairdesk.cases import access, selectors
from fairdesk.cases.models import Attachment, Case
from fairdesk.processes.models import Return, Step

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class AgentRequest(HttpRequest):
    """The request of a view behind agent_required: its user is a signed-in agent."""

    user: User
    htmx: HtmxDetails  # set on every request by django-htmx's middleware


def is_agent(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and hasattr(user, "agent"))


def agent_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Signed out: to the sign-in page. Signed in without an agent profile: 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("desk:login"))
        if not is_agent(request.user):
            raise PermissionDenied("Only agents may use the desk.")
        if request.method not in SAFE_METHODS and access.is_read_only(request.user):
            raise PermissionDenied("An auditor reads and changes nothing.")
        return view(request, *args, **kwargs)

    return wrapper


def own_account_required(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """Any agent, for their own account's POSTs (their API tokens): an auditor too, whose
    token only reads, so they can revoke a leaked one; agent_required would refuse them."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("desk:login"))
        if not is_agent(request.user):
            raise PermissionDenied("Only agents have a desk account.")
        return view(request, *args, **kwargs)

    return wrapper


def is_admin(user: User | AnonymousUser) -> bool:
    return is_agent(user) and bool(user.agent.is_admin or user.is_superuser)


def admin_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Like agent_required, and an agent without the admin role gets 403 too."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("desk:login"))
        if not is_admin(request.user):
            raise PermissionDenied("Only administrators may change the desk's set-up.")
        return view(request, *args, **kwargs)

    return wrapper


def may_read_audit_log(user: User | AnonymousUser) -> bool:
    """Admins, and auditors (read-only: the log has no form that changes anything)."""
    return is_admin(user) or (is_agent(user) and bool(user.agent.is_auditor))


def audit_reader_required(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """Like admin_required, letting auditors in as well (the audit log's pages: GET only)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("desk:login"))
        if not may_read_audit_log(request.user):
            raise PermissionDenied("Only administrators and auditors may read the audit log.")
        return view(request, *args, **kwargs)

    return wrapper


def may_use_django_admin(request: HttpRequest) -> bool:
    """The Django admin: staff who are desk admins (or superusers), never a lead alone."""
    user = request.user
    return bool(user.is_active and user.is_staff and (user.is_superuser or is_admin(user)))


def visible_cases(user: User) -> QuerySet[Case]:
    return selectors.cases_agent_sees(user)


def visible_lookups(user: User) -> dict:
    """Lookups on Case keeping a view's list and counts to the cases `user` may see; none
    when they see every case (their role, or the desk's case visibility "all")."""
    if is_agent(user) and access.sees_everything(user):
        return {}
    return {"id__in": visible_cases(user).values("pk")}


def case_for(user: User, reference: str) -> Case:
    """The case `reference` leads to (following merges) if the agent may see it, else 404."""
    case = selectors.case_by_reference(reference) if is_agent(user) else None
    if case is None or not selectors.agent_sees(user, case):
        raise Http404("No such case.")
    return case


def report_scope(user: User) -> QuerySet[Case, Any] | None:
    """What a report read by `user` counts: the cases they see (None: every case)."""
    return selectors.cases_counted_for(user)


def step_for(user: User, step_id: int) -> Step:
    """A process step on a case the agent may see, else 404."""
    step = Step.objects.select_related("process__case").filter(pk=step_id).first()
    if step is None or not selectors.agent_sees(user, step.process.case):
        raise Http404("No such step.")
    return step


def return_for(user: User, number: str) -> Return:
    """A shop return on a case the agent may see, else 404."""
    parcel = Return.objects.select_related("case__customer", "process").filter(number=number)
    found = parcel.first()
    if found is None or not selectors.agent_sees(user, found.case):
        raise Http404("No such return.")
    return found


def may_download(request: HttpRequest, attachment: Attachment) -> bool:
    return selectors.agent_sees(request.user, attachment.entry.case)


def is_lead(user: User | AnonymousUser) -> bool:
    """Team leads (and staff) see reports, staffing and the survey editor."""
    return is_agent(user) and (user.is_staff or user.teams_led.exists())


def lead_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """An agent who leads a team (or staff); other agents get 403."""

    @wraps(view)
    @agent_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not is_lead(request.user):
            raise PermissionDenied("Only team leads may see this.")
        return view(request, *args, **kwargs)

    return wrapper
