"""The reports: each a function of the filters returning a table (and its chart).

Read-only queries over the promises, credits and survey tables, and over the per-case figures
(`insights.models.CaseFigures`, which copy the case's filter columns, so no query joins the
case table) for response times, contacts and reopens, and the day counts
(`insights.models.DayCount`) for the backlog; aggregation happens in the database,
percentiles too on PostgreSQL (`insights.sqlstats`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from fairdesk.accounts.models import Team
from fairdesk.cases.models import Category
from fairdesk.insights import bands, sqlstats, stats, svg, valuecounts
from fairdesk.insights.filters import Filters
from fairdesk.insights.models import TIMED, CaseFigures, DayCount, Measure
from fairdesk.promises.models import Credit, CreditState, Kind, Promise, State


@dataclass
class Report:
    name: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    chart: str = ""  # SVG markup, built from escaped text only
    note: str = ""  # how the figures were read, when a reader needs to know


HOUR = 3600.0


def _hours(value: timedelta | None) -> float | None:
    return None if value is None else round(value.total_seconds() / 3600, 2)


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


PROMISE_DIMENSIONS = {
    "kind": "kind",
    "team": "case__team__name",
    "agent": "case__assignee__username",
    "category": "case__category__path",
    "week": "week",
}
# What a reader sees for each grouping: the column head and the filter's choices.
PROMISE_DIMENSION_LABELS = {
    "kind": pgettext_lazy("report grouping", "kind"),
    "team": pgettext_lazy("report grouping", "team"),
    "agent": pgettext_lazy("report grouping", "agent"),
    "category": pgettext_lazy("report grouping", "category"),
    "week": pgettext_lazy("report grouping", "week"),
}


def promises(filters: Filters, *, by: str = "kind") -> Report:
    """Promises kept and broken, by kind, team, agent, category or week due."""
    by = by if by in PROMISE_DIMENSIONS else "kind"
    dimension = PROMISE_DIMENSIONS[by]
    settled = Promise.objects.filter(filters.cases("case__"), state__in=(State.KEPT, State.BROKEN))
    if dimension == "week":
        settled = settled.annotate(week=TruncWeek("due_at"))
    rows = (
        settled.values(dimension)
        .annotate(
            kept=Count("id", filter=Q(state=State.KEPT)),
            broken=Count("id", filter=Q(state=State.BROKEN)),
        )
        .order_by(dimension)
    )
    report = Report(
        "promises",
        _("Promises kept and broken"),
        [
            _("by %(dimension)s") % {"dimension": PROMISE_DIMENSION_LABELS[by]},
            _("kept"),
            _("broken"),
            _("kept (%)"),
        ],
    )
    for row in rows:
        label = _promise_label(by, row[dimension])
        report.rows.append(
            [
                label,
                row["kept"],
                row["broken"],
                _share(row["kept"], row["kept"] + row["broken"]),
            ]
        )
    labels = [r[0] for r in report.rows]
    report.chart = svg.bars(
        labels,
        [
            svg.Series(_("kept"), [r[1] for r in report.rows]),
            svg.Series(_("broken"), [r[2] for r in report.rows]),
        ],
        title=report.title,
    )
    return report


def _promise_label(by: str, value) -> str:
    """A row's name in the reader's words: a kind of promise by its label, a week by its
    Monday's date, nothing as "(none)"."""
    if by == "kind":
        return str(Kind(value).label)
    if hasattr(value, "date"):
        return value.date().isoformat()
    return str(value or _("(none)"))


