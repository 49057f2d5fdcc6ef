"""The filters every report takes: period, team, category, channel."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fairdesk.cases.models import Channel
from fairdesk.lib import clock
from fairdesk.lib.errors import DomainError

DEFAULT_DAYS = 28
# The years a report may name: a desk's history and near future, and far enough from the
# ends of Python's calendar that a period's edges in any time zone stay inside it.
FIRST_YEAR, LAST_YEAR = 1970, 2999


@dataclass(frozen=True)
class Filters:
    start: date
    end: date  # inclusive
    team_id: int | None = None
    category_id: int | None = None
    channel: str = ""
    # The pks of the cases the reader may see (a subquery), or None for every case.
    visible: Any = None

    @classmethod
    def parse(cls, params) -> Filters:
        """From query parameters (start, end as YYYY-MM-DD; team, category ids; channel)."""
        today = timezone.localdate(clock.now())
        try:
            end = date.fromisoformat(params.get("end") or today.isoformat())
            start = date.fromisoformat(
                params.get("start") or (end - timedelta(days=DEFAULT_DAYS - 1)).isoformat()
            )
            team = int(params["team"]) if params.get("team") else None
            category = int(params["category"]) if params.get("category") else None
        except ValueError:
            raise DomainError(
                _("Dates are YYYY-MM-DD and teams and categories are numbers.")
            ) from None
        if start > end:
            raise DomainError(_("The period must start before it ends."), field="start")
        if start.year < FIRST_YEAR or end.year > LAST_YEAR:
            raise DomainError(
                _("A report's dates lie between %(first)d and %(last)d.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR},
                field="start",
            )
        if (end - start).days > 3 * 366:
            raise DomainError(_("A report covers at most three years."), field="start")
        channel = params.get("channel") or ""
        if channel and channel not in Channel.values:
            raise DomainError(_("Unknown channel %(c)r.") % {"c": channel}, field="channel")
        return cls(start, end, team, category, channel)

    @property
    def since(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def until(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def cases(self, prefix: str = "") -> Q:
        """The cases opened in the period that match (as lookups from `prefix`)."""
        lookups = {
            f"{prefix}created_at__gte": self.since,
            f"{prefix}created_at__lt": self.until,
            f"{prefix}merged_into__isnull": True,
        }
        if self.team_id:
            lookups[f"{prefix}team_id"] = self.team_id
        if self.category_id:
            lookups[f"{prefix}category_id"] = self.category_id
        if self.channel:
            lookups[f"{prefix}channel"] = self.channel
        if self.visible is not None:
            lookups[f"{prefix}pk__in"] = self.visible
        return Q(**lookups)

    def figures(self, *, period: bool = True) -> Q:
        """The same cases as lookups on their figures rows (insights.CaseFigures), which copy
        the case's filter columns: no join with the case table."""
        lookups: dict[str, Any] = {"merged": False}
        if period:
            lookups |= {"created_at__gte": self.since, "created_at__lt": self.until}
        if self.team_id:
            lookups["team_id"] = self.team_id
        if self.category_id:
            lookups["category_id"] = self.category_id
        if self.channel:
            lookups["channel"] = self.channel
        if self.visible is not None:
            lookups["case_id__in"] = self.visible
        return Q(**lookups)

    def seen_by(self, visible: Any) -> Filters:
        """These filters limited to the cases `visible` (None: every case)."""
        return replace(self, visible=visible)

    def query(self) -> str:
        """As query parameters again (for the CSV link)."""
        parts = [f"start={self.start}", f"end={self.end}"]
        if self.team_id:
            parts.append(f"team={self.team_id}")
        if self.category_id:
            parts.append(f"category={self.category_id}")
        if self.channel:
            parts.append(f"channel={self.channel}")
        return "&".join(parts)
