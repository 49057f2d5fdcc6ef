"""The fairness report and the ETA calibration, read from cases, promises and expedites
(the segment figures computed in the database by `queues.waits`)."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count

from fairdesk.queues import eta, fairness, waits
from fairdesk.queues.models import Expedite, Prediction


@dataclass(frozen=True)
class FairnessReport:
    since: datetime
    until: datetime
    cases: int
    segments: list[fairness.Segment]
    ratio: float | None
    overtaken: int
    expedites_by_agent: list[tuple[str, int]]
    expedites_by_segment: list[tuple[str, str, int]]

    @property
    def within_target(self) -> bool | None:
        return None if self.ratio is None else self.ratio <= fairness.TARGET_RATIO


def _overtaken(since: datetime, until: datetime) -> int:
    """`fairness.overtaken`, swept team by team over rows the database sorted by arrival."""
    count, team = 0, None
    cases: list[tuple[float, float, float | None, float | None]] = []
    for team_id, *case in waits.first_response_rows(since=since, until=until):
        if team_id != team:
            count += fairness.overtaken_in_team(cases)
            team, cases = team_id, []
        arrived, due, answered, finished = case
        cases.append((arrived, due, answered, finished))
    return count + fairness.overtaken_in_team(cases)


def fairness_report(*, since: datetime, until: datetime) -> FairnessReport:
    found = waits.segments(since=since, until=until)
    expedites = Expedite.objects.filter(at__gte=since, at__lt=until)
    by_agent = expedites.values_list("agent__username").annotate(n=Count("id")).order_by()
    by_segment: Counter[tuple[str, str]] = Counter()
    for dimension, column in (
        ("channel", "case__channel"),
        ("language", "case__customer__language"),
    ):
        for value, n in expedites.values_list(column).annotate(n=Count("id")).order_by():
            by_segment[(dimension, value)] += n
    return FairnessReport(
        since=since,
        until=until,
        # Every case is in exactly one segment of each dimension.
        cases=sum(s.cases for s in found if s.dimension == fairness.DIMENSIONS[0]),
        segments=found,
        ratio=fairness.ratio(found),
        overtaken=_overtaken(since, until),
        expedites_by_agent=sorted(by_agent),
        expedites_by_segment=[(d, v, n) for (d, v), n in sorted(by_segment.items())],
    )


def calibration(*, since: datetime, until: datetime) -> eta.Calibration:
    rows = Prediction.objects.filter(made_at__gte=since, made_at__lt=until).values_list(
        "made_at", "predicted_at", "case__first_response_at"
    )
    return eta.calibration_of(rows)
