"""Saved replies: the agent's list and form, and the picker beside a case's reply box."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fairdesk.desk import forms, policy
from fairdesk.desk.policy import AgentRequest, agent_required
from fairdesk.lib.errors import DomainError
from fairdesk.replies import selectors, services

PICKS = 10


@require_http_methods(["GET", "POST"])
@agent_required
def saved_replies(request: AgentRequest) -> HttpResponse:
    form = forms.SavedReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_reply(agent=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Saved."))
            return redirect("desk:saved_replies")
    replies = list(selectors.visible_to(request.user))
    changeable = selectors.changeable_ids(request.user, replies)
    context = {"form": form, "replies": replies, "changeable": changeable, "which": "replies"}
    return render(request, "desk/saved_replies.html", context, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@agent_required
def edit_saved_reply(request: AgentRequest, reply_id: int) -> HttpResponse:
    """Change a saved reply or macro: its owner's, or a team's or everyone's for a lead or an
    administrator (the service decides)."""
    reply = get_object_or_404(selectors.visible_to(request.user), pk=reply_id)
    form = forms.SavedReplyForm(request.POST or None, initial=forms.SavedReplyForm.of(reply))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_reply(agent=request.user, reply=reply, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Saved."))
            return redirect("desk:saved_replies")
    context = {"form": form, "reply": reply, "which": "replies"}
    return render(request, "desk/saved_reply.html", context, status=422 if form.errors else 200)


@require_POST
@agent_required
def delete_saved_reply(request: AgentRequest, reply_id: int) -> HttpResponse:
    reply = get_object_or_404(selectors.visible_to(request.user), pk=reply_id)
    try:
        services.delete_reply(agent=request.user, reply=reply)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Deleted."))
    return redirect("desk:saved_replies")


@require_GET
@agent_required
def pick(request: AgentRequest, reference: str) -> HttpResponse:
    """The saved replies matching what the agent types, each filled in for this case."""
    case = policy.case_for(request.user, reference)
    found = selectors.visible_to(request.user, query=request.GET.get("q", ""))[:PICKS]
    picks = [(reply, selectors.filled_in(reply, case=case, agent=request.user)) for reply in found]
    return render(request, "desk/partials/reply_picks.html", {"picks": picks, "case": case})
