"""Who may do what in the desk: the one place these checks live.

Every agent may read and work every case (the desk serves one company); everybody else,
customers included, gets 403, and nobody signed out gets past the sign-in page. The
administration pages are for agents with the admin role (and superusers who are agents).
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

from fairdesk.cases import selectors
from fairdesk.cases.models import Attachment, Case


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


def visible_cases(user: User) -> QuerySet[Case]:
    return selectors.cases_agents_see()


def case_for(user: User, reference: str) -> Case:
    """The case `reference` leads to (following merges), or 404."""
    case = selectors.case_by_reference(reference) if is_agent(user) else None
    if case is None:
        raise Http404("No such case.")
    return case


def may_download(request: HttpRequest, attachment: Attachment) -> bool:
    return is_agent(request.user)


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
