"""/api/v1/reports/{name}: every desk report as JSON, for team leads' tokens."""

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from fairdesk.api import policy
from fairdesk.insights import reports
from fairdesk.insights.filters import Filters

router = Router(tags=["reports"])


class ReportOut(Schema):
    name: str
    title: str
    start: str
    end: str
    columns: list[str]
    rows: list[list[str | int | float | None]]
    # How the figures were read, when a reader needs to know (say, percentiles from bands).
    note: str = ""


@router.get("/{name}", response=ReportOut)
def report(
    request: HttpRequest,
    name: str,
    start: str = "",
    end: str = "",
    team: str = "",
    category: str = "",
    channel: str = "",
    by: str = "kind",
):
    """Filters as on the desk page: start and end (YYYY-MM-DD), team and category ids,
    channel; `by` (kind, team, agent, category, week) for the promises report."""
    lead = policy.require_lead(policy.caller(request))
    if name not in reports.REPORTS:
        raise Http404("No such report.")
    params = {"start": start, "end": end, "team": team, "category": category, "channel": channel}
    filters = Filters.parse(params).seen_by(policy.report_scope(lead))
    result = reports.run(name, filters, by=by)
    return {
        "name": name,
        "title": result.title,
        "start": filters.start.isoformat(),
        "end": filters.end.isoformat(),
        "columns": [str(column) for column in result.columns],
        "rows": result.rows,
        "note": result.note,
    }
