"""What the reports need per case, kept in step with the case: one row per case.

The slow reports (response times, contacts, reopens) read these rows instead of walking the
timeline and the business calendar for every case on every request. A case reaction
(`insights.reactions`) refreshes a case's row at the end of every service that touches the
case, inside its transaction; `fairdesk manage backfill_case_figures` fills the rows of
cases written before (or around the services, like the bulk generator).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from fairdesk.cases.models import Case


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

    class Meta:
        verbose_name = _("case figures")
        verbose_name_plural = _("case figures")

    def __str__(self) -> str:
        return f"figures of case {self.case_id}"
