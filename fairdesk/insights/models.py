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
from fairdesk.insights.spans import Span


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


class Measure(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("first response")
    RESOLUTION = "resolution", _("resolution")
    CONTACTS = "contacts", _("contacts")
    HANDOFFS = "handoffs", _("handoffs")


# The measures counted in time bands (insights.bands); the others count their whole number.
TIMED = (Measure.FIRST_RESPONSE, Measure.RESOLUTION)


SPANS = [(Span.DAY.value, _("day")), (Span.WEEK.value, _("week")), (Span.MONTH.value, _("month"))]


class ValueCount(models.Model):
    """How many cases opened in a day, week or month (in TIME_ZONE), per team, category and
    channel, merged cases left out, had each value of a measure: the response-times report
    reads its medians from these (times counted in bands, `insights.bands`), the contacts
    report its spreads (whole numbers), instead of reading every case of the period."""

    span = models.CharField(max_length=1, choices=SPANS)
    day = models.DateField()  # the span's first day
    measure = models.CharField(max_length=16, choices=Measure.choices)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    # The category's id, 0 without one (a unique key needs a value to compare), -1 for the
    # row counting every category.
    category_key = models.IntegerField(default=0)
    # Empty for the row counting every channel.
    channel = models.CharField(max_length=10, blank=True, choices=Channel.choices)
    # The band number of a time (insights.bands), the number itself for a count.
    value = models.IntegerField()
    cases = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("cases per value")
        verbose_name_plural = _("cases per value")
        constraints = [
            models.UniqueConstraint(
                fields=["span", "day", "measure", "team", "category_key", "channel", "value"],
                name="value_count_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.span} {self.day} {self.measure} {self.value}: {self.cases}"
