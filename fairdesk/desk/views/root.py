"""The site's front door: agents to the desk, everybody else to the portal."""

from django.http import HttpRequest, HttpResponseRedirect
from django.views.decorators.http import require_GET

from fairdesk.desk.policy import is_agent


@require_GET
def root(request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect("/desk/" if is_agent(request.user) else "/portal/")
