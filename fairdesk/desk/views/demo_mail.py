"""The demo's mailbox in the desk: the mail the demo would have sent, with followable links.
Only under `fairdesk demo`; anywhere else the page does not exist."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fairdesk.demo.mailbox import caught_mail
from fairdesk.desk.policy import agent_required


@require_GET
@agent_required
def demo_mailbox(request: HttpRequest) -> HttpResponse:
    if not settings.DEMO:
        raise Http404("Only the demo catches mail.")
    return render(request, "desk/demo_mail.html", {"mails": caught_mail(), "which": "demo_mail"})
