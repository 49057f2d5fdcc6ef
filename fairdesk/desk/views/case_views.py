"""The named views (overdue, due today, unassigned, …) with their counts, and filters on them."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from fairdesk.desk import bulk, forms, policy, worklists
from fairdesk.desk.policy import AgentRequest, agent_required
from fairdesk.lib.errors import DomainError
from fairdesk.promises import case_views
from fairdesk.queues import selectors as queue_selectors
from fairdesk.queues import services as queues

TITLES = {
    "overdue": _("Overdue or broken"),
    "due_today": _("Due today"),
    "unassigned": _("Unassigned"),
    "waiting_on_customer": _("Waiting on customer"),
    "waiting_on_third_party": _("Waiting on third party"),
    "open": _("All open"),
    "my_team": _("My team's"),
}


def narrowed_by(form: forms.ViewFilterForm) -> case_views.CaseFilter:
    """The filter the form's valid fields describe (an invalid field narrows nothing)."""
    form.is_valid()
    data = getattr(form, "cleaned_data", {})

    def pk(name: str) -> int | None:
        return data[name].pk if data.get(name) else None

    return case_views.CaseFilter(
        status=data.get("status") or "",
        team_id=pk("team"),
        assignee_id=pk("owner"),
        category_id=pk("category"),
        priority=data.get("priority") or "",
        tag=(data.get("tag") or "").strip().lower(),
        channel=data.get("channel") or "",
        language=data.get("language") or "",
    )


@require_GET
@agent_required
def case_view(request: AgentRequest, name: str = "open") -> HttpResponse:
    if name not in case_views.VIEWS:
        raise Http404("No such view.")
    form = forms.ViewFilterForm(request.GET)
    narrowed = narrowed_by(form)
    seen = policy.visible_lookups(request.user)
    lookups = case_views.view_lookups(name, agent=request.user) | narrowed.lookups() | seen
    counts = case_views.counts(agent=request.user, narrowed=narrowed, within=seen)
    walk = case_views.walk_lookups(name, narrowed=narrowed.lookups() | seen)
    paged = worklists.pager(counts[name], by_promise=name in case_views.BY_PROMISE)
    page = paged(worklists.Worklist(lookups, walk=walk), request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "title": TITLES[name],
        "name": name,
        "form": form,
        "views": [(view, TITLES[view], counts[view]) for view in case_views.VIEWS],
        "saved": _saved_filters(request.user, within=seen),
        "save_form": forms.SavedFilterForm(agent=request.user, prefix="save"),
        "query": query.urlencode(),
        "bulk_form": forms.BulkForm(prefix="bulk"),
        "which": "views",
    }
    return render(request, "desk/views.html", context)


def _saved_filters(agent, *, within: dict) -> list[tuple]:
    """(saved filter, its count, its address) for the navigation."""
    saved = queue_selectors.saved_filters_for(agent)
    counts = queue_selectors.saved_filter_counts(agent, saved, within=within)
    return [
        (item, count, reverse("desk:view", args=[item.view]) + "?" + urlencode(item.filters))
        for item, count in zip(saved, counts, strict=True)
    ]


@require_POST
@agent_required
def save_filter(request: AgentRequest) -> HttpResponse:
    """Keep the view and filter the agent is looking at under a name."""
    view = request.POST.get("view", "")
    filters = {name: request.POST.get(name, "") for name in queue_selectors.FILTER_FIELDS}
    form = forms.SavedFilterForm(request.POST, agent=request.user, prefix="save")
    back = reverse("desk:view", args=[view]) if view in case_views.VIEWS else reverse("desk:views")
    if chosen := {name: value for name, value in filters.items() if value}:
        back += "?" + urlencode(chosen)  # a refusal keeps the filter in view
    if not form.is_valid():
        messages.error(request, _("Give the filter a name."))
        return redirect(back)
    try:
        saved = queues.save_filter(
            agent=request.user,
            name=form.cleaned_data["name"],
            view=view,
            filters=filters,
            team=form.cleaned_data["team"],
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(back)
    messages.success(request, _("Saved."))
    return redirect(reverse("desk:view", args=[saved.view]) + "?" + urlencode(saved.filters))


@require_POST
@agent_required
def delete_filter(request: AgentRequest, filter_id: int) -> HttpResponse:
    saved = next(
        (s for s in queue_selectors.saved_filters_for(request.user) if s.pk == filter_id), None
    )
    if saved is None:
        raise Http404("No such saved filter.")
    try:
        queues.delete_filter(agent=request.user, saved=saved)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("desk:views")


@require_GET
@agent_required
def nav_counts(request: AgentRequest) -> HttpResponse:
    """The counts beside "Views" in the header, fetched after the page (htmx) so no page
    pays for them; overdue and due today, the two that cannot wait."""
    counts = case_views.counts(
        agent=request.user,
        only=("overdue", "due_today"),
        within=policy.visible_lookups(request.user),
    )
    return render(request, "desk/partials/nav_counts.html", {"counts": counts})


@require_POST
@agent_required
def bulk_action(request: AgentRequest) -> HttpResponse:
    """Run one action on the ticked cases; say what was done and, per case, what was refused."""
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts=None) or not back.startswith("/"):
        back = reverse("desk:views")
    form = forms.BulkForm(request.POST, prefix="bulk")
    if not form.is_valid():
        messages.error(request, _("Choose an action for the ticked cases."))
        return redirect(back)
    try:
        outcomes = bulk.run(
            agent=request.user, references=request.POST.getlist("cases"), data=form.cleaned_data
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(back)
    done = [o.reference for o in outcomes if not o.error]
    if done:
        messages.success(request, _("Done for %(refs)s.") % {"refs": ", ".join(done)})
    for outcome in outcomes:
        if outcome.error:
            messages.error(request, f"{outcome.reference}: {outcome.error}")
    if not outcomes:
        messages.error(request, _("Tick the cases first."))
    return redirect(back)
