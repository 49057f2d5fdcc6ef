"""The fairness report and the ETA calibration, read from cases, promises and expedites."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from fairdesk.cases.models import Case
from fairdesk.promises.models import Kind, Promise
from fairdesk.queues import fairness
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


def _rows(since: datetime, until: datetime) -> list[fairness.Served]:
    cases = Case.objects.filter(created_at__gte=since, created_at__lt=until, merged_into=None)
    values = cases.values_list(
        "pk",
        "team_id",
        "channel",
        "customer__language",
        "customer__organisation_id",
        "category__path",
        "created_at",
        "first_response_at",
        "resolved_at",
    )
    due = dict(
        Promise.objects.filter(case__in=cases.values("pk"), kind=Kind.FIRST_RESPONSE).values_list(
            "case_id", "due_at"
        )
    )
    return [
        fairness.Served(
            team_id=team,
            segments={
                "channel": channel,
                "language": language,
                "customer_type": "business" if organisation else "private",
                "category": (path or "").split(" > ")[0],
            },
            arrived=created,
            first_due=due.get(pk),
            first_response=first,
            resolved=resolved,
        )
        for pk, team, channel, language, organisation, path, created, first, resolved in values
    ]


def fairness_report(*, since: datetime, until: datetime) -> FairnessReport:
    rows = _rows(since, until)
    found = fairness.segments(rows)
    expedites = Expedite.objects.filter(at__gte=since, at__lt=until)
    by_agent = Counter(expedites.values_list("agent__username", flat=True))
    by_segment: Counter[tuple[str, str]] = Counter()
    for channel, language in expedites.values_list("case__channel", "case__customer__language"):
        by_segment[("channel", channel)] += 1
        by_segment[("language", language)] += 1
    return FairnessReport(
        since=since,
        until=until,
        cases=len(rows),
        segments=found,
        ratio=fairness.ratio(found),
        overtaken=fairness.overtaken(rows),
        expedites_by_agent=sorted(by_agent.items()),
        expedites_by_segment=[(d, v, n) for (d, v), n in sorted(by_segment.items())],
    )


@dataclass(frozen=True)
class Calibration:
    predictions: int
    answered: int
    kept_share: float | None  # answered by the predicted date (target ≥ 0.9)
    sharpness: float | None  # median predicted wait / median actual wait (target ≤ 1.5)


def calibration(*, since: datetime, until: datetime) -> Calibration:
    rows = Prediction.objects.filter(made_at__gte=since, made_at__lt=until).values_list(
        "made_at", "predicted_at", "case__first_response_at"
    )
    predicted, actual, kept, total = [], [], 0, 0
    for made, promised, first in rows:
        total += 1
        if first is None:
            continue
        kept += first <= promised
        predicted.append((promised - made).total_seconds())
        actual.append((first - made).total_seconds())
    answered = len(actual)
    sharp = None
    if answered and sorted(actual)[answered // 2] > 0:
        sharp = sorted(predicted)[answered // 2] / sorted(actual)[answered // 2]
    return Calibration(total, answered, kept / answered if answered else None, sharp)
