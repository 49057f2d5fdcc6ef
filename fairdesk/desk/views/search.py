"""The header's search box: a reference goes straight to its case, anything else is searched."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from fairdesk.cases import selectors
from fairdesk.cases.selectors import LIST_ROW_FIELDS, list_row
from fairdesk.desk import policy, worklists
from fairdesk.desk.paging import Page, page_of
from fairdesk.desk.policy import AgentRequest, agent_required
from fairdesk.lib.references import find_reference
from fairdesk.lib.text import one_line
from fairdesk.search import backends
from fairdesk.search.selectors import search_with_total

MAX_QUERY = 200


@require_GET
@agent_required
def search(request: AgentRequest) -> HttpResponse:
    asked = one_line(request.GET.get("q", ""))
    text = asked[:MAX_QUERY]
    if len(asked) > MAX_QUERY:  # a pasted text: search its start and say so
        messages.info(
            request,
            _("Only the first %(n)s characters were searched.") % {"n": MAX_QUERY},
        )
    reference = find_reference(text)
    if reference and reference == text.upper():
        case = selectors.case_by_reference(reference)
        if case is not None:
            return redirect("desk:case", reference=case.reference)
    if not text:
        return render(request, "desk/search.html", {"q": text, "page": None})
    visible = policy.visible_cases(request.user)
    found, total = search_with_total(text, within=visible)
    # Only what a row shows, as plain values (not 50 cases with their customer, team and
    # owner built by the ORM), made into the lists' rows.
    values = page_of(found.values_list(*LIST_ROW_FIELDS, "customer__name"), request.GET.get("page"))
    page = Page([list_row(row) for row in values.rows], values.number, values.has_next)
    worklists.attach_next_due(page.rows)
    context = {"q": text, "page": page, "total": total, "ranked": backends.RANKED}
    return render(request, "desk/search.html", context)
