"""The fairness report for team leads: page and CSV (numbers from queues.report)."""

from dataclasses import dataclass
from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from fairdesk.cases.models import Channel
from fairdesk.desk.policy import lead_required
from fairdesk.insights.csvsafe import to_csv
from fairdesk.lib import clock
from fairdesk.queues.fairness import Segment
from fairdesk.queues.report import FairnessReport, calibration, fairness_report

DEFAULT_DAYS = 28

# The report's dimensions and their coded values, as a reader reads them.
DIMENSION_NAMES = {
    "channel": gettext_lazy("channel"),
    "language": gettext_lazy("language"),
    "customer_type": gettext_lazy("customer type"),
    "category": gettext_lazy("category"),
}
VALUE_NAMES = {
    "channel": dict(Channel.choices),
    "language": {"de": gettext_lazy("German"), "en": gettext_lazy("English")},
    "customer_type": {
        "private": gettext_lazy("private customer"),
        "business": gettext_lazy("business customer"),
    },
}


def _named(dimension: str, value: str) -> tuple[str, str]:
    """A segment's dimension and value by their names in the reader's language."""
    shown = VALUE_NAMES.get(dimension, {}).get(value, value) if value else "—"
    return str(DIMENSION_NAMES.get(dimension, dimension)), str(shown)


@dataclass(frozen=True)
class Shown:
    dimension: str
    value: str
    segment: Segment


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
        "segments": [Shown(*_named(s.dimension, s.value), s) for s in report.segments],
        "expedites_by_segment": [(*_named(d, v), n) for d, v, n in report.expedites_by_segment],
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
            *_named(s.dimension, s.value),
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
