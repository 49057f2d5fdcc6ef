"""The reports as they were before the per-case figures: the reference the new ones must
match on small data (they walk the timeline and the calendar for every case, per request)."""

from collections import Counter, defaultdict
from datetime import timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from fairdesk.cases.models import UNRESOLVED, Case, Entry, EntryKind, Status
from fairdesk.insights import stats, svg
from fairdesk.insights.filters import Filters
from fairdesk.insights.reports import ODYSSEY, Report, _round, _share
from fairdesk.promises import businesstime
from fairdesk.promises.models import Calendar


def _calendars():
    return {row.pk: row.business() for row in Calendar.objects.all()}


def _business(calendars, calendar_id, start, end) -> timedelta | None:
    if start is None or end is None:
        return None
    calendar = calendars.get(calendar_id)
    return businesstime.between(calendar, start, end) if calendar else end - start


def response_times(filters: Filters) -> Report:
    """First response and resolution times in business hours of the case's policy: median
    and P90 per team (time waiting on the customer is not taken out)."""
    calendars = _calendars()
    rows = Case.objects.filter(filters.cases()).values_list(
        "team__name", "created_at", "first_response_at", "resolved_at", "terms__policy__calendar_id"
    )
    first: dict[str, list[float]] = defaultdict(list)
    resolution: dict[str, list[float]] = defaultdict(list)
    for team, created, responded, resolved, calendar_id in rows.iterator(chunk_size=5000):
        if (took := _business(calendars, calendar_id, created, responded)) is not None:
            first[team].append(took.total_seconds() / 3600)
        if (took := _business(calendars, calendar_id, created, resolved)) is not None:
            resolution[team].append(took.total_seconds() / 3600)
    report = Report(
        "response_times",
        _("First response and resolution (business hours)"),
        [
            _("team"),
            _("first responses"),
            _("median h"),
            _("P90 h"),
            _("resolutions"),
            _("median h"),
            _("P90 h"),
        ],
    )
    for team in sorted(set(first) | set(resolution)):
        a, b = first[team], resolution[team]
        report.rows.append(
            [
                team,
                len(a),
                _round(stats.percentile(a, 0.5)),
                _round(stats.percentile(a, 0.9)),
                len(b),
                _round(stats.percentile(b, 0.5)),
                _round(stats.percentile(b, 0.9)),
            ]
        )
    report.chart = svg.bars(
        [r[0] for r in report.rows],
        [
            svg.Series(_("first response, median h"), [r[2] for r in report.rows]),
            svg.Series(_("resolution, median h"), [r[5] for r in report.rows]),
        ],
        title=report.title,
    )
    return report


def contacts(filters: Filters) -> Report:
    """Contacts per case and handoffs per case: mean, median, P90, max, share of odysseys."""
    per_case = Counter(
        dict(
            Entry.objects.filter(
                filters.cases("case__"), kind__in=(EntryKind.MESSAGE_IN, EntryKind.CALL)
            )
            .values("case_id")
            .annotate(n=Count("id"))
            .order_by()
            .values_list("case_id", "n")
        )
    )
    handoffs = list(Case.objects.filter(filters.cases()).values_list("handoff_count", flat=True))
    counts = list(per_case.values())
    report = Report(
        "contacts",
        _("Contacts and handoffs per case"),
        [
            _("measure"),
            _("cases"),
            _("mean"),
            _("median"),
            _("P90"),
            _("max"),
            _("cases with 6 or more (%)"),
        ],
    )
    for label, values in ((_("contacts per case"), counts), (_("handoffs per case"), handoffs)):
        report.rows.append(
            [
                label,
                len(values),
                _round(sum(values) / len(values)) if values else None,
                stats.percentile(values, 0.5),
                stats.percentile(values, 0.9),
                max(values, default=None),
                _share(sum(1 for v in values if v >= ODYSSEY), len(values)),
            ]
        )
    histogram = Counter(min(n, ODYSSEY) for n in counts)
    labels = [str(n) for n in range(1, ODYSSEY)] + [f"{ODYSSEY}+"]
    report.chart = svg.bars(
        labels,
        [svg.Series(_("cases"), [histogram[n] for n in range(1, ODYSSEY + 1)])],
        title=_("Cases by number of contacts"),
    )
    return report


