"""My work and the team queue."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from fairdesk.desk import worklists
from fairdesk.desk.policy import AgentRequest, agent_required


def _list_page(request: HttpRequest, cases, *, title, which: str) -> HttpResponse:
    page = worklists.page(cases, request.GET.get("page"))
    return render(request, "desk/queue.html", {"page": page, "title": title, "which": which})


@require_GET
@agent_required
def my_work(request: AgentRequest) -> HttpResponse:
    return _list_page(request, worklists.my_work(request.user), title=_("My work"), which="mine")


@require_GET
@agent_required
def team_queue(request: AgentRequest) -> HttpResponse:
    return _list_page(
        request, worklists.team_queue(request.user), title=_("Team queue"), which="team"
    )