def response_times(filters: Filters) -> Report:
    """First response and resolution times in business hours of the case's policy: median
    and P90 per team (time waiting on the customer is not taken out). Read from the value
    counts (times in bands: within one band of the exact figure), or, for a reader who sees
    only some cases or one in another time zone, exactly from the per-case figures."""
    if _by_day_counts(filters):
        first, resolution = _banded_spreads(filters)
        note = _(
            "Medians and P90 are read from counts in time bands: exact to the minute up to "
            "2 hours, beyond that within 5 % of the value."
        )
    else:
        scope = CaseFigures.objects.filter(filters.figures())
        both = sqlstats.spreads_of(
            scope, ("first_response_seconds", "resolution_seconds"), group="team__name", scale=HOUR
        )
        first, resolution = both["first_response_seconds"], both["resolution_seconds"]
        note = ""
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
        note=note,
    )
    for name in sorted(set(first) | set(resolution)):
        a = first.get(name, sqlstats.EMPTY)
        b = resolution.get(name, sqlstats.EMPTY)
        report.rows.append(
            [
                name,
                a.count,
                _round(a.median),
                _round(a.p90),
                b.count,
                _round(b.median),
                _round(b.p90),
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


def _banded_spreads(filters: Filters) -> tuple[dict, dict]:
    """First-response and resolution spreads per team name, in hours, from the value
    counts (count exact, median and P90 within one band)."""
    counted = valuecounts.summed(
        TIMED, filters.start, filters.end, _value_count_lookups(filters), group="team__name"
    )
    first, resolution = (
        {team: _banded_spread(counts) for team, counts in counted[measure].items()}
        for measure in TIMED
    )
    return first, resolution


def _banded_spread(counts: Counter) -> sqlstats.Spread:
    median, p90 = bands.percentile(counts, 0.5), bands.percentile(counts, 0.9)
    return sqlstats.Spread(
        sum(counts.values()),
        None,
        None if median is None else median / HOUR,
        None if p90 is None else p90 / HOUR,
        None,
        0,
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def backlog(filters: Filters) -> Report:
    """Cases opened and finished per day, and the open backlog at each day's end."""
    open_before, opened, finished = _day_counts(filters)
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


def _day_counts(filters: Filters) -> tuple[int, Counter, Counter]:
    """Open before the period, and opened and finished per day in it: summed from the day
    counts; counted from the figures rows for a reader who sees only some cases, or one in
    another time zone than the counts' days."""
    if not _by_day_counts(filters):
        return _counted_days(filters)
    counts = DayCount.objects.filter(_day_count_lookups(filters)).order_by()
    before = counts.filter(day__lt=filters.start).aggregate(o=Sum("opened"), f=Sum("finished"))
    rows = (
        counts.filter(day__gte=filters.start, day__lte=filters.end)
        .values("day")
        .annotate(o=Sum("opened"), f=Sum("finished"))
        .values_list("day", "o", "f")
    )
    opened: Counter = Counter()
    finished: Counter = Counter()
    for day, o, f in rows:
        opened[day], finished[day] = o, f
    return (before["o"] or 0) - (before["f"] or 0), +opened, +finished


def _by_day_counts(filters: Filters) -> bool:
    """Whether the day counts and value counts answer: they count every case, by days in
    TIME_ZONE."""
    return filters.visible is None and timezone.get_current_timezone_name() == settings.TIME_ZONE


def _day_count_lookups(filters: Filters) -> Q:
    lookups: dict = {}
    if filters.team_id:
        lookups["team_id"] = filters.team_id
    if filters.category_id:
        lookups["category_key"] = filters.category_id
    if filters.channel:
        lookups["channel"] = filters.channel
    return Q(**lookups)


def _value_count_lookups(filters: Filters) -> Q:
    return valuecounts.lookups(
        team_id=filters.team_id, category_id=filters.category_id, channel=filters.channel
    )


def _counted_days(filters: Filters) -> tuple[int, Counter, Counter]:
    scope = CaseFigures.objects.filter(filters.figures(period=False)).order_by()
    since, until = filters.since, filters.until
    open_before = (
        scope.filter(created_at__lt=since).count() - scope.filter(finished_at__lt=since).count()
    )
    opened = _per_day(scope.filter(created_at__gte=since, created_at__lt=until), "created_at")
    finished = _per_day(scope.filter(finished_at__gte=since, finished_at__lt=until), "finished_at")
    return open_before, opened, finished


def _per_day(queryset, field_name: str) -> Counter:
    rows = queryset.annotate(day=TruncDate(field_name)).values("day").annotate(n=Count("pk"))
    return Counter({row["day"]: row["n"] for row in rows.order_by()})


ODYSSEY = 6  # contacts about one case from which it is an odyssey (the six-contact story)


def contacts(filters: Filters) -> Report:
    """Contacts per case and handoffs per case: mean, median, P90, max, share of odysseys."""
    # Contacts and handoffs are small whole numbers: the database counts the cases per pair
    # (no sort of a million values) and the spreads follow exactly from the counts.
    contact_counts, handoff_counts = _contact_and_handoff_counts(filters)
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
    measures = (
        (_("contacts per case"), contact_counts),
        (_("handoffs per case"), handoff_counts),
    )
    for label, counts in measures:
        spread = sqlstats.spread_of_counts(counts, at_least=ODYSSEY)
        report.rows.append(
            [
                label,
                spread.count,
                _round(spread.mean),
                spread.median,
                spread.p90,
                spread.top,
                _share(spread.at_least, spread.count),
            ]
        )
    histogram: Counter = Counter()
    for contacts_of_case, n in contact_counts.items():
        histogram[min(contacts_of_case, ODYSSEY)] += n
    labels = [str(n) for n in range(1, ODYSSEY)] + [f"{ODYSSEY}+"]
    report.chart = svg.bars(
        labels,
        [svg.Series(_("cases"), [histogram[n] for n in range(1, ODYSSEY + 1)])],
        title=_("Cases by number of contacts"),
    )
    return report


def _contact_and_handoff_counts(filters: Filters) -> tuple[Counter, Counter]:
    """Cases per number of contacts (cases without one left out) and per number of
    handoffs: summed from the value counts, or counted from the figures rows for a reader
    who sees only some cases or one in another time zone."""
    if _by_day_counts(filters):
        counted = valuecounts.summed(
            (Measure.CONTACTS, Measure.HANDOFFS),
            filters.start,
            filters.end,
            _value_count_lookups(filters),
        )
        contact_counts = counted[Measure.CONTACTS].get(None, Counter())
        handoff_counts = counted[Measure.HANDOFFS].get(None, Counter())
        return +Counter({n: c for n, c in contact_counts.items() if n > 0}), +handoff_counts
    pairs = (
        CaseFigures.objects.filter(filters.figures())
        .values_list("contacts", "handoffs")
        .annotate(n=Count("pk"))
        .order_by()
    )
    contact_counts, handoff_counts = Counter(), Counter()
    for contacts_of_case, handoffs_of_case, n in pairs:
        if contacts_of_case > 0:
            contact_counts[contacts_of_case] += n
        handoff_counts[handoffs_of_case] += n
    return contact_counts, handoff_counts


def reopens(filters: Filters) -> Report:
    """Of the finished cases, how many came back (resolved or closed, then open again)."""
    rows: list[tuple[str, int, int]]
    if _by_day_counts(filters):
        rows = list(
            DayCount.objects.filter(
                _day_count_lookups(filters), day__gte=filters.start, day__lte=filters.end
            )
            .values("team__name")
            .annotate(done=Sum("done"), back=Sum("back"))
            .order_by()
            .values_list("team__name", "done", "back")
        )
    else:
        rows = list(
            CaseFigures.objects.filter(filters.figures())
            .values("team__name")
            .annotate(
                done=Count("pk", filter=Q(finished_at__isnull=False)),
                back=Count("pk", filter=Q(reopened=True)),
            )
            .order_by()
            .values_list("team__name", "done", "back")
        )
    report = Report(
        "reopens", _("Reopen rate"), [_("team"), _("finished"), _("reopened"), _("reopen rate (%)")]
    )
    for team, done, back in sorted(row for row in rows if row[1] or row[2]):
        report.rows.append([team, done, back, _share(back, done + (back if not done else 0))])
    report.chart = svg.bars(
        [r[0] for r in report.rows],
        [svg.Series(_("reopen rate (%)"), [r[3] for r in report.rows])],
        title=report.title,
    )
    return report


def compensation(filters: Filters) -> Report:
    """What broken promises owe: pending (owed), confirmed (granted), rejected, per team."""
    rows = (
        Credit.objects.filter(filters.cases("case__"))
        .values("case__team__name", "state")
        .annotate(n=Count("id"), cents=Sum("amount_cents"))
        .order_by()
    )
    table: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    for row in rows:
        table[row["case__team__name"]][row["state"]] = (row["n"], row["cents"] or 0)
    report = Report(
        "compensation",
        _("Compensation owed and paid"),
        [
            _("team"),
            _("owed (pending)"),
            _("owed EUR"),
            _("confirmed"),
            _("confirmed EUR"),
            _("rejected"),
            _("rejected EUR"),
        ],
    )
    for team in sorted(table):
        line: list = [team]
        for state in (CreditState.PENDING, CreditState.CONFIRMED, CreditState.REJECTED):
            n, cents = table[team].get(state, (0, 0))
            line += [n, round(cents / 100, 2)]
        report.rows.append(line)
    report.chart = svg.bars(
        [r[0] for r in report.rows],
        [
            svg.Series(_("owed EUR"), [r[2] for r in report.rows]),
            svg.Series(_("confirmed EUR"), [r[4] for r in report.rows]),
        ],
        title=report.title,
    )
    return report


def surveys(filters: Filters) -> Report:
    """Scores per stratum with response rate, non-response and 95 % intervals."""
    from fairdesk.feedback.models import Draw, Invitation, Outcome

    rows = Invitation.objects.filter(filters.cases("case__"), draw=Draw.INVITED).values_list(
        "team_id_at_draw", "category_id_at_draw", "outcome", "answer__csat", "answer__ces"
    )
    groups: dict[tuple, list] = defaultdict(list)
    for team_id, category_id, outcome, csat, ces in rows:
        groups[(team_id, category_id, outcome)].append((csat, ces))
    teams = dict(Team.objects.values_list("pk", "name"))
    categories = dict(Category.objects.values_list("pk", "path"))
    report = Report(
        "surveys",
        _("Survey scores per stratum"),
        [
            _("team"),
            _("category"),
            _("outcome"),
            _("invited"),
            _("answered"),
            _("response rate (%)"),
            _("no answer"),
            _("CSAT mean"),
            _("CSAT 95% low"),
            _("CSAT 95% high"),
            _("satisfied (%)"),
            _("satisfied 95% low"),
            _("satisfied 95% high"),
            _("CES mean"),
        ],
    )
    for (team_id, category_id, outcome), answers in sorted(groups.items(), key=str):
        scores = [csat for csat, _ces in answers if csat is not None]
        effort = [ces for _csat, ces in answers if ces is not None]
        mean = stats.mean_interval(scores)
        satisfied = stats.wilson(sum(1 for s in scores if s >= 4), len(scores))
        report.rows.append(
            [
                teams.get(team_id, "?"),
                categories.get(category_id, _("(none)")),
                str(Outcome(outcome).label),
                len(answers),
                len(scores),
                _share(len(scores), len(answers)),
                len(answers) - len(scores),
                _round(sum(scores) / len(scores)) if scores else None,
                *(_round(v) for v in (mean[1:] if mean else (None, None))),
                _share(sum(1 for s in scores if s >= 4), len(scores)),
                *((round(100 * v, 1) for v in satisfied) if satisfied else (None, None)),
                _round(sum(effort) / len(effort)) if effort else None,
            ]
        )
    report.chart = svg.bars(
        [f"{r[0]} / {r[1]}" for r in report.rows],
        [
            svg.Series(_("response rate (%)"), [r[5] for r in report.rows]),
            svg.Series(_("satisfied (%)"), [r[10] for r in report.rows]),
        ],
        title=report.title,
    )
    return report


REPORTS: dict[str, tuple[object, Callable[..., Report]]] = {
    "promises": (gettext_lazy("Promises kept and broken"), promises),
    "response_times": (gettext_lazy("Response and resolution times"), response_times),
    "backlog": (gettext_lazy("Backlog over time"), backlog),
    "contacts": (gettext_lazy("Contacts and handoffs per case"), contacts),
    "reopens": (gettext_lazy("Reopen rate"), reopens),
    "compensation": (gettext_lazy("Compensation owed and paid"), compensation),
    "surveys": (gettext_lazy("Survey scores"), surveys),
}


def run(name: str, filters: Filters, **options) -> Report:
    _title, function = REPORTS[name]
    if name == "promises":
        return function(filters, by=options.get("by") or "kind")
    return function(filters)
