"""What the reports need per case, kept in step with the case: one row per case, and the
cases opened and finished per day.

The slow reports (response times, contacts, reopens, backlog) read these rows instead of
walking the timeline and the business calendar for every case on every request, and without
joining the case table: each row carries the case's filter columns (opened when, team,
category, channel, merged or not, finished when). A case reaction (`insights.reactions`)
refreshes a case's row at the end of every service that touches the case, inside its
transaction, and moves the day counts by the difference; `fairdesk manage
backfill_case_figures` fills the rows of cases written before (or around the services, like
the bulk generator) and rebuilds the day counts.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from fairdesk.accounts.models import Team
from fairdesk.cases.models import Case, Category, Channel


class CaseFigures(models.Model):
    case = models.OneToOneField(
        Case, primary_key=True, on_delete=models.CASCADE, related_name="figures"
    )
    # Customer messages and calls on the case's timeline (the six-contact odyssey).
    contacts = models.PositiveIntegerField(default=0)
    handoffs = models.PositiveIntegerField(default=0)
    # Finished (resolved or closed) and then open again, at least once.
    reopened = models.BooleanField(default=False)
    # Business seconds on the calendar of the case's policy (wall-clock without one).
    first_response_seconds = models.FloatField(null=True, blank=True)
    resolution_seconds = models.FloatField(null=True, blank=True)
    refreshed_at = models.DateTimeField()
    # Copies of the case's columns the reports filter by, so they never join the case table.
    created_at = models.DateTimeField()
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    merged = models.BooleanField(default=False)
    # Resolved at; for a case closed without a resolution, when it was last changed.
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("case figures")
        verbose_name_plural = _("case figures")
        indexes = [models.Index(fields=["created_at", "team"], name="figures_created_team")]

    def __str__(self) -> str:
        return f"figures of case {self.case_id}"


class DayCount(models.Model):
    """Cases opened and finished on a day (in TIME_ZONE) per team, category and channel,
    merged cases left out: the backlog and reopen reports sum these instead of counting
    cases."""

    day = models.DateField()
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    # The category's id, 0 without one: a unique key needs a value to compare.
    category_key = models.PositiveIntegerField(default=0)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    opened = models.IntegerField(default=0)
    finished = models.IntegerField(default=0)
    # Of the cases opened that day: how many are finished now, and how many came back (the
    # reopen rate reads these).
    done = models.IntegerField(default=0)
    back = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("cases per day")
        verbose_name_plural = _("cases per day")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "team", "category_key", "channel"], name="day_count_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} team {self.team_id}: +{self.opened} -{self.finished}"
