"""Callbacks in the desk: the team's booked calls, next due first, where the agent logs each
try; and, for team leads, how many callbacks a window holds."""

from datetime import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fairdesk.accounts.models import Team
from fairdesk.desk.policy import AgentRequest, agent_required, is_lead, lead_required
from fairdesk.lib import clock
from fairdesk.lib.errors import DomainError
from fairdesk.queues import selectors
from fairdesk.queues import services as queues
from fairdesk.queues.models import CallbackBooking
from fairdesk.queues.team import rules_of


def _teams(user) -> list[Team]:
    return list(user.agent.teams.order_by("name"))


def _led(user) -> list[Team]:
    teams = Team.objects.all() if user.is_staff else user.teams_led.all()
    return list(teams.order_by("name"))


@require_GET
@agent_required
def callbacks(request: AgentRequest) -> HttpResponse:
    now = clock.now()
    teams = _teams(request.user)
    led = _led(request.user) if is_lead(request.user) else []
    context = {
        "which": "callbacks",
        "rows": selectors.open_callbacks([t.pk for t in teams]),
        "now": now,
        "capacity": [
            (
                team,
                rules_of(team),
                selectors.callback_windows(team.pk, now, queues.bookable_until(team)),
            )
            for team in led
        ],
    }
    return render(request, "desk/callbacks.html", context)


@require_POST
@agent_required
def attempt(request: AgentRequest, booking_id: int) -> HttpResponse:
    """The agent called: reached, or not (the next try comes later, up to the last)."""
    teams = [t.pk for t in _teams(request.user)]
    booking = get_object_or_404(CallbackBooking, pk=booking_id, case__team_id__in=teams)
    try:
        queues.record_call_attempt(
            booking=booking,
            agent=request.user,
            reached=request.POST.get("reached") == "yes",
            note=request.POST.get("note", ""),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The call is on the case's timeline."))
    return redirect("desk:callbacks")


def _led_team(request: HttpRequest) -> Team:
    return get_object_or_404(
        Team, pk=request.POST.get("team") or 0, pk__in=[t.pk for t in _led(request.user)]
    )


def _number(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise DomainError(_("Give a number of places."), field="seats") from None


@require_POST
@lead_required
def seats(request: AgentRequest) -> HttpResponse:
    """A lead sets the places of every new window, or of one window."""
    team = _led_team(request)
    try:
        places = _number(request.POST.get("seats", ""))
        if request.POST.get("starts_at"):
            starts_at = datetime.fromisoformat(request.POST["starts_at"])
            if timezone.is_naive(starts_at):  # the form's local time, in the desk's zone
                starts_at = timezone.make_aware(starts_at)
            queues.set_window_seats(
                team=team, by=request.user, starts_at=starts_at, minutes=30, seats=places
            )
        else:
            queues.set_callback_seats(team=team, by=request.user, seats=places)
    except ValueError:
        messages.error(request, _("Give the window's start."))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Callback places saved."))
    return redirect("desk:callbacks")