def reopens(filters: Filters) -> Report:
    """Of the finished cases, how many came back (resolved or closed, then open again)."""
    scope = Case.objects.filter(filters.cases())
    finished = dict(
        scope.filter(Q(resolved_at__isnull=False) | Q(status=Status.CLOSED))
        .values("team__name")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("team__name", "n")
    )
    reopened = dict(
        Entry.objects.filter(
            filters.cases("case__"),
            kind=EntryKind.STATUS,
            data__from__in=[Status.RESOLVED, Status.CLOSED],
            data__to__in=list(UNRESOLVED),
        )
        .values("case__team__name")
        .annotate(n=Count("case_id", distinct=True))
        .order_by()
        .values_list("case__team__name", "n")
    )
    report = Report(
        "reopens", _("Reopen rate"), [_("team"), _("finished"), _("reopened"), _("reopen rate (%)")]
    )
    for team in sorted(set(finished) | set(reopened)):
        done, back = finished.get(team, 0), reopened.get(team, 0)
        report.rows.append([team, done, back, _share(back, done + (back if not done else 0))])
    report.chart = svg.bars(
        [r[0] for r in report.rows],
        [svg.Series(_("reopen rate (%)"), [r[3] for r in report.rows])],
        title=report.title,
    )
    return report


def _scope_without_period(filters: Filters) -> Q:
    lookups: dict = {"merged_into__isnull": True}
    if filters.team_id:
        lookups["team_id"] = filters.team_id
    if filters.category_id:
        lookups["category_id"] = filters.category_id
    if filters.channel:
        lookups["channel"] = filters.channel
    if filters.visible is not None:
        lookups["pk__in"] = filters.visible
    return Q(**lookups)


def _per_day(queryset, field_name: str) -> Counter:
    rows = queryset.annotate(day=TruncDate(field_name)).values("day").annotate(n=Count("id"))
    return Counter({row["day"]: row["n"] for row in rows.order_by()})


def backlog(filters: Filters) -> Report:
    """Cases opened and finished per day, and the open backlog at each day's end."""
    scope = Case.objects.filter(_scope_without_period(filters))
    since, until = filters.since, filters.until
    resolved = scope.filter(resolved_at__isnull=False)
    # A case closed without a resolution finished when it was last changed.
    closed = scope.filter(resolved_at__isnull=True, status=Status.CLOSED)
    open_before = (
        scope.filter(created_at__lt=since).count()
        - resolved.filter(resolved_at__lt=since).count()
        - closed.filter(updated_at__lt=since).count()
    )
    opened = _per_day(scope.filter(created_at__gte=since, created_at__lt=until), "created_at")
    finished = _per_day(
        resolved.filter(resolved_at__gte=since, resolved_at__lt=until), "resolved_at"
    )
    finished += _per_day(closed.filter(updated_at__gte=since, updated_at__lt=until), "updated_at")
    report = Report(
        "backlog", _("Backlog over time"), [_("day"), _("opened"), _("finished"), _("open")]
    )
    level, day = open_before, filters.start
    while day <= filters.end:
        level += opened[day] - finished[day]
        report.rows.append([day.isoformat(), opened[day], finished[day], level])
        day += timedelta(days=1)
    report.chart = svg.lines(
        [r[0][5:] for r in report.rows],
        [
            svg.Series(_("open"), [r[3] for r in report.rows]),
            svg.Series(_("opened"), [r[1] for r in report.rows]),
            svg.Series(_("finished"), [r[2] for r in report.rows]),
        ],
        title=report.title,
    )
    return report
