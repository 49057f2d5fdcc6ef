"""The agent's notifications: the list, the count in the header (polled by htmx), reading
them (one, which leads to its case, or all), and how each kind reaches the agent."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fairdesk.desk import forms
from fairdesk.desk.policy import AgentRequest, agent_required
from fairdesk.lib.errors import DomainError
from fairdesk.notifications import selectors, services
from fairdesk.notifications.texts import notification_excerpt, notification_text


@require_http_methods(["GET", "POST"])
@agent_required
def notifications(request: AgentRequest) -> HttpResponse:
    initial = selectors.deliveries(request.user)
    form = forms.NotificationPreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_preferences(agent=request.user, deliveries=form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Saved."))
            return redirect("desk:notifications")
    items = [
        (item, notification_text(item), notification_excerpt(item))
        for item in selectors.recent(request.user)
    ]
    context = {"items": items, "form": form, "which": "notifications"}
    return render(request, "desk/notifications.html", context, status=422 if form.errors else 200)


@require_GET
@agent_required
def unread_count(request: AgentRequest) -> HttpResponse:
    """The header's badge, polled by htmx so it rises without a reload."""
    unread = selectors.unread_count(request.user)
    return render(request, "desk/partials/unread_count.html", {"unread": unread})


@require_POST
@agent_required
def read(request: AgentRequest, notification_id: int) -> HttpResponse:
    """Mark it read and go to its case."""
    try:
        notification = services.mark_read(agent=request.user, notification_id=notification_id)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("desk:notifications")
    return redirect("desk:case", reference=notification.case.reference)


@require_POST
@agent_required
def read_all(request: AgentRequest) -> HttpResponse:
    services.mark_all_read(agent=request.user)
    return redirect("desk:notifications")
