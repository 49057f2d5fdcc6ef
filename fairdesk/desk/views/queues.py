"""My work and the team queue, "Take next", and the agent's away/available switch."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from fairdesk.cases.models import Case
from fairdesk.desk import policy, worklists
from fairdesk.desk.policy import AgentRequest, agent_required
from fairdesk.lib import clock
from fairdesk.lib.errors import DomainError
from fairdesk.queues import selectors as queue_selectors
from fairdesk.queues import services as queues


def _list_page(request: AgentRequest, cases, *, title, which: str, **more) -> HttpResponse:
    page = worklists.page(cases, request.GET.get("page"))
    context = {
        "page": page,
        "title": title,
        "which": which,
        "presence": queue_selectors.presence_of(request.user),
        **more,
    }
    return render(request, "desk/queue.html", context)


@require_GET
@agent_required
def my_work(request: AgentRequest) -> HttpResponse:
    """The agent's own cases in queue order, and above them the calls whose time has come."""
    return _list_page(
        request,
        worklists.my_work(request.user),
        title=_("My work"),
        which="mine",
        calls=queue_selectors.callbacks_due(request.user, clock.now()),
    )


@require_GET
@agent_required
def team_queue(request: AgentRequest) -> HttpResponse:
    return _list_page(
        request, worklists.team_queue(request.user), title=_("Team queue"), which="team"
    )


@require_POST
@agent_required
def take_next(request: AgentRequest) -> HttpResponse:
    """The right next case from the agent's team queues, straight to its page."""
    try:
        case = queues.take_next(agent=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("desk:team_queue")
    if case is None:
        messages.info(request, _("Nothing is waiting in your teams' queues."))
        return redirect("desk:team_queue")
    return redirect("desk:case", reference=case.reference)


@require_GET
@agent_required
def next_case(request: AgentRequest, reference: str) -> HttpResponse:
    """The case after this one in queue order: in the agent's own work, else the first
    waiting in their teams' queues (nothing is taken: opening a case changes nothing)."""
    case = policy.case_for(request.user, reference)
    for worklist in (worklists.my_work(request.user), worklists.team_queue(request.user)):
        following = queue_selectors.next_after(worklist.lookups, case.pk)
        if following is not None and following != case.pk:
            return redirect("desk:case", reference=Case.objects.get(pk=following).reference)
    messages.info(request, _("No further case in your work or your teams' queues."))
    return redirect("desk:case", reference=case.reference)


@require_POST
@agent_required
def presence(request: AgentRequest) -> HttpResponse:
    """The agent sets themselves away (no new cases) or available."""
    try:
        queues.set_presence(agent=request.user, presence=request.POST.get("presence", ""))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("desk:my_work")
