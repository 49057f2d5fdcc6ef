"""The fairness report for team leads: page and CSV (numbers from queues.report)."""

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from fairdesk.desk.policy import lead_required
from fairdesk.insights.csvsafe import to_csv
from fairdesk.lib import clock
from fairdesk.queues.report import FairnessReport, calibration, fairness_report

DEFAULT_DAYS = 28


def _days(request: HttpRequest) -> int:
    try:
        return max(1, min(366, int(request.GET.get("days") or DEFAULT_DAYS)))
    except ValueError:
        return DEFAULT_DAYS


def _report(request: HttpRequest) -> tuple[int, FairnessReport]:
    days = _days(request)
    until = clock.now()
    return days, fairness_report(since=until - timedelta(days=days), until=until)


@require_GET
@lead_required
def fairness(request: HttpRequest) -> HttpResponse:
    days, report = _report(request)
    context = {
        "report": report,
        "days": days,
        "calibration": calibration(since=report.since, until=report.until),
        "which": "fairness",
    }
    return render(request, "desk/fairness.html", context)


def _hours(value: float | None) -> float | str:
    return "" if value is None else round(value, 2)


@require_GET
@lead_required
def fairness_csv(request: HttpRequest) -> HttpResponse:
    _days_shown, report = _report(request)
    header = [
        _("dimension"),
        _("segment"),
        _("cases"),
        _("first response, median hours"),
        _("first response, P90 hours"),
        _("resolution, median hours"),
        _("resolution, P90 hours"),
    ]
    rows = [
        [
            s.dimension,
            s.value,
            s.cases,
            _hours(s.first_median),
            _hours(s.first_p90),
            _hours(s.resolution_median),
            _hours(s.resolution_p90),
        ]
        for s in report.segments
    ]
    response = HttpResponse(to_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="fairness.csv"'
    return response
