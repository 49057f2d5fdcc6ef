"""Insights in the desk: reports (pages and CSV), staffing and the survey editor for team
leads; the morning dashboard for every agent. Thin: parse, check, call."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fairdesk.accounts.models import Team
from fairdesk.cases.models import Case, Category, Channel
from fairdesk.desk import worklists
from fairdesk.desk.policy import (
    AgentRequest,
    agent_required,
    is_lead,
    lead_required,
    report_scope,
)
from fairdesk.feedback import services as feedback
from fairdesk.feedback.library import field_labels
from fairdesk.feedback.services import SURVEY_FIELDS, active_survey
from fairdesk.insights import csvsafe, reports, svg
from fairdesk.insights import morning as morning_figures
from fairdesk.insights import staffing as staffing_plan
from fairdesk.insights.filters import Filters
from fairdesk.lib import clock, dates
from fairdesk.lib.errors import DomainError


def _filters_or_default(request: AgentRequest) -> tuple[Filters, str]:
    scope = report_scope(request.user)
    try:
        return Filters.parse(request.GET).seen_by(scope), ""
    except DomainError as error:
        return Filters.parse({}).seen_by(scope), error.message


@require_GET
@lead_required
def report(request: AgentRequest, name: str = "promises") -> HttpResponse:
    if name not in reports.REPORTS:
        raise Http404("No such report.")
    filters, error = _filters_or_default(request)
    by = request.GET.get("by") or "kind"
    context = {
        "report": reports.run(name, filters, by=by),
        "reports": [(key, title) for key, (title, _f) in reports.REPORTS.items()],
        "name": name,
        "filters": filters,
        "error": error,
        "by": by,
        "dimensions": list(reports.PROMISE_DIMENSION_LABELS.items()),
        "teams": Team.objects.all(),
        "categories": Category.objects.all(),
        "channels": Channel.choices,
        "page": "reports",
        "which": "insights",
    }
    return render(request, "insights/report.html", context, status=422 if error else 200)


@require_GET
@lead_required
def report_csv(request: AgentRequest, name: str) -> HttpResponse:
    if name not in reports.REPORTS:
        raise Http404("No such report.")
    try:
        filters = Filters.parse(request.GET).seen_by(report_scope(request.user))
    except DomainError as error:
        return HttpResponse(error.message, status=422, content_type="text/plain; charset=utf-8")
    result = reports.run(name, filters, by=request.GET.get("by"))
    response = HttpResponse(
        csvsafe.to_csv(result.columns, result.rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{name}-{filters.start}-{filters.end}.csv"'
    )
    return response


@require_http_methods(["GET", "POST"])
@lead_required
def survey_editor(request: AgentRequest) -> HttpResponse:
    """The survey's questions in both languages; a new version when saved, after the check."""
    survey = active_survey()
    names = [f"{field}_{language}" for field in SURVEY_FIELDS for language in ("de", "en")]
    texts = {name: getattr(survey, name) for name in names}
    error = None
    if request.method == "POST":
        texts = {name: request.POST.get(name, "") for name in names}
        try:
            feedback.publish_survey(agent=request.user, texts=texts)
        except DomainError as refused:
            error = refused
        else:
            messages.success(request, _("The new survey version is active."))
            return redirect("desk:survey_editor")
    labels = field_labels()
    fields = [(name, labels[name], text) for name, text in texts.items()]
    context = {"fields": fields, "error": error, "page": "surveys", "which": "insights"}
    return render(request, "insights/survey_editor.html", context, status=422 if error else 200)


def _int_param(request: HttpRequest, name: str, default: int | None, *, low: int, high: int):
    value = request.GET.get(name, "")
    if value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise DomainError(_("%(name)s must be a whole number.") % {"name": name}) from None
    if not low <= number <= high:
        raise DomainError(
            _("%(name)s must be between %(low)d and %(high)d.")
            % {"name": name, "low": low, "high": high}
        )
    return number


@require_GET
@lead_required
def staffing(request: HttpRequest) -> HttpResponse:
    """Agents needed per hour for the next week vs agents on shift, and the promise outlook."""
    error = ""
    try:
        inputs = staffing_plan.Inputs(
            team_id=_int_param(request, "team", None, low=1, high=10**9),
            category_id=_int_param(request, "category", None, low=1, high=10**9),
            on_shift=_int_param(request, "on_shift", None, low=0, high=10_000),
            open_hours=_int_param(request, "open_hours", 8, low=1, high=24),
            weeks=_int_param(request, "weeks", 8, low=1, high=52),
        )
    except DomainError as refused:
        inputs, error = staffing_plan.Inputs(), refused.message
    result = staffing_plan.plan(inputs)
    labels = [dates.moment_text(when, "hour") for when, _e, _n in result.hours]
    chart = svg.lines(
        labels,
        [
            svg.Series(_("arrivals forecast per hour"), [e for _w, e, _n in result.hours]),
            svg.Series(_("agents needed"), [n for _w, _e, n in result.hours]),
            *(
                [svg.Series(_("agents on shift"), [inputs.on_shift] * len(result.hours))]
                if inputs.on_shift is not None
                else []
            ),
        ],
        title=_("Next seven days"),
    )
    context = {
        "plan": result,
        "method": staffing_plan.METHODS.get(result.method, result.method),
        "days": [(dates.day_text(day), *figures) for day, *figures in result.days],
        "first_break": dates.day_text(result.first_break),
        "inputs": inputs,
        "chart": chart,
        "error": error,
        "teams": Team.objects.all(),
        "categories": Category.objects.all(),
        "peak": max((n for _w, _e, n in result.hours), default=0),
        "page": "staffing",
        "which": "insights",
    }
    return render(request, "insights/staffing.html", context, status=422 if error else 200)


def _team_ids(request: AgentRequest) -> list[int]:
    return list(request.user.agent.teams.values_list("pk", flat=True))


@require_GET
@agent_required
def morning(request: AgentRequest) -> HttpResponse:
    """The morning dashboard for the agent's teams; every number links to its cases."""
    team_ids = _team_ids(request)
    expected, method = morning_figures.forecast_so_far(team_ids=team_ids)
    context = {
        "figures": morning_figures.figures(team_ids=team_ids),
        "staffing": morning_figures.staffing_now(team_ids=team_ids),
        "expected": expected,
        "method": staffing_plan.METHODS.get(method, method),
        "is_lead": is_lead(request.user),
        "page": "morning",
        "which": "insights",
    }
    return render(request, "insights/morning.html", context)


@require_GET
@agent_required
def morning_cases(request: AgentRequest, name: str) -> HttpResponse:
    """The cases behind one number of the morning dashboard, in the queue's order."""
    if name not in morning_figures.SETS:
        raise Http404("No such figure.")
    lookups = morning_figures.lookups(name, team_ids=_team_ids(request), now=clock.now())
    ids = Case.objects.filter(lookups).values("pk")
    page = worklists.page(worklists.Worklist({"pk__in": ids}), request.GET.get("page"))
    title = morning_figures.SETS[name]
    return render(request, "desk/queue.html", {"page": page, "title": title, "which": "insights"})
